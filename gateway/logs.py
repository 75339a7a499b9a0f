"""Logging set-up, with the one guarantee that matters: no credential reaches a log line.

Plain text by default; with ``TMDBFUSION_LOG_FORMAT=json`` one JSON object per line (``time``,
``level``, ``logger``, ``message``, ``request_id``, and ``exc_info`` when there is a trace).
Every line written while a GraphQL request is served carries that request's id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Final

import msgspec

from gateway.config import LOG_FORMATS
from gateway.requestid import REQUEST_ID

REDACTED = "[redacted]"
TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Rewrites a record whose rendered message contains a secret (a v3 key rides in URLs)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            record.msg, record.args = self._redact(message), None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when set, so the traceback is rendered once, redacted.
            record.exc_text = self._redact(_FORMATTER.formatException(record.exc_info))
        # A client chooses its request id; it could be anything sane, a key included.
        request_id = getattr(record, "request_id", None)
        if request_id and any(s in request_id for s in self._secrets):
            record.request_id = self._redact(request_id)
        return True

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


_FORMATTER = logging.Formatter()


class WithRequestId(logging.Filter):
    """Gives each record the id of the GraphQL request being served, or None outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


_encode: Final = msgspec.json.Encoder().encode


class JSONFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback's newlines are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc_info"] = record.exc_text
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return _encode(line).decode()


class _GatewayHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler the gateway installs itself, told apart from one its host configured."""


def configure_logging(
    secrets: Iterable[str], level: int = logging.INFO, log_format: str = "text"
) -> None:
    """Idempotent: each uvicorn worker process calls it again from the app factory.

    A process whose logging is already configured (by an embedding application, or pytest)
    keeps its handlers and formats; they only gain the request id and the redaction.
    """
    if log_format not in LOG_FORMATS:
        raise ValueError(f"log format {log_format!r} is not one of {', '.join(LOG_FORMATS)}")
    root = logging.getLogger()
    if not root.handlers or all(isinstance(h, _GatewayHandler) for h in root.handlers):
        for replaced in list(root.handlers):
            root.removeHandler(replaced)
        ours = _GatewayHandler()
        ours.setFormatter(
            JSONFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
        )
        root.addHandler(ours)
        root.setLevel(level)
    # httpx logs every request URL at INFO; with a v3 key that URL carries the credential.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactSecrets(secrets)
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets | WithRequestId)]:
            handler.removeFilter(old)
        # In this order: the redaction sees the request id.
        handler.addFilter(WithRequestId())
        handler.addFilter(redact)
