"""Telling people about agenda changes: one message per person listing every change since
their last message, never one email per edit.

`item_changed` runs inside the organiser's change and leaves one `ChangeNotice` per person
concerned (the item's speakers; the participants signed up for it if it has its own sign-up,
else every confirmed participant). `send_digests` (`flask notify changes`, also run by the
mail worker loop) groups the unsent notices per person and queues one email each, in their
language.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select

from eventapp.extensions import db
from eventapp.manage.models import ChangeNotice
from eventapp.models import (
    AgendaItem,
    ChangeRecord,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    SignupStatus,
    Speaker,
    WorkshopSignup,
)


def _participants(item: AgendaItem) -> list[tuple[Registration, None]]:
    query = select(Registration).where(Registration.event_id == item.event_id,
                                       Registration.status == RegistrationStatus.CONFIRMED)
    if item.requires_signup:
        query = query.where(Registration.id.in_(
            select(WorkshopSignup.registration_id).where(
                WorkshopSignup.item_id == item.id,
                WorkshopSignup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)))
        ))
    return list(db.session.scalars(query.order_by(Registration.id)))


def _speaker_language(speaker: Speaker) -> str:
    return (speaker.account.language if speaker.account is not None else None) or "pl"


def item_changed(event: Event, item: AgendaItem, entry: ChangeRecord,
                 extra_speakers: Iterable[Speaker] = ()) -> int:
    """Leave a notice of this change for everyone it concerns; the caller commits. Returns how many.

    Only published events have people to tell: a draft has no participants yet.
    """
    if event.status != EventStatus.PUBLISHED:
        return 0
    db.session.flush()
    rows: dict[str, dict] = {}
    for speaker in [*(part.speaker for part in item.speaker_roles), *extra_speakers]:
        if speaker.email and speaker.email.lower() not in rows:
            rows[speaker.email.lower()] = {"speaker_id": speaker.id, "registration_id": None,
                                           "name": speaker.name, "language": _speaker_language(speaker)}
    for registration in _participants(item):
        email = registration.email.lower()
        if email not in rows and registration.anonymised_at is None:
            rows[email] = {"speaker_id": None, "registration_id": registration.id,
                           "name": registration.full_name, "language": registration.language or "pl"}
    if rows:
        db.session.execute(insert(ChangeNotice), [
            {"event_id": event.id, "change_id": entry.id, "item_id": item.id, "email": email, **row}
            for email, row in rows.items()
        ])
    return len(rows)
