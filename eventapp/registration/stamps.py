"""The sign-up form's fill-time stamps, each good for one sign-up.

The form carries a signed stamp of when it was shown (`RegistrationForm.stamp`): bots that post
within a blink are refused. A stamp is also used up by the sign-up it carries, so one page
fetched once cannot be replayed for many sign-ups; used stamps are kept only as long as a
stamp stays valid (REGISTRATION_STAMP_MAX_AGE).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import UsedFormStamp, utcnow


def max_age() -> int:
    """How long a shown form's stamp stays valid, in seconds."""
    return int(current_app.config.get("REGISTRATION_STAMP_MAX_AGE", 2 * 24 * 3600))


def use(nonce: str) -> bool:
    """Record a stamp as used and COMMIT; False when it was used before."""
    now = utcnow()
    db.session.execute(delete(UsedFormStamp).where(UsedFormStamp.used_at < now - timedelta(seconds=max_age())))
    db.session.add(UsedFormStamp(nonce=nonce, used_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
