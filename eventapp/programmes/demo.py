"""The demo programme: the three demo events in one funded project, with targets, people who
come to more than one event, and a few organisation spellings waiting for review."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    Account,
    AgendaItem,
    CheckIn,
    CheckInSource,
    Event,
    Programme,
    ProgrammeEvent,
    ProgrammeLogo,
    ProgrammeManager,
    ProgrammeTarget,
    Registration,
    RegistrationStatus,
    SignupStatus,
    TargetUnit,
    WorkshopSignup,
)
from eventapp.programmes.identity import sync_directory
from eventapp.tokens import new_token

SLUG = "osrodek-wsparcia-ekonomii-spolecznej"


def _again(source: Registration, event: Event, **changes) -> Registration:
    """The same person registering for another event (the email as typed that time)."""
    values = dict(first_name=source.first_name, last_name=source.last_name, email=source.email,
                  organisation=source.organisation, organisation_type=source.organisation_type,
                  position=source.position, language=source.language, status=RegistrationStatus.CONFIRMED,
                  manage_token=new_token(), badge_code=new_token(), created_at=source.created_at + timedelta(days=40))
    values.update(changes)
    registration = Registration(event=event, **values)
    db.session.add(registration)
    return registration


def _workshop_doors(rng: random.Random, past: Event) -> None:
    """Most people with a workshop seat at the past seminar were also scanned at its door."""
    seats = db.session.execute(
        select(WorkshopSignup.registration_id, AgendaItem.id, AgendaItem.start_dt, AgendaItem.event_id)
        .join(AgendaItem, AgendaItem.id == WorkshopSignup.item_id)
        .where(AgendaItem.event_id == past.id, WorkshopSignup.status == SignupStatus.CONFIRMED)
    ).all()
    for registration_id, item_id, start, event_id in seats:
        if rng.random() < 0.85:
            scanned = start + timedelta(minutes=rng.randint(-10, 5))
            db.session.add(CheckIn(event_id=event_id, registration_id=registration_id, item_id=item_id,
                                   day=start.astimezone(past.tz).date(), scanned_at=scanned, recorded_at=scanned,
                                   scan_id=new_token(), station="demo-warsztaty", source=CheckInSource.SCANNER))


def load_programme(rng: random.Random, past: Event, upcoming: list[Event], manager: Account, today: date) -> int:
    """Put the events into one programme and make some people come again; commits."""
    programme = Programme(
        slug=SLUG, name="Ośrodek Wsparcia Ekonomii Społecznej — edycja II",
        funder="Europejski Fundusz Społeczny Plus (program regionalny)",
        description="Seminaria, fora i warsztaty dla organizacji pozarządowych, samorządów i firm w ośmiu powiatach.",
        period_start=past.start_date - timedelta(days=120), period_end=today + timedelta(days=365),
        funding_note="Projekt współfinansowany ze środków Europejskiego Funduszu Społecznego Plus.",
        archive_until=date(today.year + 6, 12, 31),
    )
    programme.logos.append(ProgrammeLogo(name="Fundusze Europejskie", url="https://example.org/fundusze", position=0))
    programme.logos.append(ProgrammeLogo(name="Samorząd Województwa", position=1))
    programme.managers.append(ProgrammeManager(account_id=manager.id))
    db.session.add(programme)
    db.session.flush()
    for event in (past, *upcoming):
        db.session.add(ProgrammeEvent(event_id=event.id, programme_id=programme.id))
    for position, (name, unit, goal, criteria) in enumerate((
        ("Przeszkoleni promotorzy CSR (obecni oba dni)", TargetUnit.PEOPLE, 80, {"min_days": 2}),
        ("Uczestnicy warsztatów", TargetUnit.PEOPLE, 120, {"item_kind": "workshop"}),
        ("Wsparte organizacje pozarządowe", TargetUnit.ORGANISATIONS, 197, {"organisation_type": "ngo"}),
        ("Osoby z ekonomii społecznej (co najmniej 6 godzin)", TargetUnit.PEOPLE, 40,
         {"organisation_type": "social_economy", "min_hours": 6}),
    )):
        db.session.add(ProgrammeTarget(programme_id=programme.id, name=name, unit=unit, goal=goal,
                                       criteria=criteria, position=position))
    _workshop_doors(rng, past)
    came = list(db.session.scalars(
        select(Registration).where(Registration.event_id == past.id,
                                   Registration.status == RegistrationStatus.CONFIRMED).order_by(Registration.id)
    ))
    returning = rng.sample(came, min(24, len(came)))
    for index, person in enumerate(returning):
        event = upcoming[index % len(upcoming)]
        if index < 2:
            # Another address, same name and organisation: waits for review.
            _again(person, event, email=f"{person.first_name.lower()}.{index}@poczta.example.org")
        elif index < 6:
            # The organisation typed differently: offered for merging in the directory.
            variant = person.organisation.upper() if index % 2 else f"{person.organisation}."
            _again(person, event, organisation=variant)
        else:
            _again(person, event)
    db.session.commit()
    sync_directory(programme)
    return len(returning)
