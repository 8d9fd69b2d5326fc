"""History records as people read them: translated field names and values, local times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from eventapp.labels import FIELD_ENUMS, action_label, field_label, label
from eventapp.models import ChangeRecord, Event, EventStatus, ItemStatus
from eventapp.templating import event_datetime, medium_date

# A record's "status" belongs to an item when it has one, else to the event.
_STATUS_ENUMS = {True: ItemStatus, False: EventStatus}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


def show_value(event: Event, field: str, value: Any, *, of_item: bool) -> str:
    """One stored value in words: enum labels, times in the event's zone, yes/no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    enum_cls = _STATUS_ENUMS[of_item] if field == "status" else FIELD_ENUMS.get(field)
    if enum_cls is not None:
        try:
            return label(enum_cls(value))
        except (ValueError, KeyError):
            return str(value)
    if isinstance(value, str) and (field.endswith("_dt") or field.endswith("_at") or field.endswith("deadline")):
        try:
            return event_datetime(datetime.fromisoformat(value), event.timezone, "d MMM y, HH:mm")
        except ValueError:
            return value
    if isinstance(value, str) and field.endswith("_date"):
        try:
            return medium_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def field_changes(event: Event, entry: ChangeRecord) -> list[FieldChange]:
    of_item = entry.item_id is not None
    return [
        FieldChange(field_label(name), show_value(event, name, old, of_item=of_item),
                    show_value(event, name, new, of_item=of_item))
        for name, (old, new) in (entry.changes or {}).items()
    ]


def action_text(entry: ChangeRecord) -> str:
    return action_label(entry.action)
