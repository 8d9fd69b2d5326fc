"""PostgreSQL plans of the check-in statements with years of check-ins stored.

200,000 check-ins across 50 other events (on the same day), ANALYZE, then the real
statements of a scan, a re-scan, a search, an offline upload and the attendee list are
captured as the app runs them and each is EXPLAINed with its own parameters: none may read
the whole `checkins` table.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from tests.checkin.helpers import D1, build_world
from tests.conftest import login
from tests.factories import make_event

EVENTS, PEOPLE_PER_EVENT = 50, 4_000


def load_history(engine: sa.Engine) -> None:
    """50 past events with 4,000 people each, every one checked in: 200,000 check-ins."""
    with engine.begin() as conn:
        conn.execute(sa.text("""
            INSERT INTO registrations (event_id, first_name, last_name, email, organisation, organisation_type,
                                       position, language, status, source, manage_token, badge_code,
                                       calendar_token, photo_consent, created_at, updated_at)
            SELECT e.id, 'Osoba', 'Numer ' || g, 'osoba' || g || '@example.org', '', 'ngo', '', 'pl',
                   'confirmed', 'online', md5('m' || e.id || '-' || g), md5('b' || e.id || '-' || g),
                   md5('c' || e.id || '-' || g), false, now(), now()
            FROM events e CROSS JOIN generate_series(1, :people) g
            WHERE e.slug LIKE 'archiwum-%'
        """), {"people": PEOPLE_PER_EVENT})
        conn.execute(sa.text("""
            INSERT INTO checkins (event_id, registration_id, day, item_id, scanned_at, recorded_at, scan_id,
                                  station, source)
            SELECT r.event_id, r.id, e.start_date, NULL, now(), now(), 'archiwum-' || r.id, 'wejście', 'scanner'
            FROM registrations r JOIN events e ON e.id = r.event_id
            WHERE e.slug LIKE 'archiwum-%'
        """))
        conn.execute(sa.text("ANALYZE"))


class Capture:
    """The statements (with their parameters) the app sends while it is on."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []
        self.on = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on and statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append((statement, parameters))


def seq_scans(node: dict) -> list[str]:
    found = []
    if node.get("Node Type") == "Seq Scan":
        found.append(node.get("Relation Name"))
    for child in node.get("Plans", []):
        found.extend(seq_scans(child))
    return found


@pytest.fixture
def history(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("plans are PostgreSQL's")
        for n in range(EVENTS):
            make_event(slug=f"archiwum-{n}", start_date=D1, end_date=D1, capacity=PEOPLE_PER_EVENT)
        world = build_world()
        ids = {"slug": world.event.slug, "anna": world.anna.badge_code, "bartek": world.bartek.badge_code,
               "workshop": world.workshop.id, "anna_id": world.anna.id}
        db.session.commit()
        load_history(db.engine)
        assert db.session.scalar(sa.text("SELECT count(*) FROM checkins")) == EVENTS * PEOPLE_PER_EVENT
    return ids


def test_no_statement_of_the_door_reads_the_whole_checkins_table(app, client, history):
    login(client, "bramka@example.org")
    with app.app_context():
        engine = db.engine
    capture = Capture()
    sa.event.listen(engine, "before_cursor_execute", capture)
    api = f"/api/events/{history['slug']}"
    day = D1.isoformat()
    try:
        capture.on = True
        assert client.post(f"{api}/checkins", json={"scan_id": "s1", "code": history["anna"], "day": day}
                           ).status_code == 201
        assert client.post(f"{api}/checkins", json={"scan_id": "s2", "code": history["anna"], "day": day}
                           ).get_json()["outcome"] == "already"
        assert client.post(f"{api}/checkins", json={"scan_id": "s1", "code": history["anna"], "day": day}
                           ).get_json()["replayed"] is True
        assert client.post(f"{api}/checkins", json={"scan_id": "s3", "registration_id": history["anna_id"],
                                                    "item_id": history["workshop"]}).status_code == 201
        batch = {"station": "wejście-2", "scans": [
            {"scan_id": "o1", "code": history["bartek"], "day": day, "scanned_at": "2026-06-16T07:31:00Z"},
            {"scan_id": "o2", "code": history["anna"], "day": day, "scanned_at": "2026-06-16T07:32:00Z"},
        ]}
        assert client.post(f"{api}/checkins/batch", json=batch).status_code == 200
        first = client.get(f"{api}/attendees?day={day}").get_json()
        assert len(first["people"]) == 5
        assert client.get(f"{api}/attendees", query_string={"day": day, "since": first["cursor"]}).status_code == 200
        assert client.get(f"{api}/search", query_string={"day": day, "q": "lis"}).get_json()["people"]
        assert client.get(f"{api}/counts?day={day}").get_json()["checked_in"] == 2
    finally:
        capture.on = False
        sa.event.remove(engine, "before_cursor_execute", capture)

    touching = [(s, p) for s, p in capture.statements if "checkins" in s]
    assert len(touching) >= 10
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in touching:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            assert "checkins" not in seq_scans(plan[0]["Plan"]), statement
        raw.rollback()
    finally:
        raw.close()
