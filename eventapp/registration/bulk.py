"""Registering many people in one transaction (an organiser's import): all or nothing.

The same seat rule as one sign-up (`services.register`): under the event's row lock, the
waiting list is served first, then each person gets a free seat or the end of the queue, in
the order given.
"""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Registration, RegistrationSource, RegistrationStatus
from eventapp.registration import emails, services, waitlist


class AlreadyRegistered(services.RegistrationError):
    """Some addresses were registered meanwhile (between the preview and the import)."""

    def __init__(self, message: str, emails: list[str]) -> None:
        super().__init__(message)
        self.emails = emails


def register_many(event: Event, people: list[services.RegistrationDetails], *,
                  source: RegistrationSource = RegistrationSource.ORGANISER,
                  send_emails: bool = True) -> list[Registration]:
    """Register everyone or no one; raises `AlreadyRegistered` (nothing written) when an address
    is already registered (and not cancelled), `RegistrationClosed` once the event is cancelled."""
    from flask_babel import gettext as _

    services._lock_open_event(event)
    wanted = {services.normalise_email(p.email) for p in people}
    existing = {r.email: r for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.email.in_(wanted)))}
    taken = sorted(email for email, r in existing.items() if r.status != RegistrationStatus.CANCELLED)
    if taken:
        db.session.rollback()
        raise AlreadyRegistered(_("Already registered meanwhile: %(emails)s", emails=", ".join(taken)), taken)
    queue = waitlist.event_queue(event)
    waitlist.fill_seats(queue)
    confirmed, last_position = waitlist.counts(queue)
    made = []
    for details in people:
        registration = existing.get(services.normalise_email(details.email))
        if registration is None:
            registration = services._new_registration(event, details, source)
            db.session.add(registration)
        else:  # cancelled earlier: signs up afresh, as on the form
            services._apply_details(registration, details)
            registration.source = source
        if waitlist.has_seat(event.capacity, confirmed):
            services._confirm(registration)
            confirmed += 1
        else:
            services._waitlist(registration, last_position)
            last_position += 1
        services._record_consents(registration, None, details.photo_consent)
        made.append(registration)
    db.session.flush()
    if send_emails:
        for registration in made:
            emails.queue_welcome(registration)
    services._finish()
    return made
