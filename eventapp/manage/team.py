"""The event's team: organisers, staff and speakers with accounts, and invitations.

Invitations themselves (token, email, acceptance) belong to `eventapp.auth.invitations`;
this module decides who may be invited to what and keeps at least one organiser.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventapp.auth import invitations
from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.services import lock_event
from eventapp.models import Account, Event, EventRole, EventRoleKind, Invitation, Speaker, utcnow

# Roles an organiser hands out from the team page; speakers are invited from their profile.
TEAM_ROLES = (EventRoleKind.STAFF, EventRoleKind.ORGANISER)


@dataclass
class Team:
    members: list[EventRole]
    pending: list[Invitation]


def team(event: Event) -> Team:
    members = list(db.session.scalars(
        select(EventRole).where(EventRole.event_id == event.id).options(selectinload(EventRole.account))
        .order_by(EventRole.role, EventRole.id)
    ))
    pending = list(db.session.scalars(
        select(Invitation).where(Invitation.event_id == event.id, Invitation.accepted_at.is_(None),
                                 Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ))
    return Team(members, pending)


def _email(address: str) -> str:
    address = (address or "").strip().lower()
    if "@" not in address or address.startswith("@") or address.endswith("@") or len(address) > 254:
        raise Refusal(_("Please enter a valid email address."), field="email")
    return address


@rolls_back_on_refusal
def invite_member(event: Event, email: str, role: EventRoleKind, account: Account) -> Invitation:
    """Invite someone as staff or co-organiser; the invitation email goes out after the commit."""
    if role not in TEAM_ROLES:
        raise Refusal(_("Speakers are invited from their profile."), field="role")
    email = _email(email)
    already = db.session.scalar(
        select(EventRole.id).join(Account, Account.id == EventRole.account_id)
        .where(EventRole.event_id == event.id, EventRole.role == role, Account.email == email)
    )
    if already:
        raise Refusal(_("%(email)s already has this role at the event.", email=email), field="email")
    return invitations.invite(event, email, role, invited_by=account)


@rolls_back_on_refusal
def invite_speaker(event: Event, speaker: Speaker, email: str | None, account: Account) -> Invitation:
    """Invite a speaker to their portal; the address is kept on their profile."""
    if speaker.account_id is not None:
        raise Refusal(_("%(name)s already has an account.", name=speaker.name))
    email = _email(email or speaker.email or "")
    if speaker.email != email:
        speaker.email = email
    return invitations.invite(event, email, EventRoleKind.SPEAKER, speaker=speaker, invited_by=account)


def event_role(event: Event, role_id: int) -> EventRole | None:
    role = db.session.get(EventRole, role_id)
    return role if role is not None and role.event_id == event.id else None


@rolls_back_on_refusal
def remove_role(event: Event, role: EventRole, account: Account) -> None:
    """Take a role away; the event always keeps at least one organiser."""
    lock_event(event)
    if role.role == EventRoleKind.ORGANISER:
        organisers = db.session.scalar(select(func.count(EventRole.id)).where(
            EventRole.event_id == event.id, EventRole.role == EventRoleKind.ORGANISER))
        if (organisers or 0) <= 1:
            raise Refusal(_("The event must keep at least one organiser."))
    db.session.delete(role)
    db.session.commit()


@rolls_back_on_refusal
def withdraw_invitation(event: Event, invitation_id: int) -> None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id or invitation.accepted_at is not None:
        raise Refusal(_("There is no such open invitation."))
    invitation.expires_at = utcnow()
    db.session.commit()
