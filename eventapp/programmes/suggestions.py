"""Organisation names suggested on an event's sign-up form: the programme's directory only.

Names only (never NIP, REGON or who typed them), from the directory of the programme the
event belongs to; variants merged into another entry are left out (the entry is offered).
A participant may always type a new name: suggestions never restrict the field.
"""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import DirectoryOrganisation, Event, EventStatus, ProgrammeEvent

MIN_CHARS = 2
LIMIT = 10


def suggestion_event(slug: str) -> Event | None:
    """A public event (not a draft) that belongs to a programme."""
    return db.session.scalar(
        select(Event).join(ProgrammeEvent, ProgrammeEvent.event_id == Event.id)
        .where(Event.slug == slug, Event.status != EventStatus.DRAFT)
    )


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def organisation_names(event: Event, text: str) -> list[str]:
    """Up to ten directory names containing the typed text (names starting with it first)."""
    typed = _folded(text or "")[:200]
    if len(typed) < MIN_CHARS:
        return []
    names = db.session.scalars(
        select(DirectoryOrganisation.name)
        .join(ProgrammeEvent, ProgrammeEvent.programme_id == DirectoryOrganisation.programme_id)
        .where(ProgrammeEvent.event_id == event.id, DirectoryOrganisation.merged_into_id.is_(None))
    )
    found = [(not _folded(name).startswith(typed), _folded(name), name) for name in names
             if typed in _folded(name)]
    return [name for *_order, name in sorted(found)[:LIMIT]]
