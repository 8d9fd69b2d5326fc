"""Raising an event's capacity or a workshop's seat limit seats the people waiting, in order,
and emails them (through a real SMTP server); a newcomer never overtakes the queue."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    Event,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.registration import services
from tests.factories import local, make_item, make_registration
from tests.manage.test_events import _event_form
from tests.registration.helpers import details

C, W = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def _queue(app, world, capacity: int, waiting: int):
    """`capacity` confirmed people and `waiting` in the queue (positions 1..n)."""
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        event.capacity = capacity
        for n in range(capacity):
            make_registration(event, email=f"seat{n}@example.org")
        for n in range(waiting):
            make_registration(event, email=f"wait{n + 1}@example.org", status=W, waitlist_position=n + 1)
        db.session.commit()


def _statuses(app, world):
    with app.app_context():
        return dict(db.session.execute(select(Registration.email, Registration.status)
                                       .where(Registration.event_id == world.event_id)).all())


def test_raising_the_capacity_seats_the_first_waiting_in_order_and_emails_them(app, as_organiser, world,
                                                                                smtp_server):
    _queue(app, world, capacity=2, waiting=3)
    response = as_organiser.post("/manage/events/forum/edit", data=_event_form(slug="forum", capacity="4"))
    assert response.status_code == 302
    statuses = _statuses(app, world)
    assert (statuses["wait1@example.org"], statuses["wait2@example.org"], statuses["wait3@example.org"]) == (C, C, W)
    with app.app_context():
        left = db.session.scalar(select(Registration).where(Registration.email == "wait3@example.org"))
        assert left.waitlist_position == 3
    told = sorted(m["To"] for m in smtp_server.messages)
    assert told == ["wait1@example.org", "wait2@example.org"]
    assert all("potwierdzony" in m["Subject"] for m in smtp_server.messages)


def test_removing_the_limit_seats_everyone_waiting(app, as_organiser, world, smtp_server):
    _queue(app, world, capacity=1, waiting=2)
    as_organiser.post("/manage/events/forum/edit", data=_event_form(slug="forum", capacity=""))
    assert set(_statuses(app, world).values()) == {C}
    assert len(smtp_server.messages) == 2


def test_a_newcomer_never_takes_a_free_seat_ahead_of_the_queue(ctx):
    from tests.factories import make_event

    event = make_event(capacity=1)
    db.session.commit()
    services.register(event, details("first@example.org"))
    services.register(event, details("queue@example.org"))
    # The capacity grows behind the service's back (as an old process would do): the next
    # sign-up gives the seat to the person waiting and queues the newcomer.
    event.capacity = 2
    db.session.commit()
    outcome = services.register(event, details("late@example.org"))
    assert outcome.answer == W
    by_email = {r.email: (r.status, r.waitlist_position) for r in db.session.scalars(select(Registration))}
    assert by_email["queue@example.org"] == (C, None)
    assert by_email["late@example.org"][0] == W


def test_raising_a_workshop_seat_limit_seats_its_queue_in_order(app, as_organiser, world, smtp_server):
    from tests.manage.test_agenda_routes import _item

    with app.app_context():
        event = db.session.get(Event, world.event_id)
        item = make_item(event, local(world.day, 10), title="Warsztat z budżetu", requires_signup=True, seat_limit=1)
        people = [make_registration(event, email=f"w{n}@example.org") for n in range(4)]
        db.session.add(WorkshopSignup(registration=people[0], item=item, status=SignupStatus.CONFIRMED))
        for position, person in enumerate(people[1:], start=1):
            db.session.add(WorkshopSignup(registration=person, item=item, status=SignupStatus.WAITLISTED,
                                          waitlist_position=position))
        db.session.commit()
        item_id = item.id
    response = as_organiser.post(f"/manage/events/forum/agenda/{item_id}", data=_item(
        world, title="Warsztat z budżetu", kind="workshop", requires_signup="y", seat_limit="3", room_id=""))
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.execute(select(Registration.email, WorkshopSignup.status, WorkshopSignup.waitlist_position)
                                  .join(WorkshopSignup.registration).where(WorkshopSignup.item_id == item_id)
                                  .order_by(Registration.email)).all()
    assert [tuple(r) for r in rows] == [
        ("w0@example.org", SignupStatus.CONFIRMED, None), ("w1@example.org", SignupStatus.CONFIRMED, None),
        ("w2@example.org", SignupStatus.CONFIRMED, None), ("w3@example.org", SignupStatus.WAITLISTED, 3)]
    assert sorted(m["To"] for m in smtp_server.messages) == ["w1@example.org", "w2@example.org"]
    assert all("Warsztat z budżetu" in m["Subject"] for m in smtp_server.messages)


def test_a_workshop_newcomer_waits_behind_the_queue_after_a_limit_rises_elsewhere(ctx):
    from tests.factories import make_event

    event = make_event(capacity=None)
    item = make_item(event, requires_signup=True, seat_limit=1)
    db.session.commit()
    people = [services.register(event, details()).registration for _ in range(3)]
    assert [services.sign_up_for_item(p, item) for p in people[:2]] == [SignupStatus.CONFIRMED,
                                                                         SignupStatus.WAITLISTED]
    item.seat_limit = 2
    db.session.commit()
    assert services.sign_up_for_item(people[2], item) == SignupStatus.WAITLISTED
    signup = db.session.scalar(select(WorkshopSignup).where(WorkshopSignup.registration_id == people[1].id))
    assert signup.status == SignupStatus.CONFIRMED
