"""Finding due reminders and queueing them, from a periodic task (every five minutes).

A reminder is due from its time until the event starts: one whose time passed while the
worker was down goes out late, never after the start. Each person gets each reminder once:
the `ReminderSent` row (unique per registration and reminder) and the outbox message are
written in one transaction, so a second worker (or a second run) that reaches the same
person finds the row, or fails on the unique key and leaves that person alone.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import Event, EventStatus, Registration, RegistrationStatus, utcnow
from eventapp.models.reminders import MAX_DAYS_BEFORE, ReminderSent
from eventapp.reminders import emails
from eventapp.reminders.schedule import Reminder, due_at, event_starts_at, reminders
from eventapp.tasks import crontab, periodic_task

log = logging.getLogger(__name__)


def _candidate_events(now: datetime) -> list[Event]:
    """Published events whose first day is close enough for a reminder to be due."""
    today = now.date()
    return list(db.session.scalars(
        select(Event).where(Event.status == EventStatus.PUBLISHED,
                            Event.start_date >= today - timedelta(days=1),
                            Event.start_date <= today + timedelta(days=MAX_DAYS_BEFORE + 1))
        .order_by(Event.start_date, Event.id)))


def _unsent(event: Event, reminder: Reminder) -> list[int]:
    """Confirmed, not anonymised people of the event without this reminder yet."""
    return list(db.session.scalars(
        select(Registration.id).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.anonymised_at.is_(None),
            ~exists().where(ReminderSent.registration_id == Registration.id,
                            ReminderSent.reminder_key == reminder.key),
        ).order_by(Registration.id)))


def _send_to(registration_id: int, reminder: Reminder) -> bool:
    """Record and queue one reminder for one person, in one transaction; False if someone was first."""
    try:
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.status != RegistrationStatus.CONFIRMED \
                or registration.anonymised_at is not None:
            db.session.rollback()
            return False
        sent = ReminderSent(registration_id=registration_id, reminder_key=reminder.key)
        db.session.add(sent)
        db.session.flush()  # the unique key speaks here, before the message is written
        sent.email_id = emails.queue_reminder(registration, reminder.key).id
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue every reminder due at `now` for the people who have not had it; how many were queued."""
    now = now or utcnow()
    queued = 0
    for event in _candidate_events(now):
        plan = reminders(event)
        if not plan:
            continue
        starts = event_starts_at(event)
        due = [r for r in plan if due_at(event, r) <= now < starts]
        for reminder in due:
            ids = _unsent(event, reminder)
            db.session.commit()  # end the read: each person gets a short transaction of their own
            queued += sum(_send_to(registration_id, reminder) for registration_id in ids)
    db.session.commit()
    if queued:
        log.info("queued %s reminders", queued)
    return queued


@periodic_task(crontab(minute="*/5"))
def send_reminders() -> int:
    """Every five minutes: queue the reminders that are due."""
    return send_due_reminders()


