"""Agenda items read for a feed as plain rows, in two queries whatever the feed's size.

A 500-item feed would otherwise build about 2,500 ORM objects (items, their speakers' parts,
speakers, rooms), which took longer than writing the whole calendar. `Entry` offers the
attributes the iCalendar writer reads from an AgendaItem (`item.room.name`,
`item.speaker_roles[n].speaker.name`…), so the writer takes either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, ItemKind, ItemSpeaker, ItemStatus, Role, Room, Speaker


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    organisation: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Part:
    role: Role
    speaker: Person


@dataclass(frozen=True, slots=True)
class Place:
    name: str


@dataclass(slots=True)
class Entry:
    """An agenda item as a feed shows it."""

    id: int
    event: Event
    room: Place | None
    kind: ItemKind
    title: str
    abstract: str
    start_dt: datetime
    end_dt: datetime
    status: ItemStatus
    sequence: int
    created_at: datetime
    updated_at: datetime
    speaker_roles: list[Part] = field(default_factory=list)

    @property
    def event_id(self) -> int:
        return self.event.id


def load_entries(item_ids: Select, events: dict[int, Event] | None = None) -> list[Entry]:
    """The items whose ids `item_ids` selects, in agenda order, with rooms and people.

    `events`: the events already at hand, by id; without it they are read in one more query.
    """
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.event_id, Room.name, AgendaItem.kind, AgendaItem.title,
               AgendaItem.abstract, AgendaItem.start_dt, AgendaItem.end_dt, AgendaItem.status,
               AgendaItem.sequence, AgendaItem.created_at, AgendaItem.updated_at)
        .outerjoin(Room, Room.id == AgendaItem.room_id)
        .where(AgendaItem.id.in_(item_ids))
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    ).all()
    if not rows:
        return []
    if events is None:
        events = {e.id: e for e in db.session.scalars(
            select(Event).where(Event.id.in_({row.event_id for row in rows})))}
    entries = {}
    for (item_id, event_id, room_name, kind, title, abstract, start_dt, end_dt, status, sequence,
         created_at, updated_at) in rows:
        entries[item_id] = Entry(item_id, events[event_id], Place(room_name) if room_name else None, kind,
                                 title, abstract or "", start_dt, end_dt, status, sequence or 0,
                                 created_at, updated_at)
    people: dict[int, Person] = {}
    for item_id, role, speaker_id, name, organisation, updated_at in db.session.execute(
        select(ItemSpeaker.item_id, ItemSpeaker.role, Speaker.id, Speaker.name, Speaker.organisation,
               Speaker.updated_at)
        .join(Speaker, Speaker.id == ItemSpeaker.speaker_id)
        .where(ItemSpeaker.item_id.in_(item_ids))
        .order_by(ItemSpeaker.item_id, ItemSpeaker.position, ItemSpeaker.id)
    ):
        person = people.get(speaker_id)
        if person is None:
            person = people[speaker_id] = Person(name, organisation or "", updated_at)
        if item_id in entries:
            entries[item_id].speaker_roles.append(Part(role, person))
    return list(entries.values())
