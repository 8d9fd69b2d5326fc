"""The one task queue for all background work and its schedule (Huey).

Features declare their work with `@task()` or `@periodic_task(crontab(...))` beside their
services; each task runs in a fresh application context with its own database session.
Which storage holds the queue is one setting, TASK_QUEUE_URL (see `storage.py`); the
testing config runs every task at once inside the caller (TASK_QUEUE_IMMEDIATE).

The queue only carries work; the record of what must happen (an outbox row, a mailing, a
certificate batch) is written in the database in the same transaction as the change, so a
task lost with a crashed process is found again by the periodic sweep.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.api import TaskWrapper
from huey.storage import MemoryStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventapp.tasks.storage import storage_for

log = logging.getLogger(__name__)

__all__ = ["crontab", "enqueue", "enqueue_after_commit", "huey", "init_app", "periodic_task", "task"]

# Tasks register on this instance at import time; `init_app` gives it its storage.
# results=False: nobody waits for a task's return value (progress lives in the database).
huey = Huey("eventapp", results=False, immediate=True, utc=True, storage_class=MemoryStorage)
_state: dict[str, Flask] = {}
# Session.info key: tasks to enqueue once the transaction commits.
_AFTER_COMMIT = "tasks_after_commit"


def init_app(app: Flask) -> None:
    """Point the queue at the storage TASK_QUEUE_URL names (the last app built wins)."""
    immediate = bool(app.config.get("TASK_QUEUE_IMMEDIATE"))
    huey.immediate = immediate
    if not immediate:
        huey.storage = storage_for(app.config["TASK_QUEUE_URL"], name=huey.name)
    _state["app"] = app
    app.extensions["huey"] = huey


def _app() -> Flask:
    # In immediate mode a task runs inside the caller: the caller's app. In a worker thread
    # there is no context: the app `flask worker` was started with.
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    return _state["app"]


def _in_app_context(func: Callable) -> Callable:
    @functools.wraps(func)
    def run(*args, **kwargs):
        from eventapp.extensions import db

        with _app().app_context():
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()

    return run


def task(**options) -> Callable[[Callable], TaskWrapper]:
    """A background task: `f(...)` enqueues, `f.call_local(...)` runs it here and now."""

    def decorate(func: Callable) -> TaskWrapper:
        return huey.task(**options)(_in_app_context(func))

    return decorate


def periodic_task(validate_datetime: Callable, **options) -> Callable[[Callable], TaskWrapper]:
    """A task the worker runs on a schedule (`crontab(minute="*")`: every minute)."""

    def decorate(func: Callable) -> TaskWrapper:
        return huey.periodic_task(validate_datetime, **options)(_in_app_context(func))

    return decorate


def enqueue(task_wrapper: TaskWrapper, *args, delay: float = 0) -> None:
    """Enqueue a task, `delay` seconds from now. In immediate mode work due now runs at once and
    work for later is left out, as periodic tasks are: a test calls it when it means to."""
    if delay <= 0:
        task_wrapper(*args)
    elif not huey.immediate:
        task_wrapper.schedule(args, delay=delay)


def enqueue_after_commit(task_wrapper: TaskWrapper, *args, delay: float = 0) -> None:
    """Enqueue a task when the current transaction commits (never for one rolled back);
    the same task with the same arguments goes once per transaction."""
    from eventapp.extensions import db

    pending = db.session.info.setdefault(_AFTER_COMMIT, {})
    pending.setdefault((task_wrapper.name, args), (task_wrapper, args, delay))


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    if session.in_nested_transaction():  # only a SAVEPOINT released: wait for the real commit
        return
    for task_wrapper, args, delay in session.info.pop(_AFTER_COMMIT, {}).values():
        try:
            enqueue(task_wrapper, *args, delay=delay)
        except Exception:  # the queue is down: the database still says what is to be done  # noqa: BLE001
            log.exception("could not enqueue %s%r; the periodic sweep will catch up", task_wrapper.name, args)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(_AFTER_COMMIT, None)
