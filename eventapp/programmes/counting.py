"""The programme's people and organisations, each counted once, in a fixed number of queries.

The rules (the same on the report page, in the XLSX and in target progress):

- *Person*: one lower-cased email, joined with others by confirmed merges.
- *Attended*: a live day check-in (as in the per-event report: no agenda item, not undone)
  at any of the programme's events.
- *Hours*: for each day attended, the span of that day's agenda (first scheduled item's
  start to the last one's end, in the event's zone, breaks included as they are part of
  the day); a day without an agenda counts no hours.
- *Item kinds*: kinds of the agenda items the person was checked in at (workshop door).
- *Organisation*: the directory identity of the organisation typed (see identity); its
  type is the one most of its registrations gave.
- Anonymised registrations count as separate people (nothing identifies them any more).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    CheckIn,
    Event,
    ItemStatus,
    OrganisationType,
    Programme,
    ProgrammeEvent,
    Registration,
)
from eventapp.programmes.identity import organisation_resolver, person_key, person_resolver


@dataclass
class PersonFacts:
    key: str
    name: str = ""
    email: str = ""
    organisation: str = ""
    organisation_type: OrganisationType | None = None
    organisations: set[str] = field(default_factory=set)
    events_registered: set[int] = field(default_factory=set)
    days: set[tuple[int, date]] = field(default_factory=set)
    hours: float = 0.0
    item_kinds: set[str] = field(default_factory=set)
    # Answers to sign-up questions, {question key: {answers}}, once the forms feature records them.
    answers: dict[str, set[str]] = field(default_factory=dict)

    @property
    def attended(self) -> bool:
        return bool(self.days)

    @property
    def events_attended(self) -> set[int]:
        return {event_id for event_id, _ in self.days}


@dataclass
class OrganisationFacts:
    key: str
    name: str = ""
    organisation_type: OrganisationType | None = None
    people: set[str] = field(default_factory=set)
    types: Counter = field(default_factory=Counter)
    spellings: Counter = field(default_factory=Counter)


@dataclass
class ProgrammeFacts:
    programme: Programme
    events: list[Event]
    people: dict[str, PersonFacts]
    organisations: dict[str, OrganisationFacts]
    # Per event: registrations, and day attendance of registrations (as the event report counts).
    registered_per_event: Counter
    attended_per_event: Counter
    registration_person: dict[int, str]


def _day_spans(event_ids: list[int], tz_of: dict[int, object]) -> dict[tuple[int, date], float]:
    spans: dict[tuple[int, date], tuple[datetime, datetime]] = {}
    for event_id, start, end in db.session.execute(
        select(AgendaItem.event_id, AgendaItem.start_dt, AgendaItem.end_dt)
        .where(AgendaItem.event_id.in_(event_ids), AgendaItem.status == ItemStatus.SCHEDULED)
    ):
        day = start.astimezone(tz_of[event_id]).date()
        first, last = spans.get((event_id, day), (start, end))
        spans[(event_id, day)] = (min(first, start), max(last, end))
    return {key: (last - first).total_seconds() / 3600 for key, (first, last) in spans.items()}


def programme_facts(programme: Programme) -> ProgrammeFacts:
    """Everyone registered for the programme's events, with what they attended: seven queries."""
    events = list(db.session.scalars(
        select(Event).join(ProgrammeEvent, ProgrammeEvent.event_id == Event.id)
        .where(ProgrammeEvent.programme_id == programme.id).order_by(Event.start_date, Event.id)
    ))
    event_ids = [e.id for e in events]
    tz_of = {e.id: e.tz for e in events}
    in_programme = Registration.event_id.in_(event_ids)
    groups = person_resolver(programme.id)
    resolve_organisation = organisation_resolver(programme.id)
    registrations = db.session.execute(
        select(Registration.id, Registration.event_id, Registration.email, Registration.first_name,
               Registration.last_name, Registration.organisation, Registration.organisation_type)
        .where(in_programme).order_by(Registration.id)
    ).all()
    day_checkins = db.session.execute(
        select(CheckIn.registration_id, CheckIn.event_id, CheckIn.day).distinct()
        .where(CheckIn.event_id.in_(event_ids), CheckIn.item_id.is_(None), CheckIn.undone_at.is_(None))
    ).all()
    item_checkins = db.session.execute(
        select(CheckIn.registration_id, AgendaItem.kind).distinct()
        .join(AgendaItem, AgendaItem.id == CheckIn.item_id)
        .where(CheckIn.event_id.in_(event_ids), CheckIn.undone_at.is_(None))
    ).all()
    spans = _day_spans(event_ids, tz_of)

    people: dict[str, PersonFacts] = {}
    organisations: dict[str, OrganisationFacts] = {}
    registration_person: dict[int, str] = {}
    registration_org: dict[int, str | None] = {}
    registered_per_event: Counter = Counter()
    # In the order they were made: a person's latest registration gives their name and organisation.
    for reg_id, event_id, email, first, last, organisation, org_type in registrations:
        key = groups.find(person_key(email))
        registration_person[reg_id] = key
        registered_per_event[event_id] += 1
        person = people.setdefault(key, PersonFacts(key))
        person.events_registered.add(event_id)
        org_id = resolve_organisation(organisation)
        registration_org[reg_id] = org_id
        person.name = f"{first} {last}".strip()
        person.email = email
        person.organisation = (organisation or "").strip()
        person.organisation_type = org_type
        if org_id is not None:
            person.organisations.add(org_id)
            org = organisations.setdefault(org_id, OrganisationFacts(org_id))
            org.types[org_type] += 1
            org.spellings[" ".join((organisation or "").split())] += 1
    attended_per_event: Counter = Counter()
    seen_attendance: set[tuple[int, int]] = set()
    for reg_id, event_id, day in day_checkins:
        person = people[registration_person[reg_id]]
        person.days.add((event_id, day))
        if (reg_id, event_id) not in seen_attendance:
            seen_attendance.add((reg_id, event_id))
            attended_per_event[event_id] += 1
        org_id = registration_org.get(reg_id)
        if org_id is not None:
            organisations[org_id].people.add(person.key)
    for person in people.values():
        person.hours = sum(spans.get(day, 0.0) for day in person.days)
    for reg_id, kind in item_checkins:
        people[registration_person[reg_id]].item_kinds.add(str(kind))
    for org in organisations.values():
        org.organisation_type = min(org.types, key=lambda t: (-org.types[t], str(t)))
        org.name = min(org.spellings, key=lambda s: (-org.spellings[s], s))
    return ProgrammeFacts(programme, events, people, organisations, registered_per_event,
                          attended_per_event, registration_person)
