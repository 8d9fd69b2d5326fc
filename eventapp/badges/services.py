"""Who gets a badge, and what the badge says about them."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Registration, RegistrationStatus
from eventapp.reports.collation import surname_key
from eventapp.speakers.services import speakers_of


class BadgeRole(enum.StrEnum):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"


def speaker_emails(event: Event) -> frozenset[str]:
    """Lower-cased emails of everyone with a part in the event's agenda."""
    return frozenset(s.email.strip().lower() for s in speakers_of(event) if s.email)


def badge_role(registration: Registration, speakers: frozenset[str] | None = None) -> BadgeRole:
    """SPEAKER when the registration's email is a speaker's at that event (pass `speakers` when
    printing many badges, so the agenda is read once); PARTICIPANT otherwise."""
    if speakers is None:
        speakers = speaker_emails(registration.event)
    return BadgeRole.SPEAKER if registration.email.strip().lower() in speakers else BadgeRole.PARTICIPANT


def by_surname(registrations: Iterable[Registration]) -> list[Registration]:
    """Polish alphabetical order by surname, then first name."""
    return sorted(registrations, key=lambda r: surname_key(r.last_name, r.first_name, r.id))


def confirmed_registrations(event: Event) -> list[Registration]:
    """Everyone with a seat at the event, by surname (the sheet of badges prints these)."""
    return by_surname(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.CONFIRMED)
    ))


def registration_at(event: Event, registration_id: int) -> Registration | None:
    """One registration of this event by id (staff pages); None for another event's."""
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event.id else None
