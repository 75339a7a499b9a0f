# The gateway as a container:
#   docker build -t tmdbfusion . && docker run -p 8000:8000 -e TMDB_READ_ACCESS_TOKEN=... tmdbfusion
# Without a credential it serves the embedded demo dataset. Every setting is an environment
# variable (README, Configuration); `docker-compose.yml` runs two replicas behind nginx with Redis.

# Stage 1: GraphiQL's browser code, from ui/package-lock.json, with the Makefile's commands.
FROM node:20-slim AS graphiql
WORKDIR /src
COPY ui/package.json ui/package-lock.json ui/.npmrc ui/build.mjs ui/
RUN npm ci --prefix ui --ignore-scripts --no-audit --no-fund --loglevel=error \
    && node ui/build.mjs gateway/graphiql/static

# Stage 2: the runtime, with no build tools.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway gateway
COPY schema schema
COPY tmdbfusion tmdbfusion
COPY --from=graphiql /src/gateway/graphiql/static gateway/graphiql/static
# Installed, not run from the sources, which are removed so that only one copy exists.
RUN pip install --no-cache-dir . \
    && rm -rf /app/gateway /app/schema /app/tmdbfusion /app/build /app/*.egg-info \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin tmdbfusion
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request as r; r.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["tmdbfusion", "serve", "--host", "0.0.0.0", "--port", "8000"]
