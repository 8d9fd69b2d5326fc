"""Programmes: funded projects that group events, count people once and set targets."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import db
from eventapp.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from eventapp.models.accounts import Account
    from eventapp.models.events import Event


class Programme(db.Model):
    __tablename__ = "programmes"
    __table_args__ = (
        sa.CheckConstraint(
            "period_start IS NULL OR period_end IS NULL OR period_end >= period_start",
            name="period_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    funder: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    period_start: Mapped[date | None] = mapped_column(sa.Date)
    period_end: Mapped[date | None] = mapped_column(sa.Date)
    # Shown on every event of the programme (the funder's required wording).
    funding_note: Mapped[str] = mapped_column(sa.Text, default="")
    # Project documents are kept until this day (EU rules): anonymisation waits for it.
    archive_until: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[ProgrammeEvent]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )
    logos: Mapped[list[ProgrammeLogo]] = relationship(
        back_populates="programme", order_by="ProgrammeLogo.position", cascade="all, delete-orphan"
    )
    managers: Mapped[list[ProgrammeManager]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )
    targets: Mapped[list[ProgrammeTarget]] = relationship(
        back_populates="programme", order_by="ProgrammeTarget.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"


class ProgrammeEvent(db.Model):
    """An event's place in a programme (an event belongs to one programme at most)."""

    __tablename__ = "programme_events"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    # Overrides the programme's archive-until date for this event (earlier or later).
    archive_until: Mapped[date | None] = mapped_column(sa.Date)

    programme: Mapped[Programme] = relationship(back_populates="events")
    event: Mapped[Event] = relationship()


class ProgrammeLogo(db.Model):
    """A logo (funder, partner) shown on the programme's page and on each of its events."""

    __tablename__ = "programme_logos"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(300))
    logo_path: Mapped[str | None] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    programme: Mapped[Programme] = relationship(back_populates="logos")


class ProgrammeManager(db.Model):
    """An account that sees and manages every event of the programme."""

    __tablename__ = "programme_managers"
    __table_args__ = (sa.UniqueConstraint("programme_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )

    programme: Mapped[Programme] = relationship(back_populates="managers")
    account: Mapped[Account] = relationship()


class TargetUnit(enum.StrEnum):
    PEOPLE = "people"
    ORGANISATIONS = "organisations"


class ProgrammeTarget(db.Model):
    """A number fixed in the grant: unique people or organisations matching a filter.

    `criteria` is a JSON object; every key narrows the count (see programmes.targets).
    """

    __tablename__ = "programme_targets"
    __table_args__ = (sa.CheckConstraint("goal > 0", name="goal_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[TargetUnit] = mapped_column(enum_column(TargetUnit, "target_unit"))
    goal: Mapped[int] = mapped_column(sa.Integer)
    criteria: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    programme: Mapped[Programme] = relationship(back_populates="targets")


class DirectoryOrganisation(db.Model):
    """An organisation in the programme's shared directory.

    Known by its NIP or REGON when given, else by its name as typed (spaces collapsed);
    a variant merged into another entry counts as that entry (the MergeRecord says who and when).
    """

    __tablename__ = "directory_organisations"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "name"),
        sa.Index("uq_directory_organisations_nip", "programme_id", "nip", unique=True,
                 sqlite_where=sa.text("nip IS NOT NULL"), postgresql_where=sa.text("nip IS NOT NULL")),
        sa.Index("uq_directory_organisations_regon", "programme_id", "regon", unique=True,
                 sqlite_where=sa.text("regon IS NOT NULL"), postgresql_where=sa.text("regon IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    nip: Mapped[str | None] = mapped_column(sa.String(10))
    regon: Mapped[str | None] = mapped_column(sa.String(14))
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("directory_organisations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MergeDecision(enum.StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class MergeKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class MergeRecord(db.Model):
    """An organiser's decision on a probable duplicate (two emails, or two directory entries).

    Kept when undone (`undone_at` set), so the history of merges stays readable.
    """

    __tablename__ = "programme_merges"
    __table_args__ = (
        sa.Index("ix_programme_merges_programme_kind", "programme_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    kind: Mapped[MergeKind] = mapped_column(enum_column(MergeKind, "merge_kind"))
    # People: the two lower-cased emails, in sorted order. Organisations: the two entry ids.
    left_key: Mapped[str] = mapped_column(sa.String(254))
    right_key: Mapped[str] = mapped_column(sa.String(254))
    decision: Mapped[MergeDecision] = mapped_column(enum_column(MergeDecision, "merge_decision"))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))

    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])


class EvidenceScan(db.Model):
    """A scan of a signed paper attendance list, uploaded by staff for the audit file."""

    __tablename__ = "evidence_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    file_path: Mapped[str] = mapped_column(sa.String(300))
    original_filename: Mapped[str | None] = mapped_column(sa.String(255))
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[Account | None] = relationship()
