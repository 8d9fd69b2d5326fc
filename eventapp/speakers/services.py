"""Speakers as the public sees them at one event."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, ItemSpeaker, Speaker


def speakers_of(event: Event) -> list[Speaker]:
    """Everyone with a part in the event's agenda, by name."""
    return list(
        db.session.scalars(
            select(Speaker)
            .join(ItemSpeaker, ItemSpeaker.speaker_id == Speaker.id)
            .join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
            .where(AgendaItem.event_id == event.id)
            .distinct()
            .order_by(Speaker.name)
        )
    )


def speaker_roles_at(event: Event, speaker_id: int) -> list[ItemSpeaker]:
    """A speaker's parts in the event's items, in agenda order (empty: not a speaker here)."""
    return list(
        db.session.scalars(
            select(ItemSpeaker)
            .join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
            .where(AgendaItem.event_id == event.id, ItemSpeaker.speaker_id == speaker_id)
            .options(
                selectinload(ItemSpeaker.speaker),
                selectinload(ItemSpeaker.item).selectinload(AgendaItem.room),
                selectinload(ItemSpeaker.item)
                .selectinload(AgendaItem.speaker_roles)
                .selectinload(ItemSpeaker.speaker),
            )
            .order_by(AgendaItem.start_dt)
        )
    )
