"""Participants' registrations, their consents and workshop sign-ups."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow
from eventapp.tokens import new_token

if TYPE_CHECKING:
    from eventapp.models.agenda import AgendaItem
    from eventapp.models.events import Event


class OrganisationType(enum.StrEnum):
    PUBLIC_ADMINISTRATION = "public_administration"
    NGO = "ngo"
    SOCIAL_ECONOMY = "social_economy"
    BUSINESS = "business"
    EDUCATION = "education"
    MEDIA = "media"
    OTHER = "other"


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class RegistrationSource(enum.StrEnum):
    ONLINE = "online"
    WALK_IN = "walk_in"
    ORGANISER = "organiser"


class Registration(Model):
    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "email"),
        sa.UniqueConstraint("event_id", "waitlist_position"),
        sa.CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlist_position_iff_waitlisted",
        ),
        sa.Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    # Stored lower-cased so that the unique constraint sees Ala@x.pl and ala@x.pl as one.
    email: Mapped[str] = mapped_column(sa.String(254))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_type: Mapped[OrganisationType] = mapped_column(
        enum_column(OrganisationType, "organisation_type")
    )
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    language: Mapped[str] = mapped_column(sa.String(5), default="pl")
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    waitlist_position: Mapped[int | None] = mapped_column(sa.Integer)
    source: Mapped[RegistrationSource] = mapped_column(
        enum_column(RegistrationSource, "registration_source"), default=RegistrationSource.ONLINE
    )
    # Two separate secrets: the badge can be photographed without giving away the private page.
    manage_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    badge_code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # A third secret for the personal calendar feed: calendar apps sync that URL to their own
    # servers, so it may only ever read the agenda, never open the private page.
    calendar_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    photo_consent: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    consents: Mapped[list[RegistrationConsent]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )
    workshop_signups: Mapped[list[WorkshopSignup]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"


class ConsentKind(enum.StrEnum):
    DATA_PROCESSING = "data_processing"
    PHOTOS = "photos"


class ConsentText(Model):
    """The exact wording of a consent as shown to participants, kept per version."""

    __tablename__ = "consent_texts"
    __table_args__ = (sa.UniqueConstraint("kind", "version", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    version: Mapped[str] = mapped_column(sa.String(20))
    language: Mapped[str] = mapped_column(sa.String(5))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RegistrationConsent(Model):
    """Which consent text a participant accepted, and when."""

    __tablename__ = "registration_consents"
    __table_args__ = (sa.UniqueConstraint("registration_id", "consent_text_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    consent_text_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_texts.id"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="consents")
    consent_text: Mapped[ConsentText] = relationship()


class SignupStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class WorkshopSignup(Model):
    """A participant's seat (or place in the queue) in an item that needs its own sign-up."""

    __tablename__ = "workshop_signups"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "item_id"),
        sa.UniqueConstraint("item_id", "waitlist_position"),
        sa.CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlist_position_iff_waitlisted",
        ),
        sa.Index("ix_workshop_signups_item_status", "item_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    status: Mapped[SignupStatus] = mapped_column(enum_column(SignupStatus, "signup_status"))
    waitlist_position: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="workshop_signups")
    item: Mapped[AgendaItem] = relationship()


class UsedFormStamp(Model):
    """A sign-up form's fill-time stamp that has been used: each stamp is good for one sign-up."""

    __tablename__ = "used_form_stamps"

    nonce: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
