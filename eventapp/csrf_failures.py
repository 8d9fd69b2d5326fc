"""Posts that fail the CSRF check: counted per client address and refused once there are too many.

A form that expired or came from another site is answered with a short page (see
eventapp.errors) that never repeats what was posted. Each such answer counts against
CSRF_FAILURE_RATELIMIT for the client's address; past it, the client's next posts get a
429 before their body is read, so a flood of large forged posts costs the server little.
The counts live in the rate limiter's storage (Redis when several processes share the work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many

from eventapp.extensions import limiter

log = logging.getLogger(__name__)

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
    return not _all_within(lambda item: limiter.limiter.hit(item, SCOPE, key))


def over_limit() -> bool:
    """Whether this client, posting now, has already sent too many failing posts (nothing is counted)."""
    if request.method not in BODY_METHODS or not _active():
        return False
    key = get_remote_address()
    return not _all_within(lambda item: limiter.limiter.test(item, SCOPE, key))


def _all_within(check: Callable) -> bool:
    """Apply check to every limit; fails open (True) with a warning when the storage is unreachable,
    like the rate limits themselves."""
    try:
        return all([check(item) for item in _limits()])
    except Exception as error:  # noqa: BLE001  (any storage fault: Redis down, timeouts)
        log.warning("CSRF failure counts unavailable, not limiting: %s", error)
        return True
