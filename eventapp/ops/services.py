"""Is the app able to serve? (The database answers.)"""

from __future__ import annotations

import logging
import time

from sqlalchemy import text

from eventapp.extensions import db

log = logging.getLogger(__name__)


def database_health() -> tuple[bool, dict]:
    """Run a trivial query; report the backend and how long it took, or that it failed."""
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception as error:  # any failure means "not healthy"; the reason goes to the log
        db.session.rollback()
        log.error("health check: database unavailable: %s", type(error).__name__)
        return False, {"backend": db.engine.dialect.name, "ok": False}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return True, {"backend": db.engine.dialect.name, "ok": True, "latency_ms": elapsed_ms}
