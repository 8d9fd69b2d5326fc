"""Reminders before an event: what the organiser set, and who has been sent which one.

An event with no `ReminderSettings` row has the default: one reminder the day before at
10:00 in the event's zone. The organiser's first change writes the settings row (on or off)
and the reminders as rows. `ReminderSent` is the record that a person got a reminder: one
row per (registration, reminder key), written in the transaction that queues the email, so
two workers can never both send it.
"""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.extensions import db
from eventapp.models.types import UTCDateTime, utcnow

# How far ahead a reminder may be, and how many one event may have.
MAX_DAYS_BEFORE = 30
MAX_REMINDERS = 5


class ReminderSettings(db.Model):
    """The organiser's choice for one event: reminders on (with the `EventReminder` rows) or off."""

    __tablename__ = "reminder_settings"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class EventReminder(db.Model):
    """One reminder: `days_before` the first day, at `at_local` in the event's zone."""

    __tablename__ = "event_reminders"
    __table_args__ = (sa.UniqueConstraint("event_id", "days_before", "at_local"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    days_before: Mapped[int] = mapped_column(sa.Integer)
    at_local: Mapped[time] = mapped_column(sa.Time)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def key(self) -> str:
        return reminder_key(self.days_before, self.at_local)


def reminder_key(days_before: int, at_local: time) -> str:
    """The same reminder has the same key whether it is the default or the organiser's row."""
    return f"{days_before}d{at_local:%H:%M}"


class ReminderSent(db.Model):
    """A person was sent one reminder (its outbox message holds what was said)."""

    __tablename__ = "reminders_sent"
    __table_args__ = (sa.UniqueConstraint("registration_id", "reminder_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"))
    reminder_key: Mapped[str] = mapped_column(sa.String(16))
    email_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbound_emails.id", ondelete="SET NULL"))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
