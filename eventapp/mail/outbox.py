"""The outbox: store a message with the change that caused it, deliver it afterwards.

A registration never waits for, or is lost to, a mail server that is down: services
queue messages in the same transaction as their change; delivery happens after the
commit and failures are retried with growing pauses until MAIL_MAX_ATTEMPTS.
Several processes may deliver at once: each message is claimed by a conditional
UPDATE (a lease), so no message goes out twice from two workers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import Flask, current_app
from sqlalchemy import select, update

from eventapp.extensions import db
from eventapp.mail import transport
from eventapp.mail.headers import MAIL_POLICY, header_text
from eventapp.models import EmailStatus, OutboundEmail, utcnow

log = logging.getLogger(__name__)

# While a worker is sending, other workers leave the message alone for this long.
LEASE = timedelta(minutes=5)


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


def queue_email(*, kind: str, recipient: str, subject: str, text: str, html: str | None = None,
                attachments: Iterable[Attachment] = (), event_id: int | None = None,
                registration_id: int | None = None, automatic: bool = True,
                unsubscribe_url: str | None = None) -> OutboundEmail:
    """Add a message to the outbox in the caller's transaction (the caller commits)."""
    message = build_message(recipient, subject, text, html, attachments, automatic=automatic,
                            unsubscribe_url=unsubscribe_url)
    # SMTP wants CRLF line ends; smtplib does not convert bytes, so store them that way.
    wire = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    email = OutboundEmail(kind=kind, recipient=recipient, subject=header_text(subject)[:300], message=wire,
                          event_id=event_id, registration_id=registration_id, next_attempt_at=utcnow())
    db.session.add(email)
    return email


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
    """Send one message if it is due; records the outcome. None if it was not ours to send."""
    now = now or utcnow()
    email = _claim(email_id, now)
    if email is None:
        return None
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    try:
        transport.send(email.message, sender, [email.recipient])
    except Exception as error:  # any failure: the message stays in the outbox  # noqa: BLE001
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            email.status = EmailStatus.FAILED
        else:
            email.next_attempt_at = utcnow() + _retry_delay(email.attempts)
        log.warning("mail %s not delivered (attempt %s): %s", email.id, email.attempts, email.last_error)
    else:
        email.status = EmailStatus.SENT
        email.sent_at = utcnow()
        email.last_error = None
    status = email.status
    db.session.commit()
    return status


def due_ids(now: datetime | None = None, limit: int = 100) -> list[int]:
    now = now or utcnow()
    return list(db.session.scalars(
        select(OutboundEmail.id)
        .where(OutboundEmail.status == EmailStatus.QUEUED, OutboundEmail.next_attempt_at <= now)
        .order_by(OutboundEmail.id).limit(limit)
    ))


def deliver_due(now: datetime | None = None, limit: int = 100,
                progress: Callable[[int, int], None] | None = None) -> DeliveryReport:
    """Deliver every due message (up to `limit`), reporting progress as (done, total)."""
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


def deliver_after_commit() -> None:
    """Start delivering what is due, without making the current request wait for SMTP.

    MAIL_DELIVERY = "thread" (default): a background thread with its own app context;
    "inline": now, in this request (tests); "worker": leave it to `flask mail deliver --loop`.
    """
    mode = current_app.config["MAIL_DELIVERY"]
    if mode == "inline":
        deliver_due()
    elif mode == "thread":
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(target=_deliver_in_thread, args=(app,), daemon=True).start()


def _deliver_in_thread(app: Flask) -> None:
    with app.app_context():
        try:
            deliver_due()
        finally:
            db.session.remove()


def failed_emails(event_id: int) -> list[OutboundEmail]:
    """Messages of an event that could not be delivered, newest first (shown to organisers)."""
    return list(db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.event_id == event_id, OutboundEmail.status == EmailStatus.FAILED)
        .order_by(OutboundEmail.id.desc())
    ))


def retry(email_id: int) -> None:
    """Put a failed message back in the queue (an organiser fixed the address or the server)."""
    db.session.execute(
        update(OutboundEmail).where(OutboundEmail.id == email_id, OutboundEmail.status == EmailStatus.FAILED)
        .values(status=EmailStatus.QUEUED, next_attempt_at=utcnow(), attempts=0)
    )
    db.session.commit()
