"""Database behaviour that must hold on every backend.

SQLite: foreign keys on, WAL so readers do not wait for writers, a busy timeout so
writers queue instead of failing, and every transaction begun IMMEDIATE so that a
read-check-write (capacity, check-in) is serialised the way SELECT … FOR UPDATE
serialises it on PostgreSQL. Work that only reads (a re-scan at the door, a search)
runs inside `reading()`: its transactions begin DEFERRED and take no write lock, and
`start_writing()` ends such a read before the first write so the write begins IMMEDIATE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

_installed = False
_reading: ContextVar[bool] = ContextVar("reading", default=False)


def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event below issue BEGIN instead of the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN" if _reading.get() else "BEGIN IMMEDIATE")


@contextmanager
def reading() -> Iterator[None]:
    """Transactions begun inside are expected to only read: on SQLite a plain (deferred) BEGIN,
    so no write lock is taken. PostgreSQL gives a transaction an id only at its first write."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def autocommit_on_postgresql(session: Session) -> None:
    """Run this session's statements in autocommit on PostgreSQL (call before its first one).

    For requests whose statements are each safe alone (a scan: reads, then one INSERT under
    unique indexes that settle any race): every statement is its own transaction, which
    spares the BEGIN and COMMIT round trips, two of a scan's five. Under READ COMMITTED each
    statement saw its own snapshot anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def start_writing(session: Session) -> None:
    """Call before the first write of work begun inside `reading()`.

    On SQLite a deferred read cannot safely become a write (another writer may have committed
    since its snapshot), so the read is committed, keeping what was loaded, and the next
    statement begins IMMEDIATE. Whatever the read found must then be guarded by the database
    (unique indexes), as a writer may have come in between. On PostgreSQL nothing changes.
    """
    if not _reading.get():
        return
    _reading.set(False)
    if session.in_transaction() and session.get_bind().dialect.name == "sqlite":
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire


def install() -> None:
    """Register the listeners once per process, for every engine the app creates."""
    global _installed
    if _installed:
        return
    event.listen(Engine, "connect", _on_connect)
    event.listen(Engine, "begin", _on_begin)
    _installed = True
