"""Recording and reading who changed what in the agenda and the speakers' profiles, and when.

Features that change items or speakers call `apply_changes` (or `record` for actions with no
field changes, such as creating or cancelling an item) inside their own transaction; the
record is committed with the change itself, so the history never says something that did
not happen.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import Base, db
from eventapp.models import Account, AgendaItem, ChangeRecord, Event, Speaker


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the history."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Base):
        return getattr(value, "name", None) or getattr(value, "title", None) or str(getattr(value, "id", ""))
    return value


def apply_changes(target: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set `values` on `target` and return {"field": [old, new]} for those that really changed."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(target, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(target, field, new)
    return changes


def record(event: Event, action: str, *, item: AgendaItem | None = None,
           speaker: Speaker | None = None, account: Account | None = None,
           changes: dict[str, list[Any]] | None = None) -> ChangeRecord:
    """Add a history record to the session; the caller commits it with the change."""
    entry = ChangeRecord(
        event_id=event.id,
        item_id=item.id if item is not None else None,
        speaker_id=speaker.id if speaker is not None else None,
        account_id=account.id if account is not None and getattr(account, "id", None) else None,
        action=action,
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


def event_history(event: Event, *, item: AgendaItem | None = None, speaker: Speaker | None = None,
                  limit: int = 500) -> list[ChangeRecord]:
    """The newest changes first, with who made them loaded in the same query."""
    query = (
        select(ChangeRecord)
        .where(ChangeRecord.event_id == event.id)
        .options(selectinload(ChangeRecord.account), selectinload(ChangeRecord.item),
                 selectinload(ChangeRecord.speaker))
        .order_by(ChangeRecord.at.desc(), ChangeRecord.id.desc())
        .limit(limit)
    )
    if item is not None:
        query = query.where(ChangeRecord.item_id == item.id)
    if speaker is not None:
        query = query.where(ChangeRecord.speaker_id == speaker.id)
    return list(db.session.scalars(query))
