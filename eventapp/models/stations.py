"""Station tokens: a check-in station or handheld scanner's own key to one event's door API."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from eventapp.models.accounts import Account
    from eventapp.models.events import Event


class StationToken(Model):
    """A bearer token for check-in at one event; only its SHA-256 is kept (shown once)."""

    __tablename__ = "station_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # What the organiser calls the station ("Entrance A", "Scanner 3"); shown on its check-ins.
    name: Mapped[str] = mapped_column(sa.String(64))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    created_by: Mapped[Account | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[Account | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None
