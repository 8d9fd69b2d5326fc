"""Station tokens as the door sees them: which event (if any) a bearer token opens.

A token opens the check-in API of one event and nothing else. Organisers make and revoke
them in the back office (`eventapp.manage.station_tokens`); only the SHA-256 is stored.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from eventapp.extensions import db
from eventapp.models import Event, StationToken

_BY_HASH = (
    select(StationToken, Event)
    .join(Event, Event.id == StationToken.event_id)
    .where(StationToken.token_hash == bindparam("token_hash"))
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def station_for(clear: str) -> tuple[StationToken, Event] | None:
    """The token (working or revoked) and its event, for a bearer token; None if unknown."""
    if not clear or len(clear) > 200:
        return None
    row = db.session.execute(_BY_HASH, {"token_hash": token_hash(clear)}).first()
    return (row[0], row[1]) if row else None


def paired(token_id: int) -> StationToken | None:
    """A working token by id (the one a browser was paired with), with its event."""
    return db.session.scalar(
        select(StationToken).where(StationToken.id == token_id, StationToken.revoked_at.is_(None))
        .options(joinedload(StationToken.event))
    )
