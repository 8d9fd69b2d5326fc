"""The organiser's desk: adding a registration by hand, correcting a participant's data and
changing the status of several people at once.

Seats and the waiting list stay the rules of `eventapp.registration.services`; this module
turns their refusals into `Refusal` (with the form field when there is one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal
from eventapp.models import (
    Account,
    Event,
    OrganisationType,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from eventapp.registration import services as registration_services
from eventapp.registration.services import RegistrationDetails, RegistrationError

PARTICIPANT_FIELDS = ("first_name", "last_name", "email", "organisation", "organisation_type", "position",
                      "phone", "language", "photo_consent")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {name: values.get(name) for name in PARTICIPANT_FIELDS}
    for name in ("first_name", "last_name", "email", "organisation", "position", "phone"):
        out[name] = (out[name] or "").strip()
    if not out["first_name"]:
        raise Refusal(_("Please enter the first name."), field="first_name")
    if not out["last_name"]:
        raise Refusal(_("Please enter the last name."), field="last_name")
    if "@" not in out["email"]:
        raise Refusal(_("Please enter a valid email address."), field="email")
    try:
        out["organisation_type"] = OrganisationType(out["organisation_type"])
    except ValueError:
        raise Refusal(_("Please choose the type of organisation."), field="organisation_type") from None
    if out["language"] not in ("pl", "en"):
        out["language"] = "pl"
    out["photo_consent"] = bool(out["photo_consent"])
    out["phone"] = out["phone"] or None
    out["email"] = registration_services.normalise_email(out["email"])
    return out


def find_by_email(event: Event, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.email == registration_services.normalise_email(email)))


def add_registration(event: Event, values: dict[str, Any], account: Account, *,
                     override_capacity: bool = False) -> registration_services.RegistrationOutcome:
    """Register someone who signed up by phone or on paper: a seat, else the waiting list (or a
    seat beyond the capacity when told); they get the usual email with their private link."""
    fields = _clean(values)
    existing = find_by_email(event, fields["email"])
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise Refusal(_("This email address is already registered for the event (%(name)s).",
                        name=existing.full_name), field="email")
    try:
        outcome = registration_services.register(
            event, RegistrationDetails(**fields), source=RegistrationSource.ORGANISER,
            override_capacity=override_capacity)
    except RegistrationError as refusal:
        raise Refusal(refusal.message) from None
    if not outcome.created:
        raise Refusal(_("This email address is already registered for the event (%(name)s).",
                        name=outcome.registration.full_name), field="email")
    return outcome


def edit_participant(registration: Registration, values: dict[str, Any], account: Account) -> bool:
    """Correct a participant's data; they are told by email. False when nothing changed."""
    if registration.anonymised_at is not None:
        raise Refusal(_("This person's data was deleted: there is nothing to correct."))
    fields = _clean(values)
    before = {name: getattr(registration, name) for name in PARTICIPANT_FIELDS}
    try:
        registration_services.update_details(registration, **fields)
    except RegistrationError as refusal:
        raise Refusal(refusal.message, field="email") from None
    return any(getattr(registration, name) != before[name] for name in PARTICIPANT_FIELDS)


@dataclass
class BulkOutcome:
    changed: list[Registration] = field(default_factory=list)
    unchanged: list[Registration] = field(default_factory=list)
    refused: list[tuple[Registration, str]] = field(default_factory=list)


def event_registrations(event: Event, ids: list[int]) -> list[Registration]:
    """The registrations of this event among `ids` (others' ids are ignored), the waiting list
    first in its order, so seats given one by one go to the people who waited longest."""
    if not ids:
        return []
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.id.in_(ids),
                                   Registration.anonymised_at.is_(None))
        .order_by(Registration.waitlist_position.is_(None), Registration.waitlist_position, Registration.id)
    ))


def change_statuses(event: Event, ids: list[int], status: RegistrationStatus, *,
                    override_capacity: bool = False) -> BulkOutcome:
    """Set one status for several people; each change is its own transaction (as if done one
    by one), so one refusal (no seat left) leaves the others done. Each person is emailed."""
    outcome = BulkOutcome()
    for registration in event_registrations(event, ids):
        if registration.status == status:
            outcome.unchanged.append(registration)
            continue
        try:
            registration_services.change_status(registration, status, override_capacity=override_capacity)
        except RegistrationError as refusal:
            outcome.refused.append((registration, refusal.message))
        else:
            outcome.changed.append(registration)
    return outcome
