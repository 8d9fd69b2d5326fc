"""Workshop seats: limits, waiting lists, overlaps, dropping, cancelling."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import EventStatus, ItemStatus, SignupStatus, WorkshopSignup
from eventapp.registration import services
from eventapp.registration.services import ItemClash, WorkshopRefused
from tests.factories import local, make_event, make_item
from tests.registration.helpers import details, kinds_to

C, W, X = SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.CANCELLED


@pytest.fixture
def setting(ctx):
    event = make_event(capacity=10)
    day = event.start_date
    morning = make_item(event, local(day, 10), 90, title="Warsztat A", requires_signup=True, seat_limit=2)
    overlapping = make_item(event, local(day, 11), 60, title="Warsztat B", requires_signup=True, seat_limit=5)
    afternoon = make_item(event, local(day, 14), 60, title="Warsztat C", requires_signup=True, seat_limit=None)
    lecture = make_item(event, local(day, 9), 30, title="Otwarcie")
    db.session.commit()
    people = [services.register(event, details(f"w{n}@example.org")).registration for n in range(4)]
    return event, morning, overlapping, afternoon, lecture, people


def _signups(item):
    return [(s.registration_id, s.status, s.waitlist_position) for s in db.session.scalars(
        select(WorkshopSignup).where(WorkshopSignup.item_id == item.id).order_by(WorkshopSignup.id))]


def test_seat_limit_then_waiting_list(setting):
    _event, morning, _o, _a, _l, people = setting
    assert [services.sign_up_for_item(p, morning) for p in people] == [C, C, W, W]
    assert [(s, pos) for _r, s, pos in _signups(morning)] == [(C, None), (C, None), (W, 1), (W, 2)]
    # Picking again changes nothing.
    assert services.sign_up_for_item(people[0], morning) == C
    assert len(_signups(morning)) == 4


def test_overlap_is_refused_naming_the_other_item(setting):
    _event, morning, overlapping, afternoon, _l, people = setting
    services.sign_up_for_item(people[0], morning)
    with pytest.raises(ItemClash) as refusal:
        services.sign_up_for_item(people[0], overlapping)
    assert refusal.value.other.id == morning.id and "Warsztat A" in refusal.value.message
    assert _signups(overlapping) == []
    assert services.sign_up_for_item(people[0], afternoon) == C
    # A dropped pick no longer clashes; nor does a waiting-list place count less than a seat.
    services.drop_item(people[0], morning)
    assert services.sign_up_for_item(people[0], overlapping) == C


def test_items_that_cannot_be_picked(setting):
    event, morning, _o, _a, lecture, people = setting
    with pytest.raises(WorkshopRefused):
        services.sign_up_for_item(people[0], lecture)
    other_event = make_event()
    foreign = make_item(other_event, requires_signup=True, seat_limit=5)
    db.session.commit()
    with pytest.raises(WorkshopRefused):
        services.sign_up_for_item(people[0], foreign)
    morning.status = ItemStatus.CANCELLED
    db.session.commit()
    with pytest.raises(WorkshopRefused):
        services.sign_up_for_item(people[0], morning)
    assert db.session.scalars(select(WorkshopSignup)).all() == []
    assert services.find_event_item(people[0], foreign.id) is None


def test_nothing_can_be_picked_once_the_event_is_cancelled(setting):
    event, morning, _o, _a, _l, people = setting
    event.status = EventStatus.CANCELLED
    db.session.commit()
    with pytest.raises(WorkshopRefused) as refusal:
        services.sign_up_for_item(people[0], morning)
    assert refusal.value.message == "To wydarzenie zostało odwołane: nie odbędzie się."
    assert _signups(morning) == []


def test_waiting_participant_cannot_pick_workshops(ctx):
    event = make_event(capacity=1)
    item = make_item(event, requires_signup=True, seat_limit=3)
    db.session.commit()
    services.register(event, details())
    waiting = services.register(event, details()).registration
    with pytest.raises(WorkshopRefused):
        services.sign_up_for_item(waiting, item)


def test_drop_frees_the_seat_for_the_first_waiting(setting):
    _event, morning, _o, _a, _l, people = setting
    for p in people:
        services.sign_up_for_item(p, morning)
    services.drop_item(people[0], morning)
    rows = {r: (s, pos) for r, s, pos in _signups(morning)}
    assert rows[people[0].id] == (X, None)
    assert rows[people[2].id] == (C, None)
    assert rows[people[3].id] == (W, 2)
    assert kinds_to(people[2].email)[-1] == "registration.workshop_promotion"
    # Dropping a waiting-list place frees no seat.
    services.drop_item(people[3], morning)
    assert {r: s for r, s, _p in _signups(morning)}[people[3].id] == X
    # Dropping something never picked is harmless; picking again joins afresh.
    services.drop_item(people[3], morning)
    assert services.sign_up_for_item(people[0], morning) == W


def test_cancelling_the_registration_frees_workshop_seats(setting):
    _event, morning, _o, afternoon, _l, people = setting
    for p in people[:3]:
        services.sign_up_for_item(p, morning)
    services.sign_up_for_item(people[0], afternoon)
    services.cancel(people[0])
    rows = {r: s for r, s, _p in _signups(morning)}
    assert rows == {people[0].id: X, people[1].id: C, people[2].id: C}
    assert {r: s for r, s, _p in _signups(afternoon)} == {people[0].id: X}


def test_workshop_choices_show_seats_left_and_own_picks(setting):
    _event, morning, overlapping, afternoon, _l, people = setting
    services.sign_up_for_item(people[1], morning)
    services.sign_up_for_item(people[0], morning)
    services.drop_item(people[1], morning)
    choices = services.workshop_choices(people[0])
    assert [c.item.title for c in choices] == ["Warsztat A", "Warsztat B", "Warsztat C"]
    assert [(c.seats_left, c.status) for c in choices] == [(1, C), (5, None), (None, None)]
    assert [(c.seats_left, c.status) for c in services.workshop_choices(people[1])][0] == (1, None)
