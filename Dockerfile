# The gateway as a container: `docker build -t tmdbfusion . && docker run -p 8000:8000 tmdbfusion`
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway gateway
COPY schema schema
RUN pip install --no-cache-dir . && useradd --system tmdbfusion
USER tmdbfusion
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["tmdbfusion", "serve", "--host", "0.0.0.0", "--port", "8000"]
