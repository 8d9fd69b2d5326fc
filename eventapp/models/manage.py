"""The back office's own tables: mailings to registrants with their progress, and the
notices of agenda changes waiting to be sent to the people they concern."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow


class MailingStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Mailing(Model):
    """One email an organiser sends to all registrants or a filtered group, and its progress.

    The job that puts the messages into the outbox writes its progress here, so any web
    process can show it; delivery itself is the outbox's (each recipient row points at its
    outbound message, whose status says sent or failed).
    """

    __tablename__ = "mailings"
    __table_args__ = (
        sa.CheckConstraint("queued >= 0 AND queued <= total", name="progress_in_range"),
        sa.Index("ix_mailings_event_created", "event_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    # {"status": "confirmed", "organisation_type": "ngo", "item_id": 12}: who it was meant for.
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[MailingStatus] = mapped_column(
        enum_column(MailingStatus, "mailing_status"), default=MailingStatus.QUEUED
    )
    total: Mapped[int] = mapped_column(sa.Integer, default=0)
    queued: Mapped[int] = mapped_column(sa.Integer, default=0)
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MailingRecipient(Model):
    """One person a mailing goes to; `error` says why no message could even be queued."""

    __tablename__ = "mailing_recipients"
    __table_args__ = (sa.UniqueConstraint("mailing_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(sa.ForeignKey("mailings.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    outbound_email_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbound_emails.id", ondelete="SET NULL"), index=True
    )
    error: Mapped[str | None] = mapped_column(sa.Text)


class ChangeNotice(Model):
    """One agenda change one person still has to be told about.

    Written in the same transaction as the change; the digest (`flask notify changes`)
    sends each person one message listing all their unsent notices, then stamps `sent_at`.
    """

    __tablename__ = "change_notices"
    __table_args__ = (
        sa.UniqueConstraint("change_id", "email"),
        sa.Index("ix_change_notices_unsent", "sent_at", "event_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    change_id: Mapped[int] = mapped_column(sa.ForeignKey("change_records.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(5), default="pl")
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL")
    )
    speaker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("speakers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
