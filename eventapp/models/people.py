"""Speakers: lecturers, moderators, panelists, guests and hosts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, utcnow
from eventapp.tokens import new_token

if TYPE_CHECKING:
    from eventapp.models.accounts import Account
    from eventapp.models.agenda import ItemSpeaker


class Speaker(Model):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    photo_path: Mapped[str | None] = mapped_column(sa.String(300))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    # The account a speaker logs in with, once they accepted their invitation.
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), unique=True
    )
    # The secret in the speaker's calendar feed URL (read-only: it opens nothing else).
    calendar_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    account: Mapped[Account | None] = relationship()
    item_roles: Mapped[list[ItemSpeaker]] = relationship(back_populates="speaker")

    def __repr__(self) -> str:
        return f"<Speaker {self.name!r}>"
