"""Signed-in browsers, kept on the server.

Every sign-in creates an `AccountSession` with a new secret; the browser's session and
remember-me cookies carry "<account id>:<secret>" (Account.get_id), the database only the
secret's hash. Flask-Login's user loader (`load`) accepts a cookie only while its row exists,
so signing out (`end`) makes a copied cookie worthless, and `end_all` signs an account out
of every browser at once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from eventapp.extensions import db
from eventapp.ids import parse_id
from eventapp.models import Account, AccountSession, utcnow
from eventapp.tokens import looks_like_token, new_token, token_hash

# Flask-Login's remember-me cookie lives this long unless REMEMBER_COOKIE_DURATION says otherwise.
DEFAULT_LIFETIME = timedelta(days=365)


def _lifetime() -> timedelta:
    value = current_app.config.get("REMEMBER_COOKIE_DURATION") or DEFAULT_LIFETIME
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def start(account: Account) -> str:
    """Sign the account in on one more browser and COMMIT; the secret is also left on
    `account.session_token` for Flask-Login. Sessions older than a remember-me cookie go."""
    token = new_token()
    now = utcnow()
    db.session.execute(delete(AccountSession).where(AccountSession.account_id == account.id,
                                                    AccountSession.created_at < now - _lifetime()))
    db.session.add(AccountSession(account_id=account.id, token_hash=token_hash(token), created_at=now))
    account.last_login_at = now
    db.session.commit()
    account.session_token = token
    return token


def load(session_id: str) -> Account | None:
    """Flask-Login's user loader: the account of a live session, from "<id>:<secret>"; one query."""
    account_id, _, token = (session_id or "").partition(":")
    number = parse_id(account_id)
    if number is None or not looks_like_token(token):
        return None
    account = db.session.scalar(
        select(Account).join(AccountSession, AccountSession.account_id == Account.id)
        .where(Account.id == number, AccountSession.token_hash == token_hash(token))
    )
    if account is not None:
        account.session_token = token
    return account


def end(account: Account) -> None:
    """Sign this browser's session out on the server and COMMIT."""
    if account.session_token:
        db.session.execute(delete(AccountSession).where(
            AccountSession.account_id == account.id,
            AccountSession.token_hash == token_hash(account.session_token)))
    db.session.commit()


def end_all(account: Account) -> int:
    """Sign the account out of every browser and COMMIT; how many sessions ended."""
    ended = db.session.execute(delete(AccountSession).where(AccountSession.account_id == account.id)).rowcount
    db.session.commit()
    return ended or 0


def count(account: Account) -> int:
    """How many browsers the account is signed in on."""
    return db.session.scalar(select(func.count()).select_from(AccountSession)
                             .where(AccountSession.account_id == account.id)) or 0
