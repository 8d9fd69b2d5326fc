"""Station tokens in the back office: make one (shown once), list them, revoke one.

A token opens the check-in API of one event and nothing else; only its SHA-256 is stored,
so a copy of the database gives no station away. Revoking it shuts the station out at its
next request.
"""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.checkin.stations import token_hash
from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import Account, Event, StationToken, utcnow

NAME_MAX = 64
# 32 random bytes: 43 URL-safe characters.
TOKEN_BYTES = 32


@rolls_back_on_refusal
def create_token(event: Event, name: str, by: Account) -> tuple[StationToken, str]:
    """A new token for a station of this event; the clear token is returned this once only."""
    name = " ".join((name or "").split())
    if not name:
        raise Refusal(_("Please name the station."), field="name")
    if len(name) > NAME_MAX:
        raise Refusal(_("The name can have at most %(n)d characters.", n=NAME_MAX), field="name")
    clear = secrets.token_urlsafe(TOKEN_BYTES)
    token = StationToken(event_id=event.id, name=name, token_hash=token_hash(clear), created_by_id=by.id)
    db.session.add(token)
    db.session.commit()
    return token, clear


def tokens(event: Event) -> list[StationToken]:
    """The event's station tokens, working ones first, newest first."""
    return list(db.session.scalars(
        select(StationToken).where(StationToken.event_id == event.id)
        .order_by(StationToken.revoked_at.is_not(None), StationToken.created_at.desc(), StationToken.id.desc())
    ))


@rolls_back_on_refusal
def revoke(event: Event, token_id: int, by: Account) -> StationToken:
    """Shut a station out; revoking twice changes nothing."""
    token = db.session.scalar(
        select(StationToken).where(StationToken.id == token_id, StationToken.event_id == event.id)
    )
    if token is None:
        raise Refusal(_("We could not find that station."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        token.revoked_by_id = by.id
    db.session.commit()
    return token
