"""The one exception back-office services raise when a rule says no."""

from __future__ import annotations


class Refusal(Exception):
    """A change the rules refuse, with a translated message for the organiser.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def rolls_back_on_refusal(service):
    """A refused service leaves nothing behind: no half-made change, no row lock held."""
    from functools import wraps

    from eventapp.extensions import db

    @wraps(service)
    def wrapped(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except Refusal:
            db.session.rollback()
            raise

    return wrapped
