"""Everyday work at the door: today's events first, early scans warned but recorded, undo
naming the person, offline conflicts keeping the code that was scanned."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventapp.auth.services import grant
from eventapp.extensions import db
from eventapp.models import Account, EventRoleKind, ItemKind, utcnow
from tests.checkin.helpers import D1, build_world
from tests.conftest import login
from tests.factories import local, make_event, make_item, make_registration


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        staff = db.session.get(Account, world.staff.id)
        today = utcnow().astimezone(world.event.tz).date()
        ongoing = make_event(slug="dzisiaj", title="Dzisiejsze forum", start_date=today - timedelta(days=1),
                             end_date=today + timedelta(days=1))
        coming = make_event(slug="wkrotce", title="Forum za tydzień", start_date=today + timedelta(days=7),
                            end_date=today + timedelta(days=7))
        later = make_event(slug="pozniej", title="Forum za miesiąc", start_date=today + timedelta(days=30))
        workshop = make_item(ongoing, local(today + timedelta(days=1), 11), title="Warsztat jutro",
                             kind=ItemKind.WORKSHOP)
        for event in (ongoing, coming, later):
            grant(staff, event, EventRoleKind.STAFF)
        people = {name: make_registration(event, first_name=name).badge_code
                  for name, event in (("Ola", coming), ("Piotr", ongoing), ("Rafał", ongoing))}
        db.session.commit()
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "people": people, "today": today,
                "workshop": workshop.id}


def scan(client, slug, code, scan_id, day, **extra):
    return client.post(f"/api/events/{slug}/checkins?lang=en",
                       json={"scan_id": scan_id, "code": code, "day": day.isoformat(), **extra})


def test_todays_events_come_first_then_those_to_come_then_past_ones(client, world):
    login(client, "bramka@example.org")
    page = client.get("/checkin/?lang=en").get_data(as_text=True)
    order = [page.index(f'href="/checkin/{slug}/"') for slug in ("dzisiaj", "wkrotce", "pozniej", world["slug"])]
    assert order == sorted(order)
    assert page.count("<strong>Today</strong>") == 1


def test_a_scan_before_the_door_opens_is_recorded_with_a_warning(client, world):
    login(client, "bramka@example.org")
    day = world["today"] + timedelta(days=7)
    early = scan(client, "wkrotce", world["people"]["Ola"], "e-1", day)
    assert early.status_code == 201
    body = early.get_json()
    assert body["outcome"] == "checked_in"
    assert body["warning"].startswith("Early: this is the check-in for ")
    page = client.get("/checkin/wkrotce/?lang=en").get_data(as_text=True)
    assert 'id="early-warning"' in page and "Scans are recorded all the same." in page

    # A workshop tomorrow at an event that is on today: early too.
    workshop = scan(client, "dzisiaj", world["people"]["Piotr"], "e-2", world["today"] + timedelta(days=1),
                    item_id=world["workshop"]).get_json()
    assert workshop["outcome"] == "checked_in" and workshop["warning"].startswith("Early: Warsztat jutro starts at")
    # Today's door of an event that is on: no warning.
    on_time = scan(client, "dzisiaj", world["people"]["Rafał"], "e-3", world["today"]).get_json()
    assert on_time["outcome"] == "checked_in" and on_time["warning"] is None
    assert 'id="early-warning"' not in client.get("/checkin/dzisiaj/").get_data(as_text=True)


def test_undo_says_whose_check_in_it_undid(client, world):
    login(client, "bramka@example.org")
    checkin_id = scan(client, world["slug"], world["anna"], "u-1", D1).get_json()["checkin"]["id"]
    body = client.post(f"/api/events/{world['slug']}/checkins/{checkin_id}/undo?lang=en").get_json()
    assert body["title"] == "Check-in undone"
    assert body["person"]["name"] == "Anna Łukasiewicz"


def test_an_offline_conflict_keeps_the_code_that_was_scanned(client, world):
    login(client, "bramka@example.org")
    unknown = "x" * 32
    batch = {"scans": [
        {"scan_id": "o-1", "code": unknown, "day": D1.isoformat(), "scanned_at": "2026-06-16T07:31:00Z"},
        {"scan_id": "o-2", "code": f"https://example.org/badge/{world['people']['Ola']}", "day": D1.isoformat(),
         "scanned_at": "2026-06-16T07:32:00Z"},
    ]}
    results = client.post(f"/api/events/{world['slug']}/checkins/batch", json=batch).get_json()["results"]
    assert [r["outcome"] for r in results] == ["unknown", "other_event"]
    conflicts = client.get(f"/api/events/{world['slug']}/conflicts").get_json()["conflicts"]
    assert [(c["kind"], c["code"]) for c in conflicts] == [("unknown", unknown),
                                                           ("other_event", world["people"]["Ola"])]


def test_search_marks_cancelled_registrations(client, world):
    login(client, "bramka@example.org")
    people = client.get(f"/api/events/{world['slug']}/search",
                        query_string={"day": D1.isoformat(), "q": "zając"}).get_json()["people"]
    assert [(p["name"], p["state"]) for p in people] == [("Celina Zając", "cancelled")]
