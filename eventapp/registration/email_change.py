"""A participant changes their email address without losing their seat: the new address is
confirmed by a link sent to it, and only then replaces the old one on the same registration
(same seat, waiting-list place, workshops and badge).

Nothing is stored until the link is followed: the request travels in a signed, time-limited
token naming the registration, the address it had, and the new address. A token stops
working once the address has changed (so it works once), and after VALID_FOR.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.feeds.urls import email_link
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.models import Registration
from eventapp.registration import emails, services
from eventapp.registration.services import EmailTaken, RegistrationError

VALID_FOR = 2 * 24 * 3600  # seconds
KIND = "registration.email_change"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="registration-email-change")


def _taken(registration: Registration, address: str) -> bool:
    return db.session.scalar(select(Registration.id).where(
        Registration.event_id == registration.event_id, Registration.email == address,
        Registration.id != registration.id)) is not None


def request_change(registration: Registration, new_address: str) -> str:
    """Send the confirmation link to the new address; returns it (normalised). Refuses the
    current address and one already registered for the event (`RegistrationError`)."""
    address = services.normalise_email(new_address)
    if address == registration.email:
        raise RegistrationError(_("This is already your address."))
    if _taken(registration, address):
        raise EmailTaken(_("This email address is already registered for the event."))
    token = _serializer().dumps({"r": registration.id, "old": registration.email, "new": address})
    event = registration.event
    with force_locale(emails._language(registration)):
        link = email_link("registration.confirm_email", slug=event.slug, token=registration.manage_token,
                          change=token)
        text = render_template("registration/email/email_change.txt", registration=registration, event=event,
                               link=link, new_address=address)
        queue_email(kind=KIND, recipient=address, subject=_("Confirm your new email address for %(title)s",
                                                            title=event.title),
                    text=text, event_id=event.id, registration_id=registration.id)
    db.session.commit()
    deliver_after_commit()
    return address


def confirm_change(registration: Registration, token: str) -> str:
    """Put the confirmed address on the registration (keeping everything else); returns it.
    Refuses an expired, forged, used or foreign token, and an address taken meanwhile."""
    try:
        data = _serializer().loads(token, max_age=VALID_FOR)
    except SignatureExpired:
        raise RegistrationError(_("This confirmation link has expired: please ask for the change again.")) from None
    except BadSignature:
        raise RegistrationError(_("This confirmation link is not valid.")) from None
    if data.get("r") != registration.id or data.get("old") != registration.email:
        raise RegistrationError(_("This confirmation link is not valid any more."))
    services.update_details(registration, email=data["new"])  # tells the new address; EmailTaken if taken
    return registration.email
