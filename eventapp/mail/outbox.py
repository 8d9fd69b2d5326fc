"""The outbox: store a message with the change that caused it, deliver it afterwards.

A registration never waits for, or is lost to, a mail server that is down: services
queue messages in the same transaction as their change (`queue_email` with the text
already written, or `queue_rendered_later` with only what is to be said, which the
worker renders). When the transaction commits a delivery task goes to the task queue
(`mail/tasks.py`); the sweep every minute picks up whatever is due that a crash or a lost
task left behind, and failures are retried with growing pauses until MAIL_MAX_ATTEMPTS.
Several workers may deliver at once: each message is claimed by a conditional UPDATE
(a lease), so no message goes out twice from two workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import or_, select, update

from eventapp.extensions import db
from eventapp.mail import transport
from eventapp.mail.headers import MAIL_POLICY, header_text
from eventapp.models import EmailStatus, OutboundEmail, utcnow

log = logging.getLogger(__name__)

# While a worker is sending, other workers leave the message alone for this long.
LEASE = timedelta(minutes=5)
# Session.info key: ids of the messages a transaction queued, handed to the task queue on commit.
PENDING_KEY = "outbox_pending_ids"


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str  # "image/png", "text/calendar; method=PUBLISH", "application/pdf"
    content: bytes
    # Set for an image shown inside the HTML body (<img src="cid:…">) rather than attached.
    content_id: str | None = None


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    automatic: bool = True
    unsubscribe_url: str | None = None


def build_message(recipient: str, subject: str, text: str, html: str | None = None,
                  attachments: Iterable[Attachment] = (), *, automatic: bool = True,
                  unsubscribe_url: str | None = None) -> EmailMessage:
    """The MIME message. Header values pass through `header_text` (a line break in a title never
    breaks the message); `automatic` messages say so (RFC 3834), a bulk mailing names the page
    where its reader can leave (`List-Unsubscribe`, RFC 2369)."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = header_text(recipient)
    message["Subject"] = header_text(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eventapp")
    if automatic:
        message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{header_text(unsubscribe_url)}>"
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    attachments = list(attachments)
    html_part = message.get_body(("html",)) if html is not None else None
    for attachment in attachments:
        if attachment.content_id and html_part is not None:
            maintype, subtype, params = _content_type(attachment)
            html_part.add_related(attachment.content, maintype=maintype, subtype=subtype,
                                  cid=f"<{attachment.content_id}>", filename=attachment.filename,
                                  disposition="inline", params=params)
    for attachment in attachments:
        if attachment.content_id and html_part is not None:
            continue
        maintype, subtype, params = _content_type(attachment)
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.filename, params=params)
    return message


def _content_type(attachment: Attachment) -> tuple[str, str, dict[str, str]]:
    """("text", "calendar", {"charset": "utf-8", "method": "PUBLISH"}) from the attachment's
    mimetype; text of ours is always UTF-8, so a text part without a charset gets one."""
    kind, *pairs = (part.strip() for part in attachment.mimetype.split(";"))
    maintype, subtype = kind.split("/", 1)
    params = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
    if maintype == "text":
        params.setdefault("charset", "utf-8")
    return maintype, subtype, params


def _wire(message: EmailMessage) -> bytes:
    # SMTP wants CRLF line ends; smtplib does not convert bytes, so store them that way.
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def queue_email(*, kind: str, recipient: str, subject: str, text: str, html: str | None = None,
                attachments: Iterable[Attachment] = (), event_id: int | None = None,
                registration_id: int | None = None, automatic: bool = True,
                unsubscribe_url: str | None = None) -> OutboundEmail:
    """Add a written message to the outbox in the caller's transaction (the caller commits)."""
    message = build_message(recipient, subject, text, html, attachments, automatic=automatic,
                            unsubscribe_url=unsubscribe_url)
    email = OutboundEmail(kind=kind, recipient=recipient, subject=header_text(subject)[:300], message=_wire(message),
                          event_id=event_id, registration_id=registration_id, next_attempt_at=utcnow())
    db.session.add(email)
    return email


# kind -> function(OutboundEmail) -> RenderedEmail, registered by the features that queue them.
_RENDERERS: dict[str, Callable[[OutboundEmail], RenderedEmail]] = {}


def renderer(*kinds: str) -> Callable:
    """Register the function that writes messages of these kinds when the worker sends them."""

    def register(func: Callable[[OutboundEmail], RenderedEmail]) -> Callable[[OutboundEmail], RenderedEmail]:
        for kind in kinds:
            _RENDERERS[kind] = func
        return func

    return register


def queue_rendered_later(*, kind: str, recipient: str, language: str, payload: dict | None = None,
                         event_id: int | None = None, registration_id: int | None = None) -> OutboundEmail:
    """Store what is to be said (kind, registration, language, small payload) in the caller's
    transaction; the worker renders text, HTML and attachments, then sends."""
    if kind not in _RENDERERS:
        raise LookupError(f"no renderer for email kind {kind!r}")
    email = OutboundEmail(kind=kind, recipient=recipient, subject="", message=None, language=language,
                          payload=payload or {}, event_id=event_id, registration_id=registration_id,
                          next_attempt_at=utcnow())
    db.session.add(email)
    return email


def _render(email: OutboundEmail) -> None:
    """Write a message queued as what is to be said; its bytes stay as the record of what went out."""
    rendered = _RENDERERS[email.kind](email)
    message = build_message(email.recipient, rendered.subject, rendered.text, rendered.html, rendered.attachments,
                            automatic=rendered.automatic, unsubscribe_url=rendered.unsubscribe_url)
    email.subject = header_text(rendered.subject)[:300]
    email.message = _wire(message)


def _retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _claim(email_id: int, now: datetime) -> OutboundEmail | None:
    """Take one due message for this worker; None if another worker has it or it is done."""
    claimed = db.session.execute(
        update(OutboundEmail)
        .where(OutboundEmail.id == email_id, OutboundEmail.status == EmailStatus.QUEUED,
               OutboundEmail.next_attempt_at <= now)
        .values(next_attempt_at=now + LEASE, attempts=OutboundEmail.attempts + 1)
    ).rowcount
    db.session.commit()
    return db.session.get(OutboundEmail, email_id) if claimed else None


def deliver_one(email_id: int, now: datetime | None = None) -> EmailStatus | None:
    """Send one message if it is due; records the outcome. None if it was not ours to send.

    No transaction stays open while the mail server is talked to: the claim and the
    rendering commit first, the outcome is written afterwards.
    """
    now = now or utcnow()
    email = _claim(email_id, now)
    if email is None:
        return None
    try:
        if email.message is None:
            _render(email)
        wire, recipient = email.message, email.recipient
        db.session.commit()
    except Exception as error:  # a message that cannot be written fails alone  # noqa: BLE001
        db.session.rollback()
        log.exception("mail %s could not be built", email_id)
        return _record(email_id, error, final=True)
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    try:
        transport.send(wire, sender, [recipient])
    except Exception as error:  # any failure: the message stays in the outbox  # noqa: BLE001
        return _record(email_id, error)
    return _record(email_id, None)


def _record(email_id: int, error: Exception | None, final: bool = False) -> EmailStatus:
    email = db.session.get(OutboundEmail, email_id)
    if error is None:
        email.status, email.sent_at, email.last_error = EmailStatus.SENT, utcnow(), None
    else:
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if final or email.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            email.status = EmailStatus.FAILED
        else:
            email.next_attempt_at = utcnow() + _retry_delay(email.attempts)
        log.warning("mail %s not delivered (attempt %s): %s", email.id, email.attempts, email.last_error)
    status = email.status
    db.session.commit()
    return status


def due_ids(now: datetime | None = None, limit: int = 100, untried_after: timedelta | None = None) -> list[int]:
    """Messages due now, oldest first. With `untried_after`, a message never tried counts only once
    it is that old: until then its own delivery task is expected to take it (the sweep's view)."""
    now = now or utcnow()
    query = select(OutboundEmail.id).where(OutboundEmail.status == EmailStatus.QUEUED,
                                           OutboundEmail.next_attempt_at <= now)
    if untried_after is not None:
        query = query.where(or_(OutboundEmail.attempts > 0, OutboundEmail.created_at <= now - untried_after))
    return list(db.session.scalars(query.order_by(OutboundEmail.id).limit(limit)))


def deliver_due(now: datetime | None = None, limit: int = 100,
                progress: Callable[[int, int], None] | None = None) -> DeliveryReport:
    """Deliver every due message (up to `limit`) here and now, reporting progress as (done, total)."""
    report = DeliveryReport()
    ids = due_ids(now, limit)
    for done, email_id in enumerate(ids, start=1):
        status = deliver_one(email_id, now)
        if status == EmailStatus.SENT:
            report.sent += 1
        elif status == EmailStatus.FAILED:
            report.failed += 1
        elif status == EmailStatus.QUEUED:
            report.retrying += 1
        if progress:
            progress(done, len(ids))
    return report


def failed_emails(event_id: int) -> list[OutboundEmail]:
    """Messages of an event that could not be delivered, newest first (shown to organisers)."""
    return list(db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.event_id == event_id, OutboundEmail.status == EmailStatus.FAILED)
        .order_by(OutboundEmail.id.desc())
    ))


def retry(email_id: int) -> None:
    """Put a failed message back in the queue (an organiser fixed the address or the server)."""
    retried = db.session.execute(
        update(OutboundEmail).where(OutboundEmail.id == email_id, OutboundEmail.status == EmailStatus.FAILED)
        .values(status=EmailStatus.QUEUED, next_attempt_at=utcnow(), attempts=0)
    ).rowcount
    if retried:
        db.session.info.setdefault(PENDING_KEY, set()).add(email_id)
    db.session.commit()
