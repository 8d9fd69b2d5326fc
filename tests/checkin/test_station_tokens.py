"""Station tokens: made by an organiser for one event, shown once, stored hashed, revocable,
accepted by the check-in API as `Authorization: Bearer` without session or CSRF."""

from __future__ import annotations

import hashlib
import re

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.manage import station_tokens as stations
from eventapp.manage.errors import Refusal
from eventapp.models import CheckIn, StationToken
from tests.checkin.helpers import D1, build_world


@pytest.fixture
def app_settings():
    # CSRF on, as in production: a bearer token must not need it, a session still does.
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        token, clear = stations.create_token(world.event, "Wejście A", world.organiser)
        _other, other_clear = stations.create_token(world.other_event, "Inne wejście", world.organiser)
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "bartek": world.bartek.badge_code,
                "token": clear, "token_id": token.id, "other_token": other_clear,
                "organiser_id": world.organiser.id, "event_id": world.event.id}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def scan(client, world, code, scan_id, headers):
    return client.post(f"/api/events/{world['slug']}/checkins?lang=en", headers=headers,
                       json={"scan_id": scan_id, "code": code, "day": D1.isoformat(), "station": "ignored"})


def test_a_token_is_stored_only_as_its_sha256_and_named(app, world):
    with app.app_context():
        row = db.session.get(StationToken, world["token_id"])
        assert row.token_hash == hashlib.sha256(world["token"].encode()).hexdigest()
        assert world["token"] not in {row.token_hash, row.name}
        assert len(world["token"]) >= 40 and row.name == "Wejście A" and row.active


def test_a_token_needs_a_name_of_sensible_length(app, world):
    with app.app_context():
        event = db.session.get(StationToken, world["token_id"]).event
        organiser = db.session.get(StationToken, world["token_id"]).created_by
        with pytest.raises(Refusal) as empty:
            stations.create_token(event, "   ", organiser)
        assert empty.value.field == "name"
        with pytest.raises(Refusal):
            stations.create_token(event, "x" * 65, organiser)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StationToken)) == 2


def test_a_station_token_scans_without_session_or_csrf(app, client, world):
    first = scan(client, world, world["anna"], "t-1", bearer(world["token"]))
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["outcome"] == "checked_in"
    again = scan(client, world, world["anna"], "t-2", bearer(world["token"]))
    body = again.get_json()
    assert body["outcome"] == "already"
    assert body["message"].endswith("by Wejście A.")
    with app.app_context():
        row = db.session.scalar(sa.select(CheckIn))
        assert (row.staff_id, row.station) == (None, "Wejście A")
    api = f"/api/events/{world['slug']}"
    headers = bearer(world["token"])
    assert client.get(f"{api}/counts?day={D1.isoformat()}", headers=headers).get_json()["checked_in"] == 1
    assert client.get(f"{api}/search?day={D1.isoformat()}&q=lis", headers=headers).get_json()["people"]
    assert client.get(f"{api}/attendees?day={D1.isoformat()}", headers=headers).status_code == 200
    undo = client.post(f"{api}/checkins/{row.id}/undo", headers=headers)
    assert undo.status_code == 200 and undo.get_json()["counts"]["checked_in"] == 0
    batch = {"scans": [{"scan_id": "t-3", "code": world["bartek"], "day": D1.isoformat(),
                        "scanned_at": "2026-06-16T07:31:00Z"}]}
    assert client.post(f"{api}/checkins/batch", headers=headers, json=batch
                       ).get_json()["results"][0]["outcome"] == "checked_in"


def test_a_token_may_not_seat_a_walk_in_beyond_capacity(client, world):
    body = {"scan_id": "w-1", "day": D1.isoformat(), "first_name": "Ola", "last_name": "Nowa",
            "email": "ola@example.org", "override_capacity": True}
    response = client.post(f"/api/events/{world['slug']}/walk-ins?lang=en", headers=bearer(world["token"]), json=body)
    assert response.status_code == 403 and response.get_json()["error"] == "override_not_allowed"


def test_anonymous_and_unknown_tokens_get_401(app, client, world):
    anonymous = scan(client, world, world["anna"], "a-1", {})
    assert anonymous.status_code == 401 and anonymous.get_json()["error"] == "unauthorised"
    unknown = scan(client, world, world["anna"], "a-2", bearer("not-a-real-token"))
    assert unknown.status_code == 401
    assert client.get(f"/api/events/{world['slug']}/counts?day={D1.isoformat()}",
                      headers=bearer("")).status_code == 401
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_a_revoked_token_and_another_events_token_get_403(app, client, world):
    other = scan(client, world, world["anna"], "x-1", bearer(world["other_token"]))
    assert other.status_code == 403 and other.get_json()["error"] == "forbidden"
    with app.app_context():
        token = db.session.get(StationToken, world["token_id"])
        stations.revoke(token.event, token.id, token.created_by)
    revoked = scan(client, world, world["anna"], "x-2", bearer(world["token"]))
    assert revoked.status_code == 403 and revoked.get_json()["error"] == "token_revoked"
    assert revoked.get_json()["message"] == "This station token was revoked."
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_a_session_still_needs_its_csrf_token(client, world):
    page = client.get("/auth/login")
    assert page.status_code == 200
    # The login form carries the session's CSRF token; sign in with it.
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post("/auth/login", data={"email": "bramka@example.org", "password": "secret-password-1",
                                     "csrf_token": csrf})
    missing = scan(client, world, world["anna"], "c-1", {})
    assert missing.status_code == 400 and missing.get_json()["error"] == "csrf_failed"
    assert scan(client, world, world["anna"], "c-2", {"X-CSRFToken": csrf}).status_code == 201


def test_the_openapi_document_describes_the_bearer_scheme(client):
    document = client.get("/api/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["stationToken"] == {
        "type": "http", "scheme": "bearer",
        "description": "A station token of the event in the URL; revocable, check-in only"}
    operation = document["paths"]["/api/events/{slug}/checkins"]["post"]
    assert {"stationToken": []} in operation["security"]
    assert "revoked" in operation["responses"]["403"]["description"]
