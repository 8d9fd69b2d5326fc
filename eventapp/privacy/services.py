"""GDPR duties: a participant's data as JSON, and anonymisation that keeps the statistics.

Anonymising blanks everything that identifies a person (name, email, phone, position,
private-link, badge and calendar tokens, stored email bodies, answers to the event's own
questions) and keeps what the attendance
reports count: status, organisation and its type, check-ins, workshop seats, consents
(which text, when — proof that consent was given, with nobody's name on it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.models import (
    CheckIn,
    Event,
    EventStatus,
    OutboundEmail,
    Registration,
    RegistrationConsent,
    WorkshopSignup,
    utcnow,
)
from eventapp.questions.answers import delete_answers, export_answers
from eventapp.tokens import new_token

ANONYMOUS_NAME = "—"


def export_data(registration: Registration) -> dict:
    """Everything stored about one participant, for the 'download my data' link."""
    event = registration.event
    consents = db.session.scalars(
        select(RegistrationConsent)
        .where(RegistrationConsent.registration_id == registration.id)
        .options(selectinload(RegistrationConsent.consent_text))
    )
    signups = db.session.scalars(
        select(WorkshopSignup).where(WorkshopSignup.registration_id == registration.id)
        .options(selectinload(WorkshopSignup.item))
    )
    checkins = db.session.scalars(
        select(CheckIn).where(CheckIn.registration_id == registration.id).order_by(CheckIn.scanned_at)
    )
    emails = db.session.scalars(
        select(OutboundEmail).where(OutboundEmail.registration_id == registration.id).order_by(OutboundEmail.id)
    )
    return {
        "event": {"title": event.title, "start_date": event.start_date.isoformat(),
                  "end_date": event.end_date.isoformat(), "venue": event.venue_name},
        "registration": {
            "first_name": registration.first_name, "last_name": registration.last_name,
            "email": registration.email, "organisation": registration.organisation,
            "organisation_type": registration.organisation_type.value, "position": registration.position,
            "phone": registration.phone, "language": registration.language,
            "status": registration.status.value, "waitlist_position": registration.waitlist_position,
            "source": registration.source.value, "photo_consent": registration.photo_consent,
            "created_at": registration.created_at.isoformat(),
            "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
        },
        "consents": [
            {"kind": c.consent_text.kind.value, "version": c.consent_text.version,
             "language": c.consent_text.language, "text": c.consent_text.text, "given_at": c.given_at.isoformat()}
            for c in consents
        ],
        "workshops": [
            {"title": s.item.title, "status": s.status.value, "signed_up_at": s.created_at.isoformat()}
            for s in signups
        ],
        "check_ins": [
            {"day": c.day.isoformat(), "agenda_item_id": c.item_id, "scanned_at": c.scanned_at.isoformat(),
             "undone": c.undone_at is not None}
            for c in checkins
        ],
        "emails": [
            {"subject": e.subject, "status": e.status.value, "created_at": e.created_at.isoformat()}
            for e in emails
        ],
        "answers": export_answers(registration, registration.language),
    }


def _blank(registration: Registration, now: datetime) -> None:
    registration.first_name = ANONYMOUS_NAME
    registration.last_name = ANONYMOUS_NAME
    # Unique per event and never deliverable: the .invalid top-level domain is reserved.
    registration.email = f"anonymised-{registration.id}@anonymised.invalid"
    registration.phone = None
    registration.position = ""
    registration.manage_token = new_token()
    registration.badge_code = new_token()
    registration.calendar_token = new_token()
    registration.anonymised_at = now


def anonymise_registrations(registrations: list[Registration], now: datetime | None = None) -> int:
    """Blank the personal data of these registrations and drop their stored emails (caller commits)."""
    now = now or utcnow()
    ids = [r.id for r in registrations if r.anonymised_at is None]
    for registration in registrations:
        if registration.anonymised_at is None:
            _blank(registration, now)
    if ids:
        db.session.execute(delete(OutboundEmail).where(OutboundEmail.registration_id.in_(ids)))
        delete_answers(ids)
    return len(ids)


def events_due_for_anonymisation(older_than_days: int, now: datetime | None = None) -> list[Event]:
    """Finished events whose last day is more than N days ago."""
    now = now or utcnow()
    cutoff = (now - timedelta(days=older_than_days)).date()
    return list(db.session.scalars(
        select(Event).where(Event.status == EventStatus.FINISHED, Event.end_date < cutoff).order_by(Event.end_date)
    ))


def anonymise_finished_events(older_than_days: int, now: datetime | None = None,
                              progress: Callable[[str], None] = lambda message: None,
                              batch_size: int = 500) -> int:
    """Anonymise every registration of events finished more than N days ago; commits per batch."""
    from eventapp.programmes.evidence import archive_holds

    now = now or utcnow()
    total = 0
    events = events_due_for_anonymisation(older_than_days, now)
    holds = archive_holds(events)
    for event in events:
        # A funded programme's documents are kept until its archive date (EU rules): not before.
        if event.id in holds and holds[event.id] >= now.date():
            progress(f"{event.slug}: kept until {holds[event.id].isoformat()} (programme archive)")
            continue
        done = 0
        while True:
            batch = list(db.session.scalars(
                select(Registration)
                .where(Registration.event_id == event.id, Registration.anonymised_at.is_(None))
                .order_by(Registration.id).limit(batch_size)
            ))
            if not batch:
                break
            done += anonymise_registrations(batch, now)
            db.session.commit()
            progress(f"{event.slug}: {done} anonymised")
        total += done
    return total
