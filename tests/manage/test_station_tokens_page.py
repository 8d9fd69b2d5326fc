"""The back office's station tokens page: only the event's organisers make, see and revoke
tokens; a new token is shown once; pairing a browser with it opens the station."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Event, EventRoleKind, StationToken
from tests.checkin.helpers import build_world
from tests.conftest import login
from tests.factories import make_account


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "other": world.other_event.slug}


def page(world):
    return f"/manage/events/{world['slug']}/stations?lang=en"


def shown_token(response) -> str:
    return re.search(r'id="new-token"[^>]*value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_an_organiser_makes_a_token_sees_it_once_and_revokes_it(app, client, world):
    login(client, "organizator@example.org")
    empty = client.get(page(world))
    assert empty.status_code == 200 and "No station tokens yet." in empty.get_data(as_text=True)

    made = client.post(page(world), data={"name": "  Wejście   główne "})
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "private, no-store"
    clear = shown_token(made)
    assert "Wejście główne" in made.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(sa.select(StationToken))
        assert row.name == "Wejście główne" and row.token_hash != clear and row.revoked_at is None
        token_id = row.id
    listing = client.get(page(world)).get_data(as_text=True)
    assert "Wejście główne" in listing and clear not in listing and "Working" in listing

    api = f"/api/events/{world['slug']}/counts?day=2026-06-16"
    assert client.get(api, headers={"Authorization": f"Bearer {clear}"}).status_code == 200
    revoked = client.post(f"/manage/events/{world['slug']}/stations/{token_id}/revoke?lang=en")
    assert revoked.status_code == 302
    assert "Revoked" in client.get(page(world)).get_data(as_text=True)
    assert client.get(api, headers={"Authorization": f"Bearer {clear}"}).status_code == 403


def test_a_nameless_token_is_refused_beside_the_field(app, client, world):
    login(client, "organizator@example.org")
    response = client.post(page(world), data={"name": "   "})
    assert response.status_code == 422
    assert "Please name the station." in response.get_data(as_text=True)
    too_long = client.post(page(world), data={"name": "x" * 65})
    assert too_long.status_code == 422 and 'value="' + "x" * 65 in too_long.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StationToken)) == 0


@pytest.mark.parametrize("who", ["bramka@example.org", "prelegent@example.org", "obcy@example.org"])
def test_only_the_events_organisers_reach_the_page(app, client, world, who):
    login(client, who)
    assert client.get(page(world)).status_code == 403
    assert client.post(page(world), data={"name": "Skaner"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StationToken)) == 0


def test_anonymous_visitors_are_sent_to_sign_in_and_revoking_elsewhere_is_refused(app, client, world):
    assert client.get(page(world)).status_code == 302
    organiser = app.test_client()
    login(organiser, "organizator@example.org")
    organiser.post(page(world), data={"name": "Skaner 1"})
    with app.app_context():
        token_id = db.session.scalar(sa.select(StationToken.id))
        other = db.session.scalar(sa.select(Event).where(Event.slug == world["other"]))
        make_account("org-inne@example.org", event=other, role=EventRoleKind.ORGANISER)
        db.session.commit()
    revoke = f"/manage/events/{world['slug']}/stations/{token_id}/revoke"
    assert client.post(revoke).status_code == 302  # anonymous: to the sign-in page
    staff = app.test_client()
    login(staff, "bramka@example.org")
    assert staff.post(revoke).status_code == 403
    # Another event's organiser, through their own event's URL: no such token there.
    elsewhere = app.test_client()
    login(elsewhere, "org-inne@example.org")
    assert elsewhere.post(revoke).status_code == 403
    assert elsewhere.post(f"/manage/events/{world['other']}/stations/{token_id}/revoke").status_code == 404
    with app.app_context():
        assert db.session.get(StationToken, token_id).revoked_at is None


def test_pairing_a_browser_opens_the_station_without_signing_in(app, client, world):
    login(client, "organizator@example.org")
    clear = shown_token(client.post(page(world), data={"name": "Wejście B"}))
    station = app.test_client()
    wrong = station.post("/checkin/pair?lang=en", data={"token": "zly-token"})
    assert wrong.status_code == 422
    assert "This station token is not valid." in wrong.get_data(as_text=True)
    assert station.get(f"/checkin/{world['slug']}/").status_code == 302  # not paired: sign in
    paired = station.post("/checkin/pair", data={"token": clear})
    assert paired.status_code == 302 and paired.headers["Location"].endswith(f"/checkin/{world['slug']}/")
    opened = station.get(f"/checkin/{world['slug']}/?lang=en")
    body = opened.get_data(as_text=True)
    assert opened.status_code == 200 and 'data-auth="token"' in body and clear not in body
    assert "This device is the station Wejście B." in body
    # Paired with one event, not another.
    assert station.get(f"/checkin/{world['other']}/").status_code == 302
    with app.app_context():
        token_id = db.session.scalar(sa.select(StationToken.id))
    client.post(f"/manage/events/{world['slug']}/stations/{token_id}/revoke")
    assert station.get(f"/checkin/{world['slug']}/").status_code == 302
