"""The programme report: unique people and organisations by type, event and month; attendance
per event; target progress; people who came to more than one event.

Built from counting.programme_facts (a fixed number of queries for any number of events)
plus one query for the targets.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from eventapp.models import Event, OrganisationType, Programme
from eventapp.programmes.counting import PersonFacts, ProgrammeFacts, programme_facts
from eventapp.programmes.targets import TargetProgress, programme_targets, progress


@dataclass
class TypeRow:
    org_type: OrganisationType
    people: int = 0
    organisations: int = 0


@dataclass
class EventRow:
    event: Event
    registered: int = 0
    attended: int = 0
    organisations: int = 0
    # People who attended this event and at least one other of the programme.
    returning: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.registered if self.registered else None


@dataclass
class MonthRow:
    month: date
    people: int = 0
    organisations: int = 0


@dataclass
class ProgrammeReport:
    programme: Programme
    registered_people: int = 0
    attended_people: int = 0
    organisations: int = 0
    by_type: list[TypeRow] = field(default_factory=list)
    per_event: list[EventRow] = field(default_factory=list)
    per_month: list[MonthRow] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)
    repeat_people: list[PersonFacts] = field(default_factory=list)
    event_titles: dict[int, str] = field(default_factory=dict)


@contextlib.contextmanager
def _without_cycle_collection():
    """Building tens of thousands of small objects (that form no cycles) triggers the cyclic
    garbage collector again and again; pausing it halves the report's CPU time (see
    docs/performance.md). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_report(programme: Programme) -> ProgrammeReport:
    """Every figure of the report page and XLSX (eight queries, whatever the number of events)."""
    with _without_cycle_collection():
        facts = programme_facts(programme)
        return report_from(facts, programme_targets(programme))


def report_from(facts: ProgrammeFacts, targets) -> ProgrammeReport:
    report = ProgrammeReport(facts.programme, event_titles={e.id: e.title for e in facts.events})
    attended = [p for p in facts.people.values() if p.attended]
    attending_orgs = [o for o in facts.organisations.values() if o.people]
    report.registered_people = len(facts.people)
    report.attended_people = len(attended)
    report.organisations = len(attending_orgs)

    types = {t: TypeRow(t) for t in OrganisationType}
    for person in attended:
        if person.organisation_type is not None:
            types[person.organisation_type].people += 1
    for org in attending_orgs:
        if org.organisation_type is not None:
            types[org.organisation_type].organisations += 1
    report.by_type = list(types.values())

    rows = {e.id: EventRow(e, registered=facts.registered_per_event[e.id],
                           attended=facts.attended_per_event[e.id]) for e in facts.events}
    event_orgs: dict[int, set[str]] = defaultdict(set)
    month_people: dict[date, set[str]] = defaultdict(set)
    month_orgs: dict[date, set[str]] = defaultdict(set)
    person_orgs = defaultdict(set)
    for org in attending_orgs:
        for key in org.people:
            person_orgs[key].add(org.key)
    for person in attended:
        for event_id, day in person.days:
            event_orgs[event_id] |= person_orgs[person.key]
            month = day.replace(day=1)
            month_people[month].add(person.key)
            month_orgs[month] |= person_orgs[person.key]
        if len(person.events_attended) > 1:
            report.repeat_people.append(person)
            for event_id in person.events_attended:
                rows[event_id].returning += 1
    for event_id, orgs in event_orgs.items():
        rows[event_id].organisations = len(orgs)
    report.per_event = list(rows.values())
    report.per_month = [MonthRow(m, len(month_people[m]), len(month_orgs[m])) for m in sorted(month_people)]
    report.repeat_people.sort(key=lambda p: (-len(p.events_attended), p.name.casefold(), p.key))
    report.targets = progress(facts, targets)
    return report
