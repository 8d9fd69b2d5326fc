"""Which reminders an event has and when each is due, in the event's zone.

Default (no settings saved): one reminder the day before at 10:00. The organiser may add
more, remove them, or switch reminders off; the first change stores the default as a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import AgendaItem, Event, ItemStatus
from eventapp.models.reminders import (
    MAX_DAYS_BEFORE,
    MAX_REMINDERS,
    EventReminder,
    ReminderSettings,
    reminder_key,
)

DEFAULT_DAYS_BEFORE = 1
DEFAULT_AT = time(10, 0)


@dataclass(frozen=True)
class Reminder:
    days_before: int
    at_local: time
    id: int | None = None

    @property
    def key(self) -> str:
        return reminder_key(self.days_before, self.at_local)


def settings(event: Event) -> ReminderSettings | None:
    return db.session.get(ReminderSettings, event.id)


def reminders(event: Event) -> list[Reminder]:
    """The event's reminders, earliest first; none when the organiser switched them off."""
    saved = settings(event)
    if saved is None:
        return [Reminder(DEFAULT_DAYS_BEFORE, DEFAULT_AT)]
    if not saved.enabled:
        return []
    rows = db.session.scalars(select(EventReminder).where(EventReminder.event_id == event.id))
    return sorted((Reminder(r.days_before, r.at_local, r.id) for r in rows),
                  key=lambda r: (-r.days_before, r.at_local))


def due_at(event: Event, reminder: Reminder) -> datetime:
    """The UTC instant of the wall-clock time in the event's zone (DST included)."""
    day = event.start_date - timedelta(days=reminder.days_before)
    return datetime.combine(day, reminder.at_local, tzinfo=event.tz).astimezone(UTC)


def event_starts_at(event: Event) -> datetime:
    """The first scheduled agenda item's start; without an agenda, midnight of the first day."""
    first = db.session.scalar(select(func.min(AgendaItem.start_dt)).where(
        AgendaItem.event_id == event.id, AgendaItem.status != ItemStatus.CANCELLED))
    midnight = datetime.combine(event.start_date, time(0, 0), tzinfo=event.tz).astimezone(UTC)
    return first.astimezone(UTC) if first is not None else midnight


def _materialise(event: Event) -> ReminderSettings:
    """The first change: keep the default reminder as a row, so it can be removed like any other."""
    saved = settings(event)
    if saved is None:
        saved = ReminderSettings(event_id=event.id, enabled=True)
        db.session.add(saved)
        db.session.add(EventReminder(event_id=event.id, days_before=DEFAULT_DAYS_BEFORE, at_local=DEFAULT_AT))
        db.session.flush()
    return saved


@rolls_back_on_refusal
def switch(event: Event, enabled: bool) -> None:
    saved = _materialise(event)
    saved.enabled = enabled
    db.session.commit()


@rolls_back_on_refusal
def add_reminder(event: Event, days_before: int | None, at_local: time | None) -> EventReminder:
    if days_before is None or not 0 <= days_before <= MAX_DAYS_BEFORE:
        raise Refusal(_("Choose between 0 and %(max)s days before the event.", max=MAX_DAYS_BEFORE),
                      field="days_before")
    if at_local is None:
        raise Refusal(_("Give the time of day, for example 10:00."), field="at_local")
    saved = _materialise(event)
    existing = list(db.session.scalars(select(EventReminder).where(EventReminder.event_id == event.id)))
    if any(r.days_before == days_before and r.at_local == at_local for r in existing):
        raise Refusal(_("This event already has that reminder."), field="days_before")
    if len(existing) >= MAX_REMINDERS:
        raise Refusal(_("An event can have at most %(max)s reminders.", max=MAX_REMINDERS), field="days_before")
    row = EventReminder(event_id=event.id, days_before=days_before, at_local=at_local)
    if due_at(event, Reminder(days_before, at_local)) >= event_starts_at(event):
        raise Refusal(_("That time is not before the event starts."), field="at_local")
    saved.enabled = True
    db.session.add(row)
    db.session.commit()
    return row


@rolls_back_on_refusal
def remove_reminder(event: Event, reminder_id: int) -> None:
    _materialise(event)
    row = db.session.get(EventReminder, reminder_id)
    if row is None or row.event_id != event.id:
        raise Refusal(_("There is no such reminder."))
    db.session.delete(row)
    db.session.commit()
