"""A re-scan, a retried scan, a search and the door's lists only read: on SQLite they take no
write lock (they answer while another connection holds it), on PostgreSQL they send no
write statement (they run in autocommit, so no transaction is left open either) and any
transaction committed along the way was never given a transaction id."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from tests.checkin.helpers import D1, build_world
from tests.conftest import login

WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "anna_id": world.anna.id,
                "celina": world.celina.badge_code}


class Recorder:
    """Every statement sent, and on PostgreSQL the transaction id (if any) of each commit."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []
        self.xids: list = []

    def statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    def commit(self, conn) -> None:
        if conn.dialect.name == "postgresql":
            self.xids.append(conn.exec_driver_sql("SELECT txid_current_if_assigned()").scalar())

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self.statement)
        sa.event.listen(self.engine, "commit", self.commit)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self.statement)
        sa.event.remove(self.engine, "commit", self.commit)

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(WRITES) or "FOR UPDATE" in s.upper()]


def read_only_requests(client, world) -> list:
    api = f"/api/events/{world['slug']}"
    day = D1.isoformat()
    return [
        client.post(f"{api}/checkins", json={"scan_id": "again", "code": world["anna"], "day": day}),
        client.post(f"{api}/checkins", json={"scan_id": "first", "code": world["anna"], "day": day}),
        client.post(f"{api}/checkins", json={"scan_id": "refused", "code": world["celina"], "day": day}),
        client.get(f"{api}/search", query_string={"day": day, "q": "łukasiewicz"}),
        client.get(f"{api}/attendees", query_string={"day": day}),
        client.get(f"{api}/counts", query_string={"day": day}),
    ]


def test_a_rescan_a_retry_a_search_and_the_lists_write_nothing(app, client, world):
    login(client, "bramka@example.org")
    with app.app_context():
        engine = db.engine
    api = f"/api/events/{world['slug']}"
    with Recorder(engine) as first:
        assert client.post(f"{api}/checkins", json={"scan_id": "first", "code": world["anna"],
                                                    "day": D1.isoformat()}).status_code == 201
    # The capture sees a real write.
    assert first.writes

    with Recorder(engine) as recorder:
        answers = read_only_requests(client, world)
    assert [a.status_code for a in answers] == [200] * 6
    assert [a.get_json().get("outcome") for a in answers[:3]] == ["already", "checked_in", "cancelled"]
    assert answers[1].get_json()["replayed"] is True
    assert answers[3].get_json()["people"][0]["name"] == "Anna Łukasiewicz"
    assert recorder.writes == []
    if engine.dialect.name == "postgresql":
        # Any transaction that was opened and committed never got a transaction id.
        assert all(xid is None for xid in recorder.xids)


def test_on_sqlite_they_answer_while_another_connection_holds_the_write_lock(app, client, world):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's database-wide write lock")
        path = db.engine.url.database
    login(client, "bramka@example.org")
    api = f"/api/events/{world['slug']}"
    assert client.post(f"{api}/checkins", json={"scan_id": "first", "code": world["anna"],
                                                "day": D1.isoformat()}).status_code == 201
    writer = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        answers = read_only_requests(client, world)
        assert [a.status_code for a in answers] == [200] * 6
        writer.execute("ROLLBACK")
    finally:
        writer.close()
