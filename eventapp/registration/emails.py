"""Emails to participants, in the participant's language.

A service stores only what is to be said (the kind, the registration, the language and a
small payload) in its own transaction; the worker renders the text, the HTML, the QR code
and the .ics when it sends the message, so a sign-up does not pay for building them.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.badges import qr_png
from eventapp.extensions import db
from eventapp.feeds.services import invitation_attachment, participant_feed_urls
from eventapp.feeds.urls import email_link
from eventapp.mail.outbox import Attachment, RenderedEmail, queue_rendered_later, renderer
from eventapp.models import AgendaItem, OutboundEmail, Registration, RegistrationStatus

QR_CID = "badge-qr@eventapp"
KINDS = ("confirmation", "waitlist", "link", "promotion", "cancellation", "event_cancelled",
         "workshop_promotion", "details_changed")


def manage_url(registration: Registration) -> str:
    """The private page's address in the participant's language."""
    return email_link("registration.manage", language=_language(registration), slug=registration.event.slug,
                      token=registration.manage_token)


def _language(registration: Registration) -> str:
    languages = current_app.config["LANGUAGES"]
    return registration.language if registration.language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _badge_attachments(registration: Registration) -> list[Attachment]:
    png = qr_png(registration.badge_code)
    return [
        Attachment("badge-qr.png", "image/png", png, content_id=QR_CID),
        Attachment("badge-qr.png", "image/png", png),
        invitation_attachment(registration.event, registration),
    ]


def _queue(registration: Registration, kind: str, badge: bool = False, **payload) -> None:
    """Store the message in the caller's transaction; the status it speaks of is the one now."""
    queue_rendered_later(
        kind=f"registration.{kind}", recipient=registration.email, language=_language(registration),
        payload={"status": registration.status.value, "badge": badge, **payload},
        event_id=registration.event_id, registration_id=registration.id,
    )


def _subject(kind: str, registration: Registration, item: AgendaItem | None) -> str:
    title = registration.event.title
    if kind == "confirmation":
        return _("Your place at %(title)s is confirmed", title=title)
    if kind == "waitlist":
        return _("You are on the waiting list for %(title)s", title=title)
    if kind == "link":
        return _("Your private link for %(title)s", title=title)
    if kind == "promotion":
        return _("A seat is yours: your place at %(title)s is confirmed", title=title)
    if kind == "cancellation":
        return _("Your registration for %(title)s is cancelled", title=title)
    if kind == "event_cancelled":
        return _("Cancelled: %(title)s", title=title)
    if kind == "workshop_promotion":
        return _("A seat is yours in %(item)s", item=item.title if item else "")
    return _("Your details for %(title)s were changed", title=title)


@renderer(*(f"registration.{kind}" for kind in KINDS))
def render(email: OutboundEmail) -> RenderedEmail:
    """Write registration/email/<kind>.txt and .html in the language stored with the message."""
    registration = db.session.get(Registration, email.registration_id) if email.registration_id else None
    if registration is None:
        raise LookupError("the registration this message was about no longer exists")
    kind = email.kind.split(".", 1)[1]
    payload = email.payload or {}
    item = db.session.get(AgendaItem, payload["item_id"]) if payload.get("item_id") else None
    status = payload.get("status", registration.status.value)
    with force_locale(email.language or _language(registration)):
        attachments = _badge_attachments(registration) if payload.get("badge") else []
        values = dict(
            registration=registration, event=registration.event, manage_url=manage_url(registration),
            feed_url=participant_feed_urls(registration).https,
            confirmed=status == RegistrationStatus.CONFIRMED.value,
            waitlisted=status == RegistrationStatus.WAITLISTED.value,
            qr_cid=QR_CID if attachments else None, item=item, message=payload.get("message"),
        )
        return RenderedEmail(
            subject=_subject(kind, registration, item),
            text=render_template(f"registration/email/{kind}.txt", **values),
            html=render_template(f"registration/email/{kind}.html", **values),
            attachments=attachments,
        )


def queue_welcome(registration: Registration) -> None:
    """Right after signing up: the confirmation (QR badge, .ics) or the waiting-list notice."""
    if registration.status == RegistrationStatus.CONFIRMED:
        _queue(registration, "confirmation", badge=True)
    else:
        _queue(registration, "waitlist")


def queue_link(registration: Registration) -> None:
    """The private link again (a repeated sign-up or the 'lost my link' form), with the status."""
    _queue(registration, "link", badge=registration.status == RegistrationStatus.CONFIRMED)


def queue_promotion(registration: Registration) -> None:
    """A seat freed up (or an organiser confirmed the place): now confirmed, with the badge."""
    _queue(registration, "promotion", badge=True)


def queue_cancellation(registration: Registration) -> None:
    _queue(registration, "cancellation")


def queue_event_cancelled(registration: Registration, message: str | None) -> None:
    """The whole event is called off: tell the person, with the organiser's message if any (no badge)."""
    _queue(registration, "event_cancelled", message=message or None)


def queue_workshop_promotion(registration: Registration, item: AgendaItem) -> None:
    _queue(registration, "workshop_promotion", item_id=item.id)


def queue_details_changed(registration: Registration) -> None:
    _queue(registration, "details_changed")
