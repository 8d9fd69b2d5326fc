"""Changes reach people: one email per person listing all changes since their last message."""

from datetime import time

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.manage import agenda
from eventapp.manage.models import ChangeNotice
from eventapp.manage.notices import send_digests
from eventapp.models import Event, RegistrationStatus, Role, Room, SignupStatus, WorkshopSignup
from tests.factories import local, make_item, make_registration, make_speaker
from tests.manage.conftest import account


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


@pytest.fixture
def story(ctx):
    """A published event: a lecture for everyone, a workshop with its own sign-up."""
    from tests.factories import make_event, make_room

    event = make_event(slug="forum", title="Forum NGO")
    room, other_room = make_room(event, "Sala A"), make_room(event, "Sala B", 1)
    speaker = make_speaker("Anna Nowak", email="anna@example.org")
    lecture = make_item(event, local(event.start_date, 10), room=room, title="Wykład",
                        people=[(speaker, Role.SPEAKER)])
    workshop = make_item(event, local(event.start_date, 12), room=other_room, title="Warsztat",
                         kind="workshop", requires_signup=True, seat_limit=10)
    ala = make_registration(event, email="ala@example.org", first_name="Ala", language="pl")
    bob = make_registration(event, email="bob@example.org", first_name="Bob", language="en")
    make_registration(event, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    db.session.add(WorkshopSignup(registration=bob, item=workshop, status=SignupStatus.CONFIRMED))
    organiser = account("org@example.org")
    db.session.commit()
    return event, room, other_room, lecture, workshop, organiser, ala, bob


def _data(event, room, start, end, title, **extra):
    data = {"kind": "lecture", "title": title, "abstract": "", "day": event.start_date.isoformat(),
            "start": start, "end": end, "room_id": str(room.id), "requires_signup": False, "seat_limit": None}
    data.update(extra)
    return data


def test_three_edits_make_one_email_per_person_and_a_second_run_sends_nothing(story, smtp_server):
    event, room, other_room, lecture, _workshop, organiser, _ala, _bob = story
    agenda.update_item(event, lecture, _data(event, room, time(11, 0), time(12, 0), "Wykład"), organiser)
    agenda.update_item(event, lecture, _data(event, other_room, time(11, 0), time(12, 0), "Wykład"), organiser)
    agenda.update_item(event, lecture, _data(event, other_room, time(11, 0), time(12, 0), "Wykład o NGO"),
                       organiser)
    assert smtp_server.messages == []  # nothing is sent per edit
    assert send_digests() == 3
    by_person = {m["To"]: m for m in smtp_server.messages}
    # The speaker and both confirmed participants (the lecture needs no sign-up); not the cancelled one.
    assert sorted(by_person) == ["ala@example.org", "anna@example.org", "bob@example.org"]
    polish = by_person["ala@example.org"].get_body(("plain",)).get_content()
    assert by_person["ala@example.org"]["Subject"] == "Zmiany w programie: Forum NGO"
    assert polish.count("\n- ") == 3
    assert "Przeniesiono punkt" in polish and "10:00" in polish and "Sala A → Sala B" in polish
    assert "Tytuł: Wykład → Wykład o NGO" in polish
    english = by_person["bob@example.org"].get_body(("plain",)).get_content()
    assert "Item moved" in english and "Title: Wykład → Wykład o NGO" in english
    assert send_digests() == 0
    assert len(smtp_server.messages) == 3
    # A later change starts a new round with only that change.
    agenda.cancel_item(event, db.session.get(type(lecture), lecture.id), organiser)
    assert send_digests() == 3
    later = [m for m in smtp_server.messages[3:] if m["To"] == "ala@example.org"][0]
    assert later.get_body(("plain",)).get_content().count("\n- ") == 1


def test_workshop_changes_reach_only_those_signed_up_for_it(story, smtp_server):
    event, _room, other_room, _lecture, workshop, organiser, _ala, _bob = story
    agenda.cancel_item(event, workshop, organiser)
    assert send_digests() == 1
    assert [m["To"] for m in smtp_server.messages] == ["bob@example.org"]


def test_a_removed_speaker_is_told_too(story, smtp_server):
    event, _room, _other, lecture, _workshop, organiser, _ala, _bob = story
    agenda.remove_person(event, lecture, lecture.speaker_roles[0], organiser)
    send_digests()
    assert "anna@example.org" in {m["To"] for m in smtp_server.messages}


def test_someone_who_cancelled_since_the_change_is_not_written_to(story, smtp_server):
    event, room, _other, lecture, _workshop, organiser, ala, _bob = story
    agenda.cancel_item(event, lecture, organiser)
    ala.status = RegistrationStatus.CANCELLED
    db.session.commit()
    send_digests()
    assert "ala@example.org" not in {m["To"] for m in smtp_server.messages}
    assert db.session.scalar(select(ChangeNotice.sent_at).where(ChangeNotice.email == "ala@example.org"))


def test_the_command_sends_the_digest(app, story, smtp_server):
    event, room, _other, lecture, _workshop, organiser, _ala, _bob = story
    agenda.cancel_item(event, lecture, organiser)
    result = app.test_cli_runner().invoke(args=["notify", "changes"])
    assert "3 messages queued" in result.output
    assert len(smtp_server.messages) == 3
    assert db.session.get(Room, room.id) and db.session.get(Event, event.id)
