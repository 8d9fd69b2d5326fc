"""A programme of events with registrations and check-ins, built with the shared factories."""

from __future__ import annotations

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import (
    Event,
    Programme,
    ProgrammeEvent,
    ProgrammeManager,
    ProgrammeTarget,
    Registration,
    TargetUnit,
)
from tests.factories import local, make_event, make_registration
from tests.reports.helpers import check_in


def make_programme(slug: str = "program-csr", events: list[Event] = (), managers=(), **fields) -> Programme:
    values = dict(slug=slug, name="Regionalny Ośrodek CSR", funder="Europejski Fundusz Społeczny",
                  funding_note="Projekt współfinansowany ze środków Unii Europejskiej.")
    values.update(fields)
    programme = Programme(**values)
    db.session.add(programme)
    db.session.flush()
    for event in events:
        db.session.add(ProgrammeEvent(event_id=event.id, programme_id=programme.id))
    for account in managers:
        db.session.add(ProgrammeManager(programme_id=programme.id, account_id=account.id))
    db.session.flush()
    return programme


def add_to(programme: Programme, event: Event) -> None:
    db.session.add(ProgrammeEvent(event_id=event.id, programme_id=programme.id))
    db.session.flush()


def attend(event: Event, registration: Registration, day: date | None = None, **kwargs):
    day = day or event.start_date
    return check_in(event, registration, day, local(day, 9), **kwargs)


def make_target(programme: Programme, name: str, unit: TargetUnit, goal: int, **criteria) -> ProgrammeTarget:
    target = ProgrammeTarget(programme_id=programme.id, name=name, unit=unit, goal=goal, criteria=criteria)
    db.session.add(target)
    db.session.flush()
    return target


def event_series(count: int, people: int, *, overlap: bool = False, start: date | None = None) -> list[Event]:
    """`count` one-day events a week apart with `people` registrations each, all checked in.

    Without overlap every registration has its own email; with it, the same people come to each.
    """
    start = start or date(2026, 3, 2)
    events = []
    for n in range(count):
        day = start + timedelta(days=7 * n)
        event = make_event(slug=f"seria-{n}", title=f"Warsztaty {n}", start_date=day, end_date=day)
        for p in range(people):
            email = f"osoba{p}@example.org" if overlap else f"e{n}-osoba{p}@example.org"
            reg = make_registration(event, email=email, first_name="Anna", last_name=f"Nowak{p}",
                                    organisation=f"Fundacja {n if not overlap else 0}-{p % 7}")
            if p % 3:
                attend(event, reg)
        events.append(event)
    return events
