"""The history of changes to the agenda and speakers: who, when, what."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from eventapp.models.accounts import Account
    from eventapp.models.agenda import AgendaItem
    from eventapp.models.people import Speaker


class ChangeRecord(Model):
    __tablename__ = "change_records"
    __table_args__ = (sa.Index("ix_change_records_event_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="SET NULL")
    )
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(40))
    # {"field": [old, new], …}
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    account: Mapped[Account | None] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    speaker: Mapped[Speaker | None] = relationship()
