"""Certificate ZIP builds: progress lives here, so any process can report it."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow


class BatchStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CertificateBatch(Model):
    """One build of all certificates of an event as a ZIP file, with its progress."""

    __tablename__ = "certificate_batches"
    __table_args__ = (
        sa.CheckConstraint("done >= 0 AND done <= total", name="progress_in_range"),
        sa.Index("ix_certificate_batches_event_created", "event_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    status: Mapped[BatchStatus] = mapped_column(
        enum_column(BatchStatus, "certificate_batch_status"), default=BatchStatus.QUEUED
    )
    total: Mapped[int] = mapped_column(sa.Integer, default=0)
    done: Mapped[int] = mapped_column(sa.Integer, default=0)
    # The ZIP's file name inside the reports folder, once it is complete.
    file_name: Mapped[str | None] = mapped_column(sa.String(200))
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Touched with every progress step: a running build whose heartbeat stops was interrupted.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
