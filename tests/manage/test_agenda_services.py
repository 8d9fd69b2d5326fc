"""The agenda's rules without HTTP: clashes of rooms and of people, history, notices."""

from datetime import time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.history.services import event_history
from eventapp.manage import agenda, describe
from eventapp.manage.errors import Refusal
from eventapp.models import AgendaItem, Event, ItemStatus, Role, Room
from eventapp.models.manage import ChangeNotice
from tests.factories import local, make_event, make_item, make_registration, make_room, make_speaker
from tests.manage.conftest import account


@pytest.fixture
def setup(ctx):
    event = make_event(slug="forum", title="Forum")
    room = make_room(event, "Sala A")
    other_room = make_room(event, "Sala B", 1)
    organiser = account("org@example.org")
    db.session.commit()
    return event, room, other_room, organiser


def _data(event, room, start=(10, 0), end=(11, 0), **extra):
    data = {"kind": "lecture", "title": "Wykład", "abstract": "", "day": event.start_date.isoformat(),
            "start": time(*start), "end": time(*end), "room_id": str(room.id) if room else "",
            "requires_signup": False, "seat_limit": None}
    data.update(extra)
    return data


def test_two_items_in_one_room_at_once_are_refused_naming_the_clash(setup):
    event, room, other_room, organiser = setup
    agenda.create_item(event, _data(event, room, title="Otwarcie forum"), organiser)
    with force_locale("en"), pytest.raises(Refusal) as refusal:
        agenda.create_item(event, _data(event, room, (10, 30), (11, 30), title="Drugi"), organiser)
    assert "Sala A is taken at that time by “Otwarcie forum”" in refusal.value.message
    assert "10:00–11:00" in refusal.value.message
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 1
    # Back to back is fine, and so is another room at the same time.
    agenda.create_item(event, _data(event, room, (11, 0), (12, 0)), organiser)
    agenda.create_item(event, _data(event, other_room, (10, 30), (11, 30)), organiser)


def test_a_speaker_in_two_places_at_once_is_refused_even_across_events(setup):
    event, room, other_room, organiser = setup
    speaker = make_speaker("Anna Nowak")
    other_event = make_event(slug="inne", title="Inne forum", start_date=event.start_date)
    make_item(other_event, local(event.start_date, 10), title="Gdzie indziej", people=[(speaker, Role.SPEAKER)])
    item = make_item(event, local(event.start_date, 10, 30), room=room, title="Panel")
    db.session.commit()
    with force_locale("en"), pytest.raises(Refusal) as refusal:
        agenda.add_person(event, item, speaker, Role.PANELIST, organiser)
    assert "Anna Nowak is already in “Gdzie indziej — Inne forum”" in refusal.value.message
    assert item.speaker_roles == []
    # Moving the item away from the clash lets her in; moving it back is refused.
    agenda.update_item(event, item, _data(event, room, (12, 0), (13, 0), title="Panel", kind="panel"), organiser)
    agenda.add_person(event, item, speaker, Role.PANELIST, organiser)
    with force_locale("en"), pytest.raises(Refusal) as refusal:
        agenda.update_item(event, item, _data(event, room, (10, 0), (11, 0), title="Panel", kind="panel"), organiser)
    assert "Anna Nowak is already in" in refusal.value.message
    db.session.refresh(item)
    assert item.start_dt == local(event.start_date, 12)


def test_cancelled_items_do_not_clash_and_restoring_checks_again(setup):
    event, room, _other, organiser = setup
    first = agenda.create_item(event, _data(event, room, title="Pierwszy"), organiser)
    agenda.cancel_item(event, first, organiser)
    second = agenda.create_item(event, _data(event, room, title="Drugi"), organiser)
    with pytest.raises(Refusal):
        agenda.restore_item(event, first, organiser)
    assert db.session.get(AgendaItem, first.id).status == ItemStatus.CANCELLED
    agenda.cancel_item(event, second, organiser)
    agenda.restore_item(event, first, organiser)
    assert db.session.get(AgendaItem, first.id).status == ItemStatus.SCHEDULED


def test_item_rules(setup):
    event, room, _other, organiser = setup
    with force_locale("en"):
        with pytest.raises(Refusal, match="end after it starts"):
            agenda.create_item(event, _data(event, room, (11, 0), (10, 0)), organiser)
        with pytest.raises(Refusal, match="own sign-up"):
            agenda.create_item(event, _data(event, room, seat_limit=20), organiser)
        with pytest.raises(Refusal, match="event's days"):
            agenda.create_item(event, _data(event, room, day=(event.start_date + timedelta(days=3)).isoformat()),
                               organiser)
        foreign_room = make_room(make_event(slug="obce"), "Obca")
        with pytest.raises(Refusal, match="event's rooms"):
            agenda.create_item(event, _data(event, foreign_room), organiser)
    workshop = agenda.create_item(event, _data(event, room, kind="workshop", requires_signup=True, seat_limit=12),
                                  organiser)
    assert (workshop.requires_signup, workshop.seat_limit) == (True, 12)


def test_every_change_is_recorded_with_who_and_what_and_marks_the_item_changed(setup):
    event, room, other_room, organiser = setup
    item = agenda.create_item(event, _data(event, room, title="Wykład otwierający"), organiser)
    sequence = item.sequence
    agenda.update_item(event, item, _data(event, other_room, (12, 0), (13, 0), title="Wykład otwierający"),
                       organiser)
    agenda.update_item(event, item, _data(event, other_room, (12, 0), (13, 0), title="Nowy tytuł",
                                          kind="panel"), organiser)
    speaker = make_speaker("Jan Kowalski")
    agenda.add_person(event, item, speaker, Role.MODERATOR, organiser)
    agenda.cancel_item(event, item, organiser)
    assert db.session.get(AgendaItem, item.id).sequence == sequence + 4
    entries = event_history(event, item=item)
    assert [e.action for e in entries] == ["item_cancelled", "person_added", "item_changed", "item_moved",
                                           "item_created"]
    assert all(e.account_id == organiser.id for e in entries)
    moved = entries[3]
    assert moved.changes["room"] == ["Sala A", "Sala B"]
    with force_locale("pl"):
        lines = {c.field: (c.old, c.new) for c in describe.field_changes(event, moved)}
        assert lines["Sala"] == ("Sala A", "Sala B")
        assert lines["Początek"][0].endswith("10:00") and lines["Początek"][1].endswith("12:00")
        changed = {c.field: (c.old, c.new) for c in describe.field_changes(event, entries[2])}
        assert changed["Rodzaj"] == ("Wykład", "Debata panelowa")
        cancelled = {c.field: (c.old, c.new) for c in describe.field_changes(event, entries[0])}
        assert cancelled["Status"] == ("zaplanowany", "odwołany")
        assert describe.action_text(entries[0]) == "Odwołano punkt"


def test_people_keep_their_roles_in_order(setup):
    event, room, _other, organiser = setup
    item = agenda.create_item(event, _data(event, room, kind="panel", title="Panel"), organiser)
    moderator, first, second = make_speaker("Moderatorka"), make_speaker("Pierwszy"), make_speaker("Druga")
    for person, role in ((moderator, Role.MODERATOR), (first, Role.PANELIST), (second, Role.PANELIST)):
        agenda.add_person(event, item, person, role, organiser)
    db.session.refresh(item)
    agenda.move_person(event, item, item.speaker_roles[2], -1, organiser)
    db.session.refresh(item)
    assert [(p.speaker.name, p.role) for p in item.speaker_roles] == [
        ("Moderatorka", Role.MODERATOR), ("Druga", Role.PANELIST), ("Pierwszy", Role.PANELIST)]
    agenda.change_role(event, item, item.speaker_roles[2], Role.GUEST, organiser)
    agenda.remove_person(event, item, item.speaker_roles[0], organiser)
    db.session.refresh(item)
    assert [(p.speaker.name, p.role) for p in item.speaker_roles] == [
        ("Druga", Role.PANELIST), ("Pierwszy", Role.GUEST)]
    with pytest.raises(Refusal):
        agenda.add_person(event, item, first, Role.SPEAKER, organiser)


def test_changes_leave_one_notice_per_person_concerned(setup):
    event, room, _other, organiser = setup
    speaker = make_speaker("Z adresem", email="Mowca@Example.org")
    make_speaker("Bez adresu")
    item = make_item(event, local(event.start_date, 9), room=room, people=[(speaker, Role.SPEAKER)])
    confirmed = make_registration(event)
    from eventapp.models import RegistrationStatus
    make_registration(event, status=RegistrationStatus.CANCELLED, cancelled_at=None)
    db.session.commit()
    agenda.cancel_item(event, item, organiser)
    emails = sorted(db.session.scalars(select(ChangeNotice.email)))
    assert emails == sorted(["mowca@example.org", confirmed.email])


def test_a_draft_event_leaves_no_notices(setup):
    event, room, _other, organiser = setup
    event.status = event.status.DRAFT
    make_registration(event)
    item = make_item(event, local(event.start_date, 9), room=room)
    db.session.commit()
    agenda.cancel_item(event, item, organiser)
    assert db.session.scalar(select(func.count(ChangeNotice.id))) == 0


def test_speakers_of_the_event_are_those_in_its_items_or_created_for_it(setup):
    event, room, _other, organiser = setup
    created = agenda.create_speaker(event, {"name": "Nowa Osoba", "email": "NOWA@example.org"}, organiser)
    assert created.email == "nowa@example.org"
    elsewhere = make_speaker("Gdzie Indziej")
    make_item(make_event(slug="obce"), people=[(elsewhere, Role.SPEAKER)])
    in_item = make_speaker("W Punkcie")
    make_item(event, room=db.session.get(Room, room.id), people=[(in_item, Role.HOST)])
    db.session.commit()
    assert [s.name for s in agenda.event_speakers(db.session.get(Event, event.id))] == ["Nowa Osoba", "W Punkcie"]
    assert agenda.event_speaker(event, elsewhere.id) is None
    changes = agenda.update_speaker(event, created, {"name": "Nowa Osoba", "organisation": "Fundacja", "email": "nowa@example.org"}, organiser)
    assert changes == {"organisation": ["", "Fundacja"]}
