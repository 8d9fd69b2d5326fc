"""Reading the agenda in the shape people read it: per day, parallel items side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, ItemSpeaker, Material, utcnow
from eventapp.uploads.services import title_filename

# The smallest step both databases store (microseconds).
_TICK = timedelta(microseconds=1)


@dataclass
class TimeBlock:
    """Items that overlap in time: shown side by side, one column per room."""

    items: list[AgendaItem] = field(default_factory=list)

    @property
    def parallel(self) -> bool:
        return len(self.items) > 1


@dataclass
class AgendaDay:
    day: date
    blocks: list[TimeBlock] = field(default_factory=list)


def agenda_items(event: Event) -> list[AgendaItem]:
    """All items of the event with rooms and speakers loaded in a fixed number of queries."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.event_id == event.id)
            .options(
                selectinload(AgendaItem.room),
                selectinload(AgendaItem.speaker_roles).selectinload(ItemSpeaker.speaker),
                selectinload(AgendaItem.materials),
            )
            .order_by(AgendaItem.start_dt, AgendaItem.id)
        )
    )


def group_by_day(event: Event, items: list[AgendaItem]) -> list[AgendaDay]:
    """Split items into the event's days (in its time zone) and blocks of overlapping items."""
    tz = event.tz
    days = {d: AgendaDay(d) for d in event.days}
    for item in items:
        local_day = item.start_dt.astimezone(tz).date()
        day = days.setdefault(local_day, AgendaDay(local_day))
        current = day.blocks[-1] if day.blocks else None
        if current and item.start_dt < max(i.end_dt for i in current.items):
            current.items.append(item)
        else:
            day.blocks.append(TimeBlock([item]))
    for day in days.values():
        for block in day.blocks:
            block.items.sort(key=lambda i: (i.room.position if i.room else -1, i.start_dt))
    return [days[d] for d in sorted(days)]


def build_agenda(event: Event) -> list[AgendaDay]:
    return group_by_day(event, agenda_items(event))


def touch_item(item: AgendaItem) -> None:
    """Mark an item as changed: every edit (time, room, title, people, cancellation) calls this.

    Calendar clients replace an entry they already hold only when its SEQUENCE rises, and
    feeds answer conditional requests from `updated_at`; the caller commits.
    """
    item.sequence = (item.sequence or 0) + 1
    now = utcnow()
    # Two edits within one clock tick must still leave updated_at later than before.
    item.updated_at = now if item.updated_at is None or now > item.updated_at else item.updated_at + _TICK


def material_download_name(file_path: str) -> str | None:
    """The name a material's PDF downloads under: the uploader's (cleaned) file name, else one
    made from its session's title, else its stored name; None for a path no material has (a
    file of a speaker's proposal that was not accepted, which is never served to the public)."""
    found = db.session.execute(
        select(Material.original_filename, AgendaItem.title)
        .join(AgendaItem, AgendaItem.id == Material.item_id)
        .where(Material.file_path == file_path)
        .limit(1)
    ).first()
    if found is None:
        return None
    original, item_title = found
    return original or title_filename(item_title, PurePosixPath(file_path).suffix or ".pdf") or PurePosixPath(file_path).name
