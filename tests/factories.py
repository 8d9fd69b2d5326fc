"""Small factories for test data. Each adds to the session and flushes; tests commit."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from eventapp.auth.services import create_account, grant
from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    Event,
    EventRoleKind,
    EventStatus,
    ItemKind,
    ItemSpeaker,
    OrganisationType,
    Registration,
    RegistrationStatus,
    Role,
    Room,
    Speaker,
)
from eventapp.tokens import new_token

WARSAW = ZoneInfo("Europe/Warsaw")
PASSWORD = "secret-password-1"
_seq = itertools.count(1)


def local(day: date, hh: int, mm: int = 0, tz: ZoneInfo = WARSAW) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz)


def make_event(**fields) -> Event:
    n = next(_seq)
    start = fields.pop("start_date", date.today() + timedelta(days=30))
    values = dict(
        slug=f"event-{n}",
        title=f"Seminarium testowe {n}",
        summary="Spotkanie dla organizacji pozarządowych",
        start_date=start,
        end_date=start,
        venue_name="Centrum Konferencyjne",
        venue_address="ul. Długa 1",
        venue_city="Zielonowo",
        status=EventStatus.PUBLISHED,
        capacity=50,
    )
    values.update(fields)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_room(event: Event, name: str | None = None, position: int = 0) -> Room:
    room = Room(event=event, name=name or f"Sala {next(_seq)}", position=position)
    db.session.add(room)
    db.session.flush()
    return room


def make_speaker(name: str | None = None, **fields) -> Speaker:
    speaker = Speaker(name=name or f"Prelegent {next(_seq)}", **fields)
    db.session.add(speaker)
    db.session.flush()
    return speaker


def make_item(event: Event, start: datetime | None = None, minutes: int = 60, *,
              people: list[tuple[Speaker, Role]] = (), **fields) -> AgendaItem:
    start = start or local(event.start_date, 10)
    values = dict(kind=ItemKind.LECTURE, title=f"Wykład {next(_seq)}", start_dt=start,
                  end_dt=start + timedelta(minutes=minutes))
    values.update(fields)
    item = AgendaItem(event=event, **values)
    for position, (speaker, role) in enumerate(people):
        item.speaker_roles.append(ItemSpeaker(speaker=speaker, role=role, position=position))
    db.session.add(item)
    db.session.flush()
    return item


def make_registration(event: Event, **fields) -> Registration:
    n = next(_seq)
    values = dict(
        first_name="Zofia",
        last_name=f"Żółkiewska{n}",
        email=f"osoba{n}@example.org",
        organisation="Fundacja Dobrych Inicjatyw",
        organisation_type=OrganisationType.NGO,
        status=RegistrationStatus.CONFIRMED,
        manage_token=new_token(),
        badge_code=new_token(),
    )
    values.update(fields)
    reg = Registration(event=event, **values)
    db.session.add(reg)
    db.session.flush()
    return reg


def make_account(email: str | None = None, *, event: Event | None = None,
                 role: EventRoleKind | None = None, is_admin: bool = False, password: str = PASSWORD):
    account = create_account(email or f"konto{next(_seq)}@example.org", "Konto Testowe", password,
                             is_admin=is_admin)
    db.session.flush()
    if event is not None and role is not None:
        grant(account, event, role)
        db.session.flush()
    return account
