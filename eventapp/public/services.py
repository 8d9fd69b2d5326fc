"""Finding the events the public may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote_plus

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, EventStatus, ItemStatus


def get_event_by_slug(slug: str, *, include_drafts: bool = False) -> Event | None:
    """The event with this slug; drafts only when asked for (organisers' pages)."""
    query = select(Event).where(Event.slug == slug).options(selectinload(Event.organisations))
    if not include_drafts:
        query = query.where(Event.status != EventStatus.DRAFT)
    return db.session.scalar(query)


def public_events(today: date) -> tuple[list[Event], list[Event]]:
    """Upcoming (soonest first) and past (latest first) events that are not drafts."""
    events = db.session.scalars(
        select(Event).where(Event.status != EventStatus.DRAFT).order_by(Event.start_date)
    ).all()
    upcoming = [e for e in events if e.end_date >= today and e.status != EventStatus.FINISHED]
    past = [e for e in reversed(events) if e not in upcoming]
    return upcoming, past


def map_link(event: Event) -> str | None:
    """A link to the venue on OpenStreetMap (a plain link: nothing is loaded from there)."""
    place = ", ".join(p for p in (event.venue_name, event.venue_address, event.venue_city) if p)
    if not place:
        return None
    return "https://www.openstreetmap.org/search?query=" + quote_plus(place)


@dataclass(frozen=True)
class SignupFacts:
    """What someone deciding whether to come needs to see: seats left (None: no limit), whether
    newcomers go to the waiting list, the registration window, and when the first session starts."""

    seats_left: int | None
    full: bool
    window: Any  # registration.services.Window
    starts_at: datetime | None


def signup_facts(events: list[Event], now: datetime | None = None) -> dict[int, SignupFacts]:
    """SignupFacts per event id, for a whole list in two queries."""
    # Imported here: the registration package loads web modules that import this one (issue 19).
    from eventapp.registration.services import registration_window
    from eventapp.registration.waitlist import seats_taken

    ids = [e.id for e in events]
    taken = seats_taken(ids)
    starts = dict(db.session.execute(
        select(AgendaItem.event_id, func.min(AgendaItem.start_dt))
        .where(AgendaItem.event_id.in_(ids), AgendaItem.status == ItemStatus.SCHEDULED)
        .group_by(AgendaItem.event_id)
    ).all()) if ids else {}
    facts = {}
    for event in events:
        left = None if event.capacity is None else max(0, event.capacity - taken.get(event.id, 0))
        start = starts.get(event.id)
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=UTC)  # SQLite's aggregate skips the column type
        facts[event.id] = SignupFacts(left, left == 0, registration_window(event, now), start)
    return facts


def get_event_for(slug: str, viewer) -> Event | None:
    """The event's public pages as `viewer` may see them: drafts only for its organisers (and
    administrators), who preview them; None (a 404) for everyone else."""
    event = get_event_by_slug(slug, include_drafts=True)
    if event is None or event.status != EventStatus.DRAFT:
        return event
    from eventapp.auth.services import may  # lazily: auth's package loads web modules (issue 19)
    from eventapp.models import EventRoleKind

    return event if may(viewer, event, EventRoleKind.ORGANISER) else None
