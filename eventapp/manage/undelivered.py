"""Messages of an event that the outbox gave up on: listed for its organisers, who may send them again."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.manage.errors import Refusal
from eventapp.models import EmailStatus, Event, OutboundEmail

# What each kind of message is, as an organiser would name it (kinds not listed show as stored).
KIND_LABELS = {
    "registration.confirmation": _l("Registration confirmation"),
    "registration.waitlist": _l("Waiting-list notice"),
    "registration.link": _l("Private link"),
    "registration.promotion": _l("Place freed: confirmation"),
    "registration.cancellation": _l("Cancellation notice"),
    "registration.event_cancelled": _l("Event cancelled"),
    "registration.workshop_promotion": _l("Workshop place freed"),
    "registration.details_changed": _l("Details changed"),
    "manage.mailing": _l("Email to registrants"),
    "manage.agenda_changes": _l("Agenda changes"),
    "auth.invitation": _l("Team invitation"),
    "portal.proposal_decided": _l("Proposal decision"),
    "reports.after_event": _l("Thank-you and certificate"),
}


def kind_label(kind: str) -> str:
    """The organiser's name for a kind of message."""
    return str(KIND_LABELS.get(kind, kind))


def failed_messages(event: Event) -> list[OutboundEmail]:
    """The event's messages that could not be delivered, newest first."""
    return outbox.failed_emails(event.id)


def event_message(event: Event, email_id: int) -> OutboundEmail | None:
    """One message of this event (None for another event's, so that it is not revealed)."""
    email = db.session.get(OutboundEmail, email_id)
    return email if email is not None and email.event_id == event.id else None


def retry_message(email: OutboundEmail) -> None:
    """Send one failed message again (the organiser fixed the address or the server)."""
    if email.status != EmailStatus.FAILED:
        raise Refusal(_("This message is no longer waiting to be sent again."))
    outbox.retry(email.id)
    outbox.deliver_after_commit()


def retry_all(event: Event) -> int:
    """Send every failed message of this event again; how many were put back in the queue."""
    ids = [email.id for email in failed_messages(event)]
    for email_id in ids:
        outbox.retry(email_id)
    if ids:
        outbox.deliver_after_commit()
    return len(ids)
