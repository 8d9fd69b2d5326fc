"""The reminder email, written by the worker in the participant's language: when and where
(with a map link), their own agenda (their workshops included), the QR badge, and how to cancel
so that the seat goes to someone else."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.feeds.services import participant_feed_urls, participant_items
from eventapp.mail.outbox import Attachment, RenderedEmail, queue_rendered_later, renderer
from eventapp.models import ItemStatus, OutboundEmail, Registration
from eventapp.public.services import map_link
from eventapp.registration.emails import QR_CID, _badge_attachments, _language, manage_url

KIND = "reminders.reminder"


def queue_reminder(registration: Registration, key: str) -> OutboundEmail:
    """Store the reminder in the caller's transaction; the worker writes it when it sends."""
    return queue_rendered_later(kind=KIND, recipient=registration.email, language=_language(registration),
                                payload={"reminder": key}, event_id=registration.event_id,
                                registration_id=registration.id)


def reminder_values(registration: Registration) -> dict:
    """What the reminder templates show (also used by a preview)."""
    event = registration.event
    agenda = [entry for entry in participant_items(registration) if entry.status != ItemStatus.CANCELLED]
    return dict(registration=registration, event=event, manage_url=manage_url(registration),
                feed_url=participant_feed_urls(registration).https, agenda=agenda, map_url=map_link(event),
                qr_cid=QR_CID, confirmed=True, waitlisted=False, item=None, message=None)


@renderer(KIND)
def render(email: OutboundEmail) -> RenderedEmail:
    registration = db.session.get(Registration, email.registration_id) if email.registration_id else None
    if registration is None:
        raise LookupError("the registration this reminder was for no longer exists")
    with force_locale(email.language or _language(registration)):
        values = reminder_values(registration)
        attachments: list[Attachment] = _badge_attachments(registration)
        return RenderedEmail(
            subject=_("Reminder: %(title)s is coming soon", title=registration.event.title),
            text=render_template("reminders/email/reminder.txt", **values),
            html=render_template("reminders/email/reminder.html", **values),
            attachments=attachments,
        )
