"""The check-in JSON API through HTTP: answers, errors, the OpenAPI document and every refusal."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eventapp.extensions import Base, db
from eventapp.models import CheckIn, CheckInConflict, EventStatus, Registration, RegistrationStatus
from tests.checkin.helpers import D1, D2, build_world
from tests.conftest import login
from tests.factories import make_event


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        ids = {
            "slug": world.event.slug, "anna": world.anna.badge_code, "anna_id": world.anna.id,
            "bartek": world.bartek.badge_code, "celina": world.celina.badge_code,
            "stranger": world.stranger.badge_code, "workshop": world.workshop.id, "lecture": world.lecture.id,
            "bartek_id": world.bartek.id,
        }
    return ids


def url(world, path):
    return f"/api/events/{world['slug']}{path}"


def scan(client, world, code, scan_id, **extra):
    body = {"scan_id": scan_id, "code": code, "day": D1.isoformat(), **extra}
    return client.post(url(world, "/checkins?lang=en"), json=body)


def row_counts(app):
    with app.app_context():
        return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}


def test_staff_checks_a_badge_in_and_a_second_scan_says_already(app, client, world):
    login(client, "bramka@example.org")
    first = scan(client, world, world["anna"], "st1-1", station="wejście-1")
    assert first.status_code == 201
    body = first.get_json()
    assert (body["outcome"], body["title"], body["person"]["name"]) == ("checked_in", "Checked in",
                                                                       "Anna Łukasiewicz")
    assert body["person"]["organisation"] == "Fundacja Łąka"
    assert client.get(url(world, f"/counts?day={D1.isoformat()}")).get_json() == {"checked_in": 1, "expected": 3}

    again = scan(client, world, world["anna"], "st1-2")
    assert again.status_code == 200
    body = again.get_json()
    assert body["outcome"] == "already" and body["title"] == "Already checked in"
    assert re.fullmatch(r"Checked in at \d\d:\d\d by Marta Bramka\.", body["message"])
    assert body["checkin"]["by"] == "Marta Bramka" and body["checkin"]["station"] == "wejście-1"

    retry = scan(client, world, world["anna"], "st1-1")
    assert retry.status_code == 200 and retry.get_json()["replayed"] is True
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_answers_are_in_polish_by_default(client, world):
    login(client, "bramka@example.org")
    body = client.post(url(world, "/checkins"), json={"scan_id": "p1", "code": world["celina"],
                                                      "day": D1.isoformat()}).get_json()
    assert body["outcome"] == "cancelled"
    assert body["title"] == "Rejestracja anulowana"


def test_a_link_read_from_a_qr_code_is_reduced_to_its_badge_code(client, world):
    login(client, "bramka@example.org")
    response = scan(client, world, f"https://example.org/badge/{world['bartek']}?x=1", "q1", source="camera")
    assert response.status_code == 201


def test_workshop_door_and_search_checkin(app, client, world):
    login(client, "organizator@example.org")
    answer = client.post(url(world, "/checkins?lang=en"),
                         json={"scan_id": "w1", "code": world["bartek"], "item_id": world["workshop"]})
    assert answer.get_json()["outcome"] == "not_signed_up_for_item"
    found = client.get(url(world, f"/search?q=LUKASIEWICZ&item_id={world['workshop']}")).get_json()["people"]
    assert [p["name"] for p in found] == ["Anna Łukasiewicz"] and found[0]["email"] == "anna@laka.org.pl"
    answer = client.post(url(world, "/checkins?lang=en"),
                         json={"scan_id": "w2", "registration_id": found[0]["registration_id"],
                               "item_id": world["workshop"]})
    body = answer.get_json()
    assert answer.status_code == 201 and body["workshop"] == "Warsztat: budżet projektu"
    counts = client.get(url(world, f"/counts?item_id={world['workshop']}")).get_json()
    assert counts == {"checked_in": 1, "expected": 1}


def test_undo_through_the_api(app, client, world):
    login(client, "bramka@example.org")
    checkin_id = scan(client, world, world["anna"], "u1").get_json()["checkin"]["id"]
    response = client.post(url(world, f"/checkins/{checkin_id}/undo"))
    assert response.status_code == 200
    assert response.get_json()["checkin"]["undone"] is True
    assert response.get_json()["counts"]["checked_in"] == 0
    assert client.post(url(world, "/checkins/999999/undo")).status_code == 404
    with app.app_context():
        row = db.session.get(CheckIn, checkin_id)
        assert row.undone_at is not None


@pytest.mark.parametrize("body, status, code", [
    ({"code": "x", "day": D1.isoformat()}, 400, "invalid_request"),
    ({"scan_id": "a", "day": D1.isoformat()}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x", "registration_id": 1, "day": D1.isoformat()}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x"}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x", "day": "16.06.2026"}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x", "day": D1.isoformat(), "scanned_at": "2026-06-16T10:00"}, 400,
     "invalid_request"),
    ({"scan_id": "a" * 65, "code": "x", "day": D1.isoformat()}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x", "day": D1.isoformat(), "source": "offline"}, 400, "invalid_request"),
    ({"scan_id": "a", "code": "x", "day": "2026-01-01"}, 404, "no_such_door"),
    ({"scan_id": "a", "code": "x", "item_id": 99999}, 404, "no_such_door"),
])
def test_bad_requests_are_answered_with_a_code_and_a_message(app, client, world, body, status, code):
    login(client, "bramka@example.org")
    before = row_counts(app)
    response = client.post(url(world, "/checkins"), json=body)
    assert response.status_code == status
    assert response.get_json()["error"] == code and response.get_json()["message"]
    assert row_counts(app) == before


def test_a_body_that_is_not_json_is_refused(client, world):
    login(client, "bramka@example.org")
    response = client.post(url(world, "/checkins"), data="scan_id=1", content_type="text/plain")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


def test_offline_batch_keeps_times_and_reports_conflicts(app, client, world):
    login(client, "bramka@example.org")
    scan(client, world, world["bartek"], "online-1")
    with app.app_context():
        db.session.get(Registration, world["anna_id"]).status = RegistrationStatus.CANCELLED
        db.session.commit()
    batch = {"station": "wejście-3", "scans": [
        {"scan_id": "o1", "code": world["bartek"], "day": D1.isoformat(), "scanned_at": "2026-06-16T07:31:00Z"},
        {"scan_id": "o2", "code": world["anna"], "day": D1.isoformat(), "scanned_at": "2026-06-16T07:32:00Z"},
        {"scan_id": "o3", "code": world["celina"], "day": D2.isoformat(), "scanned_at": "2026-06-17T07:33:00Z"},
    ]}
    response = client.post(url(world, "/checkins/batch?lang=en"), json=batch)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [(r["outcome"], (r["conflict"] or {}).get("kind")) for r in results] == [
        ("already", "duplicate"), ("cancelled", "cancelled"), ("cancelled", "cancelled")]
    conflicts = client.get(url(world, "/conflicts?lang=en")).get_json()["conflicts"]
    assert [(c["kind"], c["name"], c["scanned_at"]) for c in conflicts] == [
        ("duplicate", "Bartosz Lis", "2026-06-16T07:31:00+00:00"),
        ("cancelled", "Anna Łukasiewicz", "2026-06-16T07:32:00+00:00"),
        ("cancelled", "Celina Zając", "2026-06-17T07:33:00+00:00")]
    assert conflicts[0]["existing_checkin"]["by"] == "Marta Bramka"
    resolved = client.post(url(world, f"/conflicts/{conflicts[0]['id']}/resolve"))
    assert resolved.get_json() == {"id": conflicts[0]["id"], "resolved": True}
    assert len(client.get(url(world, "/conflicts")).get_json()["conflicts"]) == 2
    # A retried upload answers the same and records nothing new.
    assert client.post(url(world, "/checkins/batch?lang=en"), json=batch).get_json()["results"][0]["replayed"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckInConflict)) == 3


def test_batch_limits(client, world):
    login(client, "bramka@example.org")
    assert client.post(url(world, "/checkins/batch"), json={"scans": []}).status_code == 400
    too_many = [{"scan_id": str(i), "code": "x", "day": D1.isoformat(), "scanned_at": "2026-06-16T07:00:00Z"}
                for i in range(501)]
    assert client.post(url(world, "/checkins/batch"), json={"scans": too_many}).status_code == 400
    no_time = [{"scan_id": "1", "code": "x", "day": D1.isoformat()}]
    assert client.post(url(world, "/checkins/batch"), json={"scans": no_time}).status_code == 400


def test_the_attendee_list_then_only_changes(app, client, world):
    login(client, "bramka@example.org")
    first = client.get(url(world, f"/attendees?day={D1.isoformat()}")).get_json()
    assert first["full"] and len(first["people"]) == 5
    assert all(world["anna"] not in str(p) for p in first["people"])
    assert "email" not in first["people"][0]
    scan(client, world, world["anna"], "l1")
    later = client.get(url(world, "/attendees"), query_string={"day": D1.isoformat(), "since": first["cursor"]})
    names = [p["name"] for p in later.get_json()["people"]]
    assert "Anna Łukasiewicz" in names and not later.get_json()["full"]
    assert later.headers["Cache-Control"] == "private, no-store"


def test_the_openapi_document_describes_every_api_route(app, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("checkin.") and rule.rule.startswith("/api/events/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            served |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert served and documented == served
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', response.get_data(as_text=True)))
    assert refs <= set(document["components"]["schemas"])


# --- walk-ins ----------------------------------------------------------------------------

WALK_IN = {"first_name": "Krystyna", "last_name": "Wąsowska", "email": "k.wasowska@example.org",
           "organisation": "Koło Gospodyń Wiejskich", "organisation_type": "ngo"}


def registrations_named(app, last_name):
    with app.app_context():
        return list(db.session.scalars(sa.select(Registration).where(Registration.last_name == last_name)))


def test_a_walk_in_is_registered_checked_in_and_gets_a_badge_link(app, client, world):
    login(client, "bramka@example.org")
    response = client.post(url(world, "/walk-ins?lang=en"), json={**WALK_IN, "scan_id": "wi-1", "day": D1.isoformat()})
    assert response.status_code == 201
    body = response.get_json()
    assert body["outcome"] == "checked_in" and body["person"]["name"] == "Krystyna Wąsowska"
    assert body["counts"] == {"checked_in": 1, "expected": 4}
    [registration] = registrations_named(app, "Wąsowska")
    assert (registration.source.value, registration.status.value) == ("walk_in", "confirmed")
    assert body["registration_id"] == registration.id
    if "badges.desk_badge_pdf" in app.view_functions:
        assert body["badge_url"] == f"/events/{world['slug']}/registrations/{registration.id}/badge.pdf"
    else:
        assert body["badge_url"] is None
    with app.app_context():
        checkin = db.session.scalar(sa.select(CheckIn))
        assert (checkin.registration_id, checkin.source.value) == (registration.id, "walk_in")
    # The station retries (no answer heard): one registration, one check-in.
    again = client.post(url(world, "/walk-ins?lang=en"), json={**WALK_IN, "scan_id": "wi-1", "day": D1.isoformat()})
    assert again.status_code == 201 and again.get_json()["replayed"]
    assert len(registrations_named(app, "Wąsowska")) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_a_full_event_takes_walk_ins_only_with_an_organisers_override(app, client, world):
    with app.app_context():
        from eventapp.models import Event
        db.session.scalar(sa.select(Event).where(Event.slug == world["slug"])).capacity = 3
        db.session.commit()
    body = {**WALK_IN, "scan_id": "wi-2", "day": D1.isoformat()}
    login(client, "bramka@example.org")
    before = row_counts(app)
    full = client.post(url(world, "/walk-ins?lang=en"), json=body)
    assert full.status_code == 409 and full.get_json()["error"] == "event_full"
    refused = client.post(url(world, "/walk-ins?lang=en"), json={**body, "override_capacity": True})
    assert refused.status_code == 403 and refused.get_json()["error"] == "override_not_allowed"
    assert row_counts(app) == before
    client.post("/auth/logout")
    login(client, "organizator@example.org")
    seated = client.post(url(world, "/walk-ins?lang=en"), json={**body, "override_capacity": True})
    assert seated.status_code == 201 and seated.get_json()["outcome"] == "checked_in"


def test_a_cancelled_event_takes_no_walk_ins(app, client, world):
    with app.app_context():
        from eventapp.models import Event, EventStatus
        db.session.scalar(sa.select(Event).where(Event.slug == world["slug"])).status = EventStatus.CANCELLED
        db.session.commit()
    login(client, "organizator@example.org")
    before = row_counts(app)
    body = {**WALK_IN, "scan_id": "wi-4", "day": D1.isoformat(), "override_capacity": True}
    refused = client.post(url(world, "/walk-ins?lang=en"), json=body)
    assert refused.status_code == 409
    assert refused.get_json() == {"error": "event_cancelled",
                                  "message": "This event has been cancelled, so registration is closed."}
    assert row_counts(app) == before


@pytest.mark.parametrize("change, message", [
    ({"email": "nie-adres"}, "Wpisz poprawny adres e-mail."),
    ({"first_name": "  "}, "Uzupełnij pole: Imię."),
    ({"last_name": "x" * 101}, "Pole „Nazwisko” jest za długie."),
    ({"organisation_type": "sekta"}, "Nieznany typ organizacji."),
])
def test_walk_in_mistakes_are_explained_and_nothing_is_written(app, client, world, change, message):
    login(client, "bramka@example.org")
    before = row_counts(app)
    response = client.post(url(world, "/walk-ins"), json={**WALK_IN, "scan_id": "wi-3", "day": D1.isoformat(), **change})
    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid_request", "message": message}
    assert row_counts(app) == before


# --- refusals ----------------------------------------------------------------------------

def api_calls(world):
    day = D1.isoformat()
    scan_body = {"scan_id": "refused-1", "code": world["anna"], "day": day}
    return [
        ("post", "/checkins", scan_body),
        ("post", "/checkins/batch", {"scans": [{**scan_body, "scanned_at": "2026-06-16T07:00:00Z"}]}),
        ("post", "/checkins/{checkin_id}/undo", None),
        ("get", f"/search?q=anna&day={day}", None),
        ("get", f"/counts?day={day}", None),
        ("get", f"/attendees?day={day}", None),
        ("get", "/conflicts", None),
        ("post", "/conflicts/{conflict_id}/resolve", None),
        ("post", "/walk-ins", {**WALK_IN, "scan_id": "refused-2", "day": day}),
        ("post", "/workshop-seats", {"scan_id": "refused-3", "registration_id": world["anna_id"],
                                     "item_id": world["workshop"]}),
    ]


@pytest.fixture
def existing(app, world, client):
    """A live check-in and an open conflict that the refused callers will try to touch."""
    login(client, "bramka@example.org")
    checkin_id = scan(client, world, world["bartek"], "setup-1").get_json()["checkin"]["id"]
    batch = {"scans": [{"scan_id": "setup-2", "code": world["celina"], "day": D1.isoformat(),
                        "scanned_at": "2026-06-16T07:00:00Z"}]}
    conflict_id = client.post(url(world, "/checkins/batch"), json=batch).get_json()["results"][0]["conflict"]["id"]
    client.post("/auth/logout")
    return {"checkin_id": checkin_id, "conflict_id": conflict_id}


def test_the_api_routes_in_the_test_match_the_served_routes(app, world):
    served = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("checkin.") and rule.rule.startswith("/api/events/")}
    called = {"/api/events/<slug>" + re.sub(r"\?.*", "", p).replace("{", "<int:").replace("}", ">")
              for _m, p, _b in api_calls(world)}
    assert called == served


@pytest.mark.parametrize("who, status", [
    (None, 401),
    ("prelegent@example.org", 403),
    ("obcy@example.org", 403),
])
def test_every_api_call_by_an_outsider_is_refused_and_changes_nothing(app, client, world, existing, who, status):
    if who:
        assert login(client, who).status_code in (302, 303)
    before = row_counts(app)
    with app.app_context():
        checkins_before = [(c.id, c.undone_at) for c in db.session.scalars(sa.select(CheckIn))]
    for method, path, body in api_calls(world):
        response = getattr(client, method)(url(world, path.format(**existing)), json=body)
        assert response.status_code == status, (method, path)
        payload = response.get_json()
        assert set(payload) == {"error", "message"}, (method, path)
        assert "Anna" not in response.get_data(as_text=True)
    assert row_counts(app) == before
    with app.app_context():
        assert [(c.id, c.undone_at) for c in db.session.scalars(sa.select(CheckIn))] == checkins_before
        assert db.session.scalar(sa.select(CheckInConflict.resolved_at)) is None


def test_a_draft_event_is_not_found_for_outsiders(app, client, world):
    with app.app_context():
        make_event(slug="szkic-forum", status=EventStatus.DRAFT)
        db.session.commit()
    login(client, "obcy@example.org")
    response = client.get(f"/api/events/szkic-forum/counts?day={D1.isoformat()}")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.get("/api/events/no-such-event/counts?day=2026-06-16").status_code == 404
