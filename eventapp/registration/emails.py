"""Emails to participants, queued in the caller's transaction, in the participant's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.badges import qr_png
from eventapp.feeds.services import invitation_attachment, participant_feed_urls
from eventapp.feeds.urls import email_link
from eventapp.mail.outbox import Attachment, queue_email
from eventapp.models import AgendaItem, Registration, RegistrationStatus

QR_CID = "badge-qr@eventapp"


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


def _queue(registration: Registration, kind: str, subject: str,
           attachments: list[Attachment] | None = None, **context) -> None:
    """Render registration/email/<kind>.txt and .html (the caller has set the language)."""
    event = registration.event
    values = dict(
        registration=registration, event=event, manage_url=manage_url(registration),
        feed_url=participant_feed_urls(registration).https,
        confirmed=registration.status == RegistrationStatus.CONFIRMED,
        waitlisted=registration.status == RegistrationStatus.WAITLISTED,
        qr_cid=QR_CID if attachments else None, **context,
    )
    text = render_template(f"registration/email/{kind}.txt", **values)
    html = render_template(f"registration/email/{kind}.html", **values)
    queue_email(kind=f"registration.{kind}", recipient=registration.email, subject=subject, text=text,
                html=html, attachments=attachments or (), event_id=event.id, registration_id=registration.id)


def queue_welcome(registration: Registration) -> None:
    """Right after signing up: the confirmation (QR badge, .ics) or the waiting-list notice."""
    title = registration.event.title
    with force_locale(_language(registration)):
        if registration.status == RegistrationStatus.CONFIRMED:
            _queue(registration, "confirmation", _("Your place at %(title)s is confirmed", title=title),
                   _badge_attachments(registration))
        else:
            _queue(registration, "waitlist", _("You are on the waiting list for %(title)s", title=title))


def queue_link(registration: Registration) -> None:
    """The private link again (a repeated sign-up or the 'lost my link' form), with the status."""
    title = registration.event.title
    with force_locale(_language(registration)):
        attachments = _badge_attachments(registration) if registration.status == RegistrationStatus.CONFIRMED else None
        _queue(registration, "link", _("Your private link for %(title)s", title=title), attachments)


def queue_promotion(registration: Registration) -> None:
    """A seat freed up (or an organiser confirmed the place): now confirmed, with the badge."""
    title = registration.event.title
    with force_locale(_language(registration)):
        _queue(registration, "promotion", _("A seat is yours: your place at %(title)s is confirmed", title=title),
               _badge_attachments(registration))


def queue_cancellation(registration: Registration) -> None:
    title = registration.event.title
    with force_locale(_language(registration)):
        _queue(registration, "cancellation", _("Your registration for %(title)s is cancelled", title=title))


def queue_event_cancelled(registration: Registration, message: str | None) -> None:
    """The whole event is called off: tell the person, with the organiser's message if any (no badge)."""
    title = registration.event.title
    with force_locale(_language(registration)):
        _queue(registration, "event_cancelled", _("Cancelled: %(title)s", title=title), message=message or None)


def queue_workshop_promotion(registration: Registration, item: AgendaItem) -> None:
    with force_locale(_language(registration)):
        _queue(registration, "workshop_promotion",
               _("A seat is yours in %(item)s", item=item.title), item=item)


def queue_details_changed(registration: Registration) -> None:
    title = registration.event.title
    with force_locale(_language(registration)):
        _queue(registration, "details_changed", _("Your details for %(title)s were changed", title=title))
