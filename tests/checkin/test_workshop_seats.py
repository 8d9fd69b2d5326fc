"""A free workshop seat given at the workshop's door: offered when a seat is free and the
person is not queueing for one; refused (nothing written) otherwise."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import AgendaItem, CheckIn, SignupStatus, WorkshopSignup
from tests.checkin.helpers import D2, build_world
from tests.conftest import login


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "workshop": world.workshop.id, "bartek": world.bartek.badge_code,
                "bartek_id": world.bartek.id, "ewa": world.ewa.badge_code, "ewa_id": world.ewa.id,
                "celina_id": world.celina.id}


def scan(client, world, code, scan_id):
    return client.post(f"/api/events/{world['slug']}/checkins?lang=en",
                       json={"scan_id": scan_id, "code": code, "item_id": world["workshop"]})


def seat(client, world, registration_id, scan_id):
    return client.post(f"/api/events/{world['slug']}/workshop-seats?lang=en",
                       json={"scan_id": scan_id, "registration_id": registration_id, "item_id": world["workshop"]})


def signup_status(app, registration_id):
    with app.app_context():
        return db.session.scalar(sa.select(WorkshopSignup.status).where(
            WorkshopSignup.registration_id == registration_id))


def test_someone_without_a_seat_is_offered_a_free_one_and_checked_in(app, client, world):
    login(client, "bramka@example.org")
    answer = scan(client, world, world["bartek"], "w-1").get_json()
    assert answer["outcome"] == "not_signed_up_for_item" and answer["seat_offer"] is True
    seated = seat(client, world, world["bartek_id"], "w-2")
    assert seated.status_code == 201
    body = seated.get_json()
    assert body["outcome"] == "checked_in" and body["person"]["name"] == "Bartosz Lis"
    assert signup_status(app, world["bartek_id"]) == SignupStatus.CONFIRMED
    # The workshop had free seats and Ewa was waiting for one: she got hers first (one
    # waiting-list rule in registration.services), so three people now hold seats.
    assert signup_status(app, world["ewa_id"]) == SignupStatus.CONFIRMED
    assert body["counts"] == {"checked_in": 1, "expected": 3}
    # Retried, the same answer and still one check-in.
    assert seat(client, world, world["bartek_id"], "w-2").get_json()["replayed"] is True
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_people_waiting_for_the_workshop_keep_their_turn(app, client, world):
    login(client, "bramka@example.org")
    assert scan(client, world, world["ewa"], "q-1").get_json()["seat_offer"] is False
    refused = seat(client, world, world["ewa_id"], "q-2")
    assert refused.status_code == 409
    assert refused.get_json()["message"].startswith("Ewa Źdźbło is on this workshop's waiting list")
    assert signup_status(app, world["ewa_id"]) == SignupStatus.WAITLISTED


def test_a_full_workshop_offers_no_seat_and_writes_nothing(app, client, world):
    with app.app_context():
        db.session.get(AgendaItem, world["workshop"]).seat_limit = 1
        db.session.commit()
    login(client, "bramka@example.org")
    assert scan(client, world, world["bartek"], "f-1").get_json()["seat_offer"] is False
    refused = seat(client, world, world["bartek_id"], "f-2")
    assert refused.status_code == 409
    assert refused.get_json()["message"] == "There are no free seats left in this workshop."
    assert signup_status(app, world["bartek_id"]) is None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_a_cancelled_registration_gets_no_seat(app, client, world):
    login(client, "bramka@example.org")
    refused = seat(client, world, world["celina_id"], "c-1")
    assert refused.status_code == 409 and refused.get_json()["error"] == "no_seat"
    assert signup_status(app, world["celina_id"]) is None


def test_seating_needs_the_door_role(app, client, world):
    assert seat(client, world, world["bartek_id"], "a-1").status_code == 401
    login(client, "prelegent@example.org")
    assert seat(client, world, world["bartek_id"], "a-2").status_code == 403
    assert signup_status(app, world["bartek_id"]) is None


def test_a_day_door_is_not_a_workshop(client, world):
    login(client, "bramka@example.org")
    response = client.post(f"/api/events/{world['slug']}/workshop-seats?lang=en",
                           json={"scan_id": "d-1", "registration_id": world["bartek_id"], "day": D2.isoformat()})
    assert response.status_code == 409
    assert response.get_json()["message"] == "This door is not a workshop with its own sign-up."
