"""Finding the events the public may see."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote_plus

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.models import Event, EventStatus


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
