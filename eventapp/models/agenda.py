"""The agenda: items in rooms, the people who speak in them, their materials."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from eventapp.models.events import Event, Room
    from eventapp.models.people import Speaker


class ItemKind(enum.StrEnum):
    OPENING = "opening"
    LECTURE = "lecture"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    NETWORKING = "networking"
    AWARDS = "awards"
    OTHER = "other"


class ItemStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Role(enum.StrEnum):
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    PANELIST = "panelist"
    GUEST = "guest"
    HOST = "host"


class AgendaItem(Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        sa.CheckConstraint("end_dt > start_dt", name="ends_after_start"),
        sa.CheckConstraint("seat_limit IS NULL OR seat_limit >= 0", name="seat_limit_not_negative"),
        sa.Index("ix_agenda_items_event_start", "event_id", "start_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    room_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rooms.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "item_kind"))
    title: Mapped[str] = mapped_column(sa.String(250))
    abstract: Mapped[str] = mapped_column(sa.Text, default="")
    start_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    end_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[ItemStatus] = mapped_column(
        enum_column(ItemStatus, "item_status"), default=ItemStatus.SCHEDULED
    )
    seat_limit: Mapped[int | None] = mapped_column(sa.Integer)
    requires_signup: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # Calendar clients replace an entry only when SEQUENCE rises: bumped on every change.
    sequence: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="agenda_items")
    room: Mapped[Room | None] = relationship()
    speaker_roles: Mapped[list[ItemSpeaker]] = relationship(
        back_populates="item", order_by="ItemSpeaker.position", cascade="all, delete-orphan"
    )
    materials: Mapped[list[Material]] = relationship(
        back_populates="item", order_by="Material.id", cascade="all, delete-orphan"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == ItemStatus.CANCELLED

    def people_with(self, role: Role) -> list[Speaker]:
        return [sr.speaker for sr in self.speaker_roles if sr.role == role]

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} {self.title!r}>"


class ItemSpeaker(Model):
    """A speaker's part in one agenda item, in the order they are presented."""

    __tablename__ = "item_speakers"
    __table_args__ = (sa.UniqueConstraint("item_id", "speaker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    speaker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "speaker_role"))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    item: Mapped[AgendaItem] = relationship(back_populates="speaker_roles")
    speaker: Mapped[Speaker] = relationship(back_populates="item_roles")


class MaterialKind(enum.StrEnum):
    LINK = "link"
    FILE = "file"


class Material(Model):
    """A link or an uploaded file (slides, handouts) attached to an agenda item."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind, "material_kind"))
    title: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(500))
    file_path: Mapped[str | None] = mapped_column(sa.String(300))
    # The uploader's file name, cleaned (no folders, no control characters): the name a
    # download arrives under. None for links and for files uploaded before it was kept.
    original_filename: Mapped[str | None] = mapped_column(sa.String(255))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    size_bytes: Mapped[int | None] = mapped_column(sa.Integer)
    added_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="materials")


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ItemProposal(Model):
    """A speaker's change to an item waiting for the organiser's approval."""

    __tablename__ = "item_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int] = mapped_column(sa.ForeignKey("speakers.id", ondelete="CASCADE"))
    changes: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, "proposal_status"), default=ProposalStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )

    item: Mapped[AgendaItem] = relationship()
    speaker: Mapped[Speaker] = relationship()
