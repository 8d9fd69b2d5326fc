"""Check-ins: who came, on which day or to which agenda item, scanned by whom."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from eventapp.models.accounts import Account
    from eventapp.models.events import Event
    from eventapp.models.registrations import Registration


class CheckInSource(enum.StrEnum):
    CAMERA = "camera"
    SCANNER = "scanner"
    SEARCH = "search"
    WALK_IN = "walk_in"
    OFFLINE = "offline"


class CheckIn(Model):
    """One arrival. Undone check-ins stay in the history with `undone_at` set."""

    __tablename__ = "checkins"
    __table_args__ = (
        # One live check-in per registration per day (item_id NULL) and per agenda item.
        sa.Index(
            "uq_checkins_registration_day_live",
            "registration_id",
            "day",
            unique=True,
            sqlite_where=sa.text("item_id IS NULL AND undone_at IS NULL"),
            postgresql_where=sa.text("item_id IS NULL AND undone_at IS NULL"),
        ),
        sa.Index(
            "uq_checkins_registration_item_live",
            "registration_id",
            "item_id",
            unique=True,
            sqlite_where=sa.text("item_id IS NOT NULL AND undone_at IS NULL"),
            postgresql_where=sa.text("item_id IS NOT NULL AND undone_at IS NULL"),
        ),
        sa.Index("ix_checkins_event_day", "event_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(sa.Date)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    # When the badge was scanned (kept from the station, also for offline uploads)…
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # …and when the server learned of it.
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Made by the station for each scan, so a retried upload is recognised.
    scan_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    station: Mapped[str | None] = mapped_column(sa.String(64))
    source: Mapped[CheckInSource] = mapped_column(enum_column(CheckInSource, "checkin_source"))
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration] = relationship()
    staff: Mapped[Account | None] = relationship(foreign_keys=[staff_id])
    undone_by: Mapped[Account | None] = relationship(foreign_keys=[undone_by_id])


class ConflictKind(enum.StrEnum):
    # The person was already checked in (another station, or twice on this one while offline).
    DUPLICATE = "duplicate"
    # The registration was cancelled, or moved to the waiting list, before the upload.
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    NOT_SIGNED_UP = "not_signed_up"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"


class CheckInConflict(Model):
    """A scan queued offline that could not simply be recorded; shown to staff until resolved."""

    __tablename__ = "checkin_conflicts"
    __table_args__ = (sa.Index("ix_checkin_conflicts_event_resolved", "event_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(sa.Date)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    kind: Mapped[ConflictKind] = mapped_column(enum_column(ConflictKind, "checkin_conflict_kind"))
    # The station's id for the offline scan: a retried upload finds this row again.
    scan_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # What the station read (None for a person picked from the search), shown to staff: an
    # unknown code is often a badge of another system or a mistyped one.
    code: Mapped[str | None] = mapped_column(sa.String(500))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    station: Mapped[str | None] = mapped_column(sa.String(64))
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    # The check-in that was there first (for duplicates).
    existing_checkin_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("checkins.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )

    registration: Mapped[Registration | None] = relationship()
    staff: Mapped[Account | None] = relationship(foreign_keys=[staff_id])
    existing_checkin: Mapped[CheckIn | None] = relationship()
