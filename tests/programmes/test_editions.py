"""'Copy this event': a draft with rooms, agenda on the new dates (wall-clock times kept across DST),
speakers and roles, organisations and logos, settings; never registrations or check-ins."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from eventapp.extensions import db
from eventapp.manage.errors import Refusal
from eventapp.models import (
    AgendaItem,
    CheckIn,
    Event,
    EventOrganisation,
    EventRoleKind,
    EventStatus,
    OrganisationPart,
    ProgrammeEvent,
    Registration,
    Role,
)
from eventapp.programmes.editions import copy_event
from tests.conftest import login
from tests.factories import (
    local,
    make_account,
    make_event,
    make_item,
    make_registration,
    make_room,
    make_speaker,
)
from tests.programmes.helpers import attend, make_programme

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def seminar(ctx):
    # Friday to Sunday in March, winter time (UTC+1).
    event = make_event(slug="seminarium-2026", title="Seminarium zamykające edycję", start_date=date(2026, 3, 20),
                       end_date=date(2026, 3, 22), eu_funded=True, funding_note="Projekt EFS",
                       capacity=120, registration_opens_at=datetime(2026, 2, 1, 9, tzinfo=WARSAW),
                       registration_closes_at=datetime(2026, 3, 18, 23, 59, tzinfo=WARSAW))
    hall = make_room(event, "Sala Kominkowa")
    mayor, expert = make_speaker("Prezydent Miasta"), make_speaker("Ekspertka")
    make_item(event, local(date(2026, 3, 20), 9, 30), 30, title="Otwarcie", room=hall, people=[(mayor, Role.HOST)])
    make_item(event, local(date(2026, 3, 22), 11), 90, title="Warsztat: fundraising", room=hall,
              people=[(expert, Role.SPEAKER), (mayor, Role.GUEST)], seat_limit=20, requires_signup=True)
    db.session.add(EventOrganisation(event_id=event.id, name="Urząd Miasta", part=OrganisationPart.PARTNER,
                                     url="https://example.org", position=0))
    make_programme(events=[event])
    attend(event, make_registration(event))
    account = make_account("organizator@example.org", event=event, role=EventRoleKind.ORGANISER)
    db.session.commit()
    return event, account


def test_the_copy_keeps_wall_clock_times_across_the_change_to_summer_time(seminar):
    event, account = seminar
    # One week later: the last Sunday of March 2026 (the 29th) moves the clocks forward.
    copy = copy_event(event, date(2026, 3, 27), account, title="Seminarium 2027")
    assert (copy.start_date, copy.end_date) == (date(2026, 3, 27), date(2026, 3, 29))
    items = sorted(copy.agenda_items, key=lambda i: i.start_dt)
    starts = [i.start_dt.astimezone(WARSAW) for i in items]
    assert [(s.date(), s.hour, s.minute) for s in starts] == [(date(2026, 3, 27), 9, 30), (date(2026, 3, 29), 11, 0)]
    # The UTC instant moved by 7 days minus the hour lost on the 29th.
    assert items[1].start_dt.utcoffset().total_seconds() == 0
    assert items[1].start_dt.astimezone(ZoneInfo("UTC")).hour == 9
    assert [i.end_dt.astimezone(WARSAW).strftime("%H:%M") for i in items] == ["10:00", "12:30"]
    assert copy.registration_closes_at.astimezone(WARSAW).strftime("%d %H:%M") == "25 23:59"


def test_the_copy_is_a_draft_with_rooms_speakers_organisations_and_settings(seminar):
    event, account = seminar
    copy = copy_event(event, date(2027, 3, 19), account, title="Seminarium 2027", slug="seminarium-2027")
    db.session.expire_all()
    copy = db.session.get(Event, copy.id)
    assert copy.status == EventStatus.DRAFT
    assert (copy.capacity, copy.eu_funded, copy.funding_note) == (120, True, "Projekt EFS")
    assert [r.name for r in copy.rooms] == ["Sala Kominkowa"]
    items = db.session.scalars(db.select(AgendaItem).where(AgendaItem.event_id == copy.id)
                               .order_by(AgendaItem.start_dt)).all()
    assert [i.room.name for i in items] == ["Sala Kominkowa", "Sala Kominkowa"]
    assert items[0].room.event_id == copy.id
    assert [(p.speaker.name, p.role) for p in items[1].speaker_roles] == [("Ekspertka", Role.SPEAKER),
                                                                        ("Prezydent Miasta", Role.GUEST)]
    assert (items[1].seat_limit, items[1].requires_signup) == (20, True)
    assert [(o.name, o.part) for o in copy.organisations] == [("Urząd Miasta", OrganisationPart.PARTNER)]
    # Same programme; the copier organises it; nobody registered, nobody checked in.
    assert db.session.get(ProgrammeEvent, copy.id).programme_id == db.session.get(ProgrammeEvent, event.id).programme_id
    from eventapp.auth.services import roles_at
    assert roles_at(account, copy) == {EventRoleKind.ORGANISER}
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)
                             .where(Registration.event_id == copy.id)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn).where(CheckIn.event_id == copy.id)) == 0


def test_a_taken_address_is_refused_and_nothing_is_written(seminar):
    event, account = seminar
    before = db.session.scalar(db.select(db.func.count()).select_from(Event))
    with pytest.raises(Refusal) as refusal:
        copy_event(event, date(2027, 3, 19), account, slug="seminarium-2026")
    assert refusal.value.field == "slug"
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == before


def test_only_the_event_organisers_may_copy_it(app, client):
    with app.app_context():
        event = make_event(slug="forum")
        make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        make_account("staff@example.org", event=event, role=EventRoleKind.STAFF)
        db.session.commit()
    login(client, "staff@example.org")
    assert client.post("/manage/events/forum/copy", data={"title": "Forum", "start_date": "2027-05-05"}).status_code == 403
    client.post("/auth/logout")
    login(client, "org@example.org")
    response = client.post("/manage/events/forum/copy", data={"title": "Forum 2027", "start_date": "2027-05-05",
                                                             "slug": "forum-2027"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/events/forum-2027/")
    response = client.post("/manage/events/forum/copy", data={"title": "Forum 2028", "start_date": ""})
    assert response.status_code == 200 and 'value="Forum 2028"' in response.get_data(as_text=True)
