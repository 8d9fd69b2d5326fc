"""TASK_QUEUE_URL chooses where the queue lives; each storage carries a task there and back."""

from __future__ import annotations

import pytest
import redis
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from eventapp.tasks.storage import storage_for


def _round_trip(storage) -> bytes | None:
    storage.flush_queue()
    storage.enqueue(b"task", 0)
    try:
        return storage.dequeue()
    finally:
        storage.flush_queue()


def test_sqlite_is_the_default_kind_and_needs_a_file(tmp_path):
    storage = storage_for(f"sqlite:///{tmp_path / 'tasks.sqlite'}")
    assert isinstance(storage, SqliteStorage) and _round_trip(storage) == b"task"
    with pytest.raises(ValueError, match="must name a file"):
        storage_for("sqlite://")


def test_redis_storage_on_its_own_database_number():
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/1").ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    storage = storage_for("redis://127.0.0.1:6379/1", name="eventapp-test-storage")
    assert isinstance(storage, RedisStorage) and _round_trip(storage) == b"task"


def test_postgresql_storage_takes_tasks_with_skip_locked(postgres_url):
    storage = storage_for(postgres_url, name="eventapp-test-storage")
    assert storage.for_update == "FOR UPDATE SKIP LOCKED" and _round_trip(storage) == b"task"
    storage.close()


def test_an_unknown_storage_is_refused():
    with pytest.raises(ValueError, match="unknown storage"):
        storage_for("amqp://127.0.0.1/")


def test_the_testing_config_runs_tasks_at_once(app):
    huey: Huey = app.extensions["huey"]
    assert huey.immediate
