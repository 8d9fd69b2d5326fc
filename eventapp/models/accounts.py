"""Accounts of organisers, staff and speakers, and their rights per event."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.extensions import Model
from eventapp.models.types import UTCDateTime, enum_column, utcnow


class EventRoleKind(enum.StrEnum):
    ORGANISER = "organiser"
    STAFF = "staff"
    SPEAKER = "speaker"


class Account(UserMixin, Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Site administrators may create events; everything else is granted per event.
    is_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    language: Mapped[str | None] = mapped_column(sa.String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event_roles: Mapped[list[EventRole]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    # The secret of the browser session this account object was loaded for (never stored: the
    # database keeps its hash in account_sessions). Flask-Login keeps get_id() in the session
    # and remember-me cookies, so both name the session, not just the account.
    session_token = None  # not a column (no Mapped[] annotation)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}" if self.session_token else str(self.id)

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Account {self.id}>"


class EventRole(Model):
    __tablename__ = "event_roles"
    __table_args__ = (sa.UniqueConstraint("account_id", "event_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[EventRoleKind] = mapped_column(enum_column(EventRoleKind, "event_role_kind"))

    account: Mapped[Account] = relationship(back_populates="event_roles")


class Invitation(Model):
    """An emailed invitation to become an event's organiser, staff member or speaker."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a hash is stored: the link in the email is the only copy of the secret.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    role: Mapped[EventRoleKind] = mapped_column(enum_column(EventRoleKind, "event_role_kind"))
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speakers.id", ondelete="CASCADE")
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountSession(Model):
    """One signed-in browser. Its cookies carry the secret, this row only the secret's hash;
    signing out deletes the row, so a copied session or remember-me cookie stops working."""

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
