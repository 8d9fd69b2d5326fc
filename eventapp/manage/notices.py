"""Telling people about agenda changes: one message per person listing every change since
their last message, never one email per edit.

`item_changed` runs inside the organiser's change and leaves one `ChangeNotice` per person
concerned (the item's speakers; the participants signed up for it if it has its own sign-up,
else every confirmed participant). `send_digests` (`flask notify changes`, also run by the
mail worker loop) groups the unsent notices per person and queues one email each, in their
language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.feeds.urls import email_link
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.manage import describe
from eventapp.models import (
    AgendaItem,
    ChangeRecord,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    SignupStatus,
    Speaker,
    WorkshopSignup,
    utcnow,
)
from eventapp.models.manage import ChangeNotice
from eventapp.templating import event_time, medium_date

DIGEST_KIND = "manage.agenda_changes"


def _participants(item: AgendaItem) -> list[tuple[Registration, None]]:
    query = select(Registration).where(Registration.event_id == item.event_id,
                                       Registration.status == RegistrationStatus.CONFIRMED)
    if item.requires_signup:
        query = query.where(Registration.id.in_(
            select(WorkshopSignup.registration_id).where(
                WorkshopSignup.item_id == item.id,
                WorkshopSignup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)))
        ))
    return list(db.session.scalars(query.order_by(Registration.id)))


def _speaker_language(speaker: Speaker) -> str:
    return (speaker.account.language if speaker.account is not None else None) or "pl"


def item_changed(event: Event, item: AgendaItem, entry: ChangeRecord,
                 extra_speakers: Iterable[Speaker] = ()) -> int:
    """Leave a notice of this change for everyone it concerns; the caller commits. Returns how many.

    Only published events have people to tell: a draft has no participants yet.
    """
    if event.status != EventStatus.PUBLISHED:
        return 0
    db.session.flush()
    rows: dict[str, dict] = {}
    for speaker in [*(part.speaker for part in item.speaker_roles), *extra_speakers]:
        if speaker.email and speaker.email.lower() not in rows:
            rows[speaker.email.lower()] = {"speaker_id": speaker.id, "registration_id": None,
                                           "name": speaker.name, "language": _speaker_language(speaker)}
    for registration in _participants(item):
        email = registration.email.lower()
        if email not in rows and registration.anonymised_at is None:
            rows[email] = {"speaker_id": None, "registration_id": registration.id,
                           "name": registration.full_name, "language": registration.language or "pl"}
    if rows:
        db.session.execute(insert(ChangeNotice), [
            {"event_id": event.id, "change_id": entry.id, "item_id": item.id, "email": email, **row}
            for email, row in rows.items()
        ])
    return len(rows)


# The digest: one message per person with everything since their last one.


@dataclass
class PersonDigest:
    event: Event
    email: str
    name: str
    language: str
    registration_id: int | None
    changes: list[ChangeRecord]


def _unsent_people() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(ChangeNotice.event_id, ChangeNotice.email).where(ChangeNotice.sent_at.is_(None))
        .group_by(ChangeNotice.event_id, ChangeNotice.email).order_by(ChangeNotice.event_id, ChangeNotice.email)
    )
    return [(event_id, email) for event_id, email in rows]


def _still_concerned(notice: ChangeNotice) -> bool:
    """A participant who cancelled since the change is not written to any more."""
    if notice.registration_id is None:
        return True
    status = db.session.scalar(select(Registration.status).where(Registration.id == notice.registration_id))
    return status == RegistrationStatus.CONFIRMED


def _render(digest: PersonDigest) -> tuple[str, str]:
    event = digest.event
    with force_locale(digest.language if digest.language in current_app.config["LANGUAGES"] else "pl"):
        lines = []
        for entry in digest.changes:
            item = entry.item
            title = item.title if item is not None else "—"
            details = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in describe.field_changes(event, entry))
            when = ""
            if item is not None:
                when = (f" ({medium_date(item.start_dt.astimezone(event.tz).date())}, "
                        f"{event_time(item.start_dt, event.tz)}–{event_time(item.end_dt, event.tz)}"
                        f"{', ' + item.room.name if item.room else ''})")
            lines.append(f"- {title}{when}: {describe.action_text(entry)}" + (f" — {details}" if details else ""))
        subject = _("Changes in the agenda of %(event)s", event=event.title)
        text = render_template("manage/email/agenda_changes.txt", name=digest.name, event=event, lines=lines,
                               agenda_url=email_link("agenda.agenda", slug=event.slug))
    return subject, text


def _digest_for(event_id: int, email: str, now) -> PersonDigest | None:
    """Claim one person's unsent notices (rows locked, skipped by other workers) and read them."""
    notices = list(db.session.scalars(
        select(ChangeNotice).where(ChangeNotice.event_id == event_id, ChangeNotice.email == email,
                                   ChangeNotice.sent_at.is_(None))
        .order_by(ChangeNotice.id).with_for_update(skip_locked=True)
    ))
    if not notices:
        return None
    for notice in notices:
        notice.sent_at = now
    wanted = [n for n in notices if _still_concerned(n)]
    if not wanted:
        return None
    entries = list(db.session.scalars(
        select(ChangeRecord).where(ChangeRecord.id.in_([n.change_id for n in wanted]))
        .options(selectinload(ChangeRecord.item).selectinload(AgendaItem.room))
        .order_by(ChangeRecord.at, ChangeRecord.id)
    ))
    last = wanted[-1]
    return PersonDigest(db.session.get(Event, event_id), email, last.name, last.language, last.registration_id,
                        entries)


def send_digests(now=None) -> int:
    """Queue one email per person listing all their unsent changes; returns how many were queued.

    Each person's notices are stamped in the same transaction as their message is queued, so a
    second run sends nothing new and a crash sends nothing twice.
    """
    now = now or utcnow()
    queued = 0
    for event_id, email in _unsent_people():
        digest = _digest_for(event_id, email, now)
        if digest is not None:
            subject, text = _render(digest)
            queue_email(kind=DIGEST_KIND, recipient=email, subject=subject, text=text, event_id=event_id,
                        registration_id=digest.registration_id)
            queued += 1
        db.session.commit()
    if queued:
        deliver_after_commit()
    return queued
