"""Emailing all registrants of an event, or a filtered group, with progress while it runs.

Starting a mailing stores its text and audience (`Mailing`) and commits; a job then puts one
message per person into the outbox in small batches, writing its progress into the row so any
web process can show it. Delivery is the outbox's: each recipient row points at its outbound
message, whose status says sent or failed. One bad address fails alone: its message is refused
by the mail server (or cannot even be built) and the others go on.

MANAGE_JOBS = "thread" (default): the job runs in a background thread of the web process;
"inline": at once, in the request (tests); "worker": left to `flask notify mailings --loop`.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from eventapp.extensions import db
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.registrations import RegistrationFilter, filtered
from eventapp.models import (
    Account,
    EmailStatus,
    Event,
    OutboundEmail,
    Registration,
    RegistrationStatus,
    utcnow,
)
from eventapp.models.manage import Mailing, MailingRecipient, MailingStatus
from eventapp.registration.services import private_page_url

log = logging.getLogger(__name__)

MAILING_KIND = "manage.mailing"
BATCH = 25
# A running job that has not reported for this long was interrupted (its process restarted).
STALE_AFTER = timedelta(minutes=2)


def audience(event: Event, filters: RegistrationFilter):
    """Who a mailing goes to: the filtered registrations; cancelled ones only when asked for by name."""
    query = filtered(event, filters).where(Registration.anonymised_at.is_(None))
    if filters.status is None:
        query = query.where(Registration.status != RegistrationStatus.CANCELLED)
    return query.order_by(Registration.id)


def audience_size(event: Event, filters: RegistrationFilter) -> int:
    return db.session.scalar(select(func.count()).select_from(audience(event, filters).subquery())) or 0


@rolls_back_on_refusal
def start_mailing(event: Event, filters: RegistrationFilter, subject: str, body: str, account: Account) -> Mailing:
    """Store a mailing and start the job that queues its messages (after the commit)."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise Refusal(_("Please write a subject."), field="subject")
    if not body:
        raise Refusal(_("Please write the message."), field="body")
    total = audience_size(event, filters)
    if total == 0:
        raise Refusal(_("Nobody matches these filters: there is no one to write to."))
    mailing = Mailing(event_id=event.id, created_by_id=account.id, subject=subject, body=body,
                      filters=filters.as_dict(), total=total, status=MailingStatus.QUEUED, heartbeat_at=utcnow())
    db.session.add(mailing)
    db.session.commit()
    _run_after_commit(mailing.id)
    return mailing


def _run_after_commit(mailing_id: int) -> None:
    mode = current_app.config.get("MANAGE_JOBS", "thread")
    if mode == "inline":
        run_mailing(mailing_id)
    elif mode == "thread":
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(target=_run_in_thread, args=(app, mailing_id), daemon=True).start()


def _run_in_thread(app: Flask, mailing_id: int) -> None:
    with app.app_context():
        try:
            run_mailing(mailing_id)
        finally:
            db.session.remove()


def _message_text(mailing: Mailing, event: Event, registration: Registration) -> str:
    """The organiser's text, signed with the event, and the way to stop hearing from it (the same
    private page the List-Unsubscribe header names), in the participant's language."""
    language = registration.language if registration.language in current_app.config["LANGUAGES"] \
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        leave = _("Your registration (to change your details or cancel it): %(url)s",
                  url=private_page_url(registration))
    return f"{mailing.body}\n\n-- \n{event.title}\n{leave}"


def run_mailing(mailing_id: int) -> MailingStatus | None:
    """Queue one message per recipient in batches, reporting progress; None if another worker has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(Mailing).where(Mailing.id == mailing_id, Mailing.status == MailingStatus.QUEUED)
        .values(status=MailingStatus.RUNNING, started_at=now, heartbeat_at=now)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    mailing = db.session.get(Mailing, mailing_id)
    event = db.session.get(Event, mailing.event_id)
    try:
        people = list(db.session.scalars(audience(event, RegistrationFilter.from_args(mailing.filters))))
        mailing.total = len(people)
        for start in range(0, len(people), BATCH):
            for registration in people[start:start + BATCH]:
                _queue_one(mailing, event, registration)
            mailing.queued = min(start + BATCH, len(people))
            mailing.heartbeat_at = utcnow()
            db.session.commit()
            deliver_after_commit()
    except Exception as error:  # the row must say it stopped, whatever went wrong  # noqa: BLE001
        db.session.rollback()
        log.exception("mailing %s stopped", mailing_id)
        mailing = db.session.get(Mailing, mailing_id)
        mailing.status, mailing.error, mailing.finished_at = MailingStatus.FAILED, str(error)[:2000], utcnow()
        db.session.commit()
        return MailingStatus.FAILED
    mailing.status, mailing.finished_at = MailingStatus.DONE, utcnow()
    db.session.commit()
    return MailingStatus.DONE


def _queue_one(mailing: Mailing, event: Event, registration: Registration) -> None:
    """One person's message; an address no message can be built for is noted, not fatal."""
    recipient = MailingRecipient(mailing_id=mailing.id, registration_id=registration.id, email=registration.email)
    try:
        with db.session.begin_nested():
            email = queue_email(kind=MAILING_KIND, recipient=registration.email, subject=mailing.subject,
                                text=_message_text(mailing, event, registration), event_id=event.id,
                                registration_id=registration.id, automatic=False,
                                unsubscribe_url=private_page_url(registration))
            db.session.flush()
    except (ValueError, TypeError) as error:
        recipient.error = f"{type(error).__name__}: {error}"[:2000]
    else:
        recipient.outbound_email_id = email.id
    db.session.add(recipient)


def queued_mailing_ids() -> list[int]:
    return list(db.session.scalars(
        select(Mailing.id).where(Mailing.status == MailingStatus.QUEUED).order_by(Mailing.id)
    ))


def event_mailings(event: Event) -> list[Mailing]:
    return list(db.session.scalars(
        select(Mailing).where(Mailing.event_id == event.id).order_by(Mailing.created_at.desc(), Mailing.id.desc())
    ))


def event_mailing(event: Event, mailing_id: int) -> Mailing | None:
    mailing = db.session.get(Mailing, mailing_id)
    return mailing if mailing is not None and mailing.event_id == event.id else None


def progress(mailing: Mailing) -> dict:
    """What the progress page shows and polls: queued / sent / failed of the total."""
    counts = dict(db.session.execute(
        select(OutboundEmail.status, func.count(OutboundEmail.id))
        .join(MailingRecipient, MailingRecipient.outbound_email_id == OutboundEmail.id)
        .where(MailingRecipient.mailing_id == mailing.id).group_by(OutboundEmail.status)
    ).all())
    not_built = db.session.scalar(select(func.count(MailingRecipient.id)).where(
        MailingRecipient.mailing_id == mailing.id, MailingRecipient.error.is_not(None))) or 0
    status = mailing.status
    last_sign = mailing.heartbeat_at or mailing.created_at
    if status in (MailingStatus.QUEUED, MailingStatus.RUNNING) and utcnow() - last_sign > STALE_AFTER:
        status = MailingStatus.FAILED
    sent = counts.get(EmailStatus.SENT, 0)
    failed = counts.get(EmailStatus.FAILED, 0) + not_built
    waiting = counts.get(EmailStatus.QUEUED, 0)
    finished = status == MailingStatus.DONE and waiting == 0
    return {"id": mailing.id, "status": status.value, "total": mailing.total, "queued": mailing.queued,
            "waiting": waiting, "sent": sent, "failed": failed, "finished": finished or status == MailingStatus.FAILED}


def failed_recipients(mailing: Mailing) -> list[tuple[str, str]]:
    """(address, reason) of everyone the mailing did not reach."""
    rows = db.session.execute(
        select(MailingRecipient.email, MailingRecipient.error, OutboundEmail.last_error)
        .outerjoin(OutboundEmail, OutboundEmail.id == MailingRecipient.outbound_email_id)
        .where(MailingRecipient.mailing_id == mailing.id,
               (MailingRecipient.error.is_not(None)) | (OutboundEmail.status == EmailStatus.FAILED))
        .order_by(MailingRecipient.email)
    )
    return [(email, error or last_error or "") for email, error, last_error in rows]
