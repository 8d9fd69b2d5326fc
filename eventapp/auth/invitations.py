"""Invitations: an emailed link that turns an address into an account with a role at an event.

Organisers invite staff, other organisers and speakers (the back office calls `invite`);
the person opens `/invitation/<token>`, sets a password and is signed in. Only a hash of
the token is stored, so the email holds the only copy of the secret.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from eventapp.auth.services import create_account, grant
from eventapp.extensions import db
from eventapp.feeds.urls import email_link
from eventapp.labels import label
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.models import Account, Event, EventRoleKind, Invitation, Speaker, utcnow
from eventapp.tokens import looks_like_token, new_token, same_token, token_hash

INVITATION_KIND = "auth.invitation"
VALID_FOR = timedelta(days=14)


class InvitationError(Exception):
    """An invitation that cannot be accepted as asked; the message is translated."""


class SignInRequired(InvitationError):
    """The address already has an account with a password: its owner must sign in first."""


def _normalise(email: str) -> str:
    return email.strip().lower()


def _language_for(email: str) -> str:
    """The invitee's own language if they already have an account, else the default."""
    languages = current_app.config["LANGUAGES"]
    preferred = db.session.scalar(select(Account.language).where(Account.email == email))
    return preferred if preferred is not None and preferred in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def invitation_url(token: str) -> str:
    """The absolute link in the email (built from PUBLIC_BASE_URL, also outside requests)."""
    return email_link("auth.invitation", token=token)


def invite(event: Event, email: str, role: EventRoleKind, *, speaker: Speaker | None = None,
           invited_by: Account | None = None) -> Invitation:
    """Create an invitation, queue its email and COMMIT (then delivery starts).

    The new link replaces any earlier unanswered invitation of this address to this role at
    this event. The token itself is never stored; it is left on the returned object as
    `invitation.token` (not a column) for the caller to show once or for tests.
    """
    if role == EventRoleKind.SPEAKER and speaker is None:
        raise ValueError("a speaker invitation needs the speaker it links to")
    email = _normalise(email)
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(Invitation.event_id == event.id, Invitation.email == email, Invitation.role == role,
               Invitation.accepted_at.is_(None), Invitation.expires_at > now)
        .values(expires_at=now)
    )
    token = new_token()
    invitation = Invitation(
        token_hash=token_hash(token), email=email, event_id=event.id, role=role,
        speaker_id=speaker.id if speaker is not None else None,
        invited_by_id=invited_by.id if invited_by is not None else None,
        created_at=now, expires_at=now + VALID_FOR,
    )
    db.session.add(invitation)
    language = _language_for(email)
    with force_locale(language):
        context = dict(event=event, role=label(role), link=invitation_url(token),
                       expires_at=invitation.expires_at, inviter=invited_by.name if invited_by else None,
                       speaker=speaker, sessions=_sessions(event, speaker))
        queue_email(
            kind=INVITATION_KIND, recipient=email,
            subject=_("Invitation to %(title)s", title=event.title),
            text=render_template("auth/email/invitation.txt", **context),
            event_id=event.id,
        )
    db.session.commit()
    deliver_after_commit()
    invitation.token = token  # type: ignore[attr-defined]  # shown once, never stored
    return invitation


def _sessions(event: Event, speaker: Speaker | None) -> list[tuple[str, str, str]]:
    """(role, title, when and where) of each scheduled session the invited speaker takes part
    in, in agenda order and the current language: the invitation lists them."""
    if speaker is None:
        return []
    from eventapp.speakers.services import speaker_roles_at  # the speakers feature's public service
    from eventapp.templating import event_datetime, event_time

    sessions = []
    for part in speaker_roles_at(event, speaker.id):
        item = part.item
        if item.is_cancelled:
            continue
        when = f"{event_datetime(item.start_dt, event.timezone, 'EEEE d MMMM, HH:mm')}–{event_time(item.end_dt, event.timezone)}"
        sessions.append((str(label(part.role)), item.title, when + (f", {item.room.name}" if item.room else "")))
    return sessions


def find_invitation(token: str) -> Invitation | None:
    """The open invitation behind a link; None for forged, truncated, expired or used links."""
    if not isinstance(token, str) or not looks_like_token(token):
        return None
    digest = token_hash(token)
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest))
    if invitation is None or not same_token(invitation.token_hash, digest):
        return None
    if invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation


def existing_account(invitation: Invitation) -> Account | None:
    """The account that already uses the invited address, if any."""
    return db.session.scalar(select(Account).where(Account.email == invitation.email))


def needs_sign_in(invitation: Invitation, account: Account | None) -> bool:
    """True when the address has an account with a password that is not the one signed in."""
    owner = existing_account(invitation)
    if owner is None or not owner.password_hash:
        return False
    return account is None or not getattr(account, "is_authenticated", False) or account.id != owner.id


def accept(invitation: Invitation, *, name: str, password: str | None,
           account: Account | None = None) -> Account:
    """Accept an invitation and COMMIT: create the account (or use the signed-in one with the
    same email), grant the role, link the speaker profile, mark the invitation used.

    Raises SignInRequired when the address belongs to another account with a password, and
    InvitationError when the link was used meanwhile or the speaker profile is taken.
    """
    # Lock the invitation so that two clicks on one link cannot both succeed.
    locked = db.session.scalar(
        select(Invitation).where(Invitation.id == invitation.id).with_for_update()
    )
    if locked is None or locked.accepted_at is not None or locked.expires_at <= utcnow():
        db.session.rollback()
        raise InvitationError(_("This invitation has already been used or has expired."))
    if account is not None and not getattr(account, "is_authenticated", False):
        account = None
    owner = existing_account(locked)
    if account is not None and account.email != locked.email:
        account = None  # signed in as someone else: the invitation is for its own address
    if owner is not None and owner.password_hash and (account is None or account.id != owner.id):
        db.session.rollback()
        raise SignInRequired(_("An account with this email already exists: please sign in first."))
    if owner is None:
        if not password:
            raise ValueError("a new account needs a password")
        owner = create_account(locked.email, name.strip(), password)
        db.session.flush()
    elif not owner.password_hash:
        # An account created for them earlier without a password: the link sets it.
        if not password:
            raise ValueError("an account without a password needs one")
        owner.set_password(password)
        if name.strip():
            owner.name = name.strip()
    event = db.session.get(Event, locked.event_id)
    grant(owner, event, locked.role)
    if locked.role == EventRoleKind.SPEAKER and locked.speaker_id is not None:
        _link_speaker(db.session.get(Speaker, locked.speaker_id), owner)
    now = utcnow()
    locked.accepted_at = now
    owner.last_login_at = now
    db.session.commit()
    return owner


def _link_speaker(speaker: Speaker, account: Account) -> None:
    if speaker.account_id not in (None, account.id):
        db.session.rollback()
        raise InvitationError(_("This speaker profile is already linked to another account."))
    other = db.session.scalar(
        select(Speaker).where(Speaker.account_id == account.id, Speaker.id != speaker.id)
    )
    if other is not None:
        db.session.rollback()
        raise InvitationError(
            _("Your account is already linked to another speaker profile. Please ask the organiser to merge them.")
        )
    speaker.account_id = account.id
    if not speaker.email:
        speaker.email = account.email

