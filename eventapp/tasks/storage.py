"""TASK_QUEUE_URL -> a Huey storage.

- ``sqlite:///path`` (the default, ``instance/tasks.sqlite``): SqliteStorage, a file, no server.
- ``redis://host:port/db``: RedisStorage (needs the ``redis`` package, already a dependency).
- ``postgresql://user:pass@host/db``: Huey's SqlStorage (huey.contrib.sql_huey) on peewee, which
  takes tasks with ``SELECT … FOR UPDATE SKIP LOCKED``; it drives psycopg 3 when psycopg2 is absent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from huey.storage import BaseStorage, RedisStorage, SqliteStorage


def storage_for(url: str, name: str = "eventapp") -> BaseStorage:
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    if scheme == "sqlite":
        path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else ""
        if not path:
            raise ValueError("TASK_QUEUE_URL for SQLite must name a file: sqlite:////absolute/path.sqlite")
        # WAL lets the web processes enqueue while the worker reads; wait up to 10 s for a lock.
        return SqliteStorage(name=name, filename=path, cache_mb=8, fsync=False, timeout=10)
    if scheme in ("redis", "rediss", "unix"):
        return RedisStorage(name=name, url=url)
    if scheme in ("postgres", "postgresql"):
        from huey.contrib.sql_huey import SqlStorage

        return SqlStorage(name=name, database="postgresql://" + url.split("://", 1)[1])
    raise ValueError(f"TASK_QUEUE_URL: unknown storage {scheme!r} (use sqlite:///, redis:// or postgresql://)")
