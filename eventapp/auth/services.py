"""Accounts and who may do what at which event."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    Account,
    Event,
    EventRole,
    EventRoleKind,
    ProgrammeEvent,
    ProgrammeManager,
    Speaker,
)


def _stand_in() -> Account:
    """An account that exists nowhere, whose password hash is made by the same code as every
    real one (so a setting that changes how passwords are hashed changes it too); made once per app."""
    digest = current_app.extensions.get("eventapp.stand_in_password_hash")
    if digest is None:
        stand_in = Account()
        stand_in.set_password(secrets.token_urlsafe(24))
        digest = current_app.extensions["eventapp.stand_in_password_hash"] = stand_in.password_hash
    return Account(password_hash=digest)


def authenticate(email: str, password: str) -> Account | None:
    """The active account with this email and password, or None.

    A password is checked against a hash whether or not the address has an account (a stand-in
    hash when it has none, or no password yet), so the answer takes as long either way and
    does not tell which addresses have accounts. Signing in is `auth.sessions.start`."""
    account = db.session.scalar(select(Account).where(Account.email == email.strip().lower()))
    holder = account if account is not None and account.password_hash else _stand_in()
    matches = holder.check_password(password)
    if account is None or holder is not account or not matches or not account.active:
        return None
    return account


def create_account(email: str, name: str, password: str | None, *, is_admin: bool = False) -> Account:
    """A new account; the caller commits."""
    account = Account(email=email.strip().lower(), name=name, is_admin=is_admin)
    if password:
        account.set_password(password)
    db.session.add(account)
    return account


def grant(account: Account, event: Event, role: EventRoleKind) -> EventRole:
    """Give an account a role at an event (idempotent); the caller commits."""
    existing = db.session.scalar(
        select(EventRole).where(
            EventRole.account_id == account.id,
            EventRole.event_id == event.id,
            EventRole.role == role,
        )
    )
    if existing:
        return existing
    role_row = EventRole(account=account, event_id=event.id, role=role)
    db.session.add(role_row)
    return role_row


def roles_at(account: Account | None, event: Event) -> set[EventRoleKind]:
    """The roles an account holds at an event; administrators count as organisers everywhere."""
    if account is None or not getattr(account, "is_authenticated", False):
        return set()
    # One statement: the roles granted at the event, and organiser for the managers of its programme.
    as_manager = (
        select(sa.literal(EventRoleKind.ORGANISER.value, sa.String))
        .select_from(ProgrammeManager)
        .join(ProgrammeEvent, ProgrammeEvent.programme_id == ProgrammeManager.programme_id)
        .where(ProgrammeManager.account_id == account.id, ProgrammeEvent.event_id == event.id)
    )
    granted = select(sa.cast(EventRole.role, sa.String)).where(
        EventRole.account_id == account.id, EventRole.event_id == event.id
    )
    roles = {EventRoleKind(value) for value in db.session.scalars(sa.union(granted, as_manager))}
    if account.is_admin:
        roles.add(EventRoleKind.ORGANISER)
    return roles


def may(account: Account | None, event: Event, *allowed: EventRoleKind) -> bool:
    return bool(roles_at(account, event) & set(allowed))


def events_for(account: Account, *allowed: EventRoleKind) -> list[Event]:
    """Events at which the account holds one of the roles, newest first."""
    query = select(Event).order_by(Event.start_date.desc())
    if not account.is_admin:
        granted = select(EventRole.event_id).where(
            EventRole.account_id == account.id, EventRole.role.in_(allowed)
        )
        if EventRoleKind.ORGANISER in allowed:
            managed = (
                select(ProgrammeEvent.event_id)
                .join(ProgrammeManager, ProgrammeManager.programme_id == ProgrammeEvent.programme_id)
                .where(ProgrammeManager.account_id == account.id)
            )
            granted = sa.union(granted, managed)
        query = query.where(Event.id.in_(granted))
    return list(db.session.scalars(query))


def speaker_profile(account: Account) -> Speaker | None:
    return db.session.scalar(select(Speaker).where(Speaker.account_id == account.id))


@dataclass(frozen=True)
class Places:
    """Where an account works: the back office (organisers, administrators), the check-in
    station (staff and organisers), the speaker portal (a speaker profile)."""

    back_office: bool
    check_in: bool
    portal: bool


def places(account: Account | None) -> Places:
    """The account's places of work, in two small queries (roles held anywhere, a speaker profile)."""
    if account is None or not getattr(account, "is_authenticated", False):
        return Places(False, False, False)
    held = set(db.session.scalars(select(EventRole.role).where(EventRole.account_id == account.id).distinct()))
    organiser = account.is_admin or EventRoleKind.ORGANISER in held
    return Places(back_office=organiser, check_in=organiser or EventRoleKind.STAFF in held,
                  portal=EventRoleKind.SPEAKER in held or speaker_profile(account) is not None)
