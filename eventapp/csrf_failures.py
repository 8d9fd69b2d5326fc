"""Posts that fail the CSRF check: counted per client address and refused once there are too many.

A form that expired or came from another site is answered with a short page (see
eventapp.errors) that never repeats what was posted. Each such answer counts against
CSRF_FAILURE_RATELIMIT for the client's address; past it, the client's next posts get a
429 before their body is read, so a flood of large forged posts costs the server little.
The counts live in the rate limiter's storage (Redis when several processes share the work).
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many

from eventapp.extensions import limiter

SCOPE = "csrf-failed"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _limits():
    return parse_many(current_app.config.get("CSRF_FAILURE_RATELIMIT", "10 per minute;60 per hour"))


def _active() -> bool:
    # The limiter is one object shared by every app of the process; ask this app's settings.
    return bool(current_app.config.get("RATELIMIT_ENABLED")) and limiter.enabled


def note_failure() -> bool:
    """Count one failed post from this client; True when it went over the limit with it."""
    if not _active():
        return False
    key = get_remote_address()
    return not all([limiter.limiter.hit(item, SCOPE, key) for item in _limits()])


def over_limit() -> bool:
    """Whether this client, posting now, has already sent too many failing posts (nothing is counted)."""
    if request.method not in BODY_METHODS or not _active():
        return False
    key = get_remote_address()
    return not all(limiter.limiter.test(item, SCOPE, key) for item in _limits())
