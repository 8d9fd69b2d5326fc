"""Structured logs without secrets.

One line per record on stderr, JSON in production (LOG_FORMAT=json) and plain text in
development. Every record passes a filter that blanks private-link tokens, badge codes
and email addresses, so logs can be kept and shared without personal data.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time

from flask import Flask, g, request

TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def redact(text: str) -> str:
    return EMAIL.sub("[email]", TOKEN.sub("[token]", text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        for key in ("path", "url"):
            if isinstance(getattr(record, key, None), str):
                setattr(record, key, redact(getattr(record, key)))
        return True


class JsonFormatter(logging.Formatter):
    EXTRA = ("method", "path", "status", "duration_ms", "endpoint")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in self.EXTRA if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Replace our own handler when the factory runs again (tests build many apps).
    for old in [h for h in root.handlers if getattr(h, "_eventapp", False)]:
        root.removeHandler(old)
    handler._eventapp = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))

    if not app.config.get("LOG_REQUESTS"):
        return
    request_log = logging.getLogger("eventapp.request")

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        request_log.info(
            "%s %s %s", request.method, redact(request.path), response.status_code,
            extra={"method": request.method, "path": redact(request.path), "status": response.status_code,
                   "duration_ms": duration, "endpoint": request.endpoint},
        )
        return response
