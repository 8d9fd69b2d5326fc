"""Events, their rooms and the organisations behind them."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from eventapp.models.agenda import AgendaItem


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    FINISHED = "finished"


class OrganisationPart(enum.StrEnum):
    ORGANISER = "organiser"
    CO_ORGANISER = "co_organiser"
    PARTNER = "partner"
    FUNDER = "funder"
    MEDIA_PATRON = "media_patron"


class Event(Model):
    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_in_order",
        ),
        sa.CheckConstraint(
            "NOT eu_funded OR (funding_note IS NOT NULL AND funding_note <> '')",
            name="eu_funded_has_note",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Warsaw")
    start_date: Mapped[date] = mapped_column(sa.Date)
    end_date: Mapped[date] = mapped_column(sa.Date)
    venue_name: Mapped[str] = mapped_column(sa.String(200), default="")
    venue_address: Mapped[str] = mapped_column(sa.String(300), default="")
    venue_city: Mapped[str] = mapped_column(sa.String(100), default="")
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    capacity: Mapped[int | None] = mapped_column(sa.Integer)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    eu_funded: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    funding_note: Mapped[str | None] = mapped_column(sa.Text)
    # Speakers may edit their items until this instant; afterwards the items lock for them.
    speaker_edit_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker_changes_need_approval: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", order_by="Room.position", cascade="all, delete-orphan"
    )
    organisations: Mapped[list[EventOrganisation]] = relationship(
        back_populates="event",
        order_by="EventOrganisation.position",
        cascade="all, delete-orphan",
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT

    @property
    def can_be_cancelled(self) -> bool:
        """Only a draft or published event can be called off (not a finished or cancelled one)."""
        return self.status in (EventStatus.DRAFT, EventStatus.PUBLISHED)

    def organisations_with(self, part: OrganisationPart) -> list[EventOrganisation]:
        return [o for o in self.organisations if o.part == part]

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Room(Model):
    __tablename__ = "rooms"
    __table_args__ = (sa.UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    capacity: Mapped[int | None] = mapped_column(sa.Integer)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="rooms")

    def __repr__(self) -> str:
        return f"<Room {self.name}>"


class EventOrganisation(Model):
    """An organisation behind an event and its part: organiser, partner, funder…"""

    __tablename__ = "event_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    part: Mapped[OrganisationPart] = mapped_column(enum_column(OrganisationPart, "organisation_part"))
    url: Mapped[str | None] = mapped_column(sa.String(300))
    logo_path: Mapped[str | None] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="organisations")
