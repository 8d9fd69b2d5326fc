"""Shared bits of the registration tests."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import OrganisationType, OutboundEmail, Registration, RegistrationStatus
from eventapp.registration.services import RegistrationDetails

_seq = itertools.count(1)


def details(email: str | None = None, **fields) -> RegistrationDetails:
    n = next(_seq)
    values = dict(
        first_name="Łucja", last_name=f"Ślęzak{n}", email=email or f"uczestnik{n}@example.org",
        organisation="Stowarzyszenie Żurawie", organisation_type=OrganisationType.NGO,
        position="Prezeska", phone=None, photo_consent=False, language="pl",
    )
    values.update(fields)
    return RegistrationDetails(**values)


def statuses(event) -> list[tuple[str, RegistrationStatus, int | None]]:
    rows = db.session.execute(
        select(Registration.email, Registration.status, Registration.waitlist_position)
        .where(Registration.event_id == event.id).order_by(Registration.id)
    ).all()
    return [tuple(r) for r in rows]


def emails_to(address: str) -> list[OutboundEmail]:
    return list(db.session.scalars(
        select(OutboundEmail).where(OutboundEmail.recipient == address).order_by(OutboundEmail.id)
    ))


def kinds_to(address: str) -> list[str]:
    return [e.kind for e in emails_to(address)]


def text_of(outbound: OutboundEmail) -> str:
    """The plain-text part of a queued email, decoded."""
    import email
    import email.policy

    message = email.message_from_bytes(outbound.message, policy=email.policy.default)
    return message.get_body(preferencelist=("plain",)).get_content()
