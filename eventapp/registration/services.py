"""Registration rules. Other features find registrations only through these functions."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Registration
from eventapp.tokens import looks_like_token, same_token


def find_by_manage_token(event: Event, token: str) -> Registration | None:
    """The registration whose private link carries `token`, at this event; None otherwise."""
    if not looks_like_token(token):
        return None
    registration = db.session.scalar(
        select(Registration).where(Registration.manage_token == token, Registration.event_id == event.id)
    )
    if registration is None or not same_token(registration.manage_token, token):
        return None
    return registration


def find_by_badge_code(code: str) -> Registration | None:
    """The registration whose QR badge carries `code` (at any event: the caller checks which)."""
    if not looks_like_token(code):
        return None
    registration = db.session.scalar(select(Registration).where(Registration.badge_code == code))
    if registration is None or not same_token(registration.badge_code, code):
        return None
    return registration
