"""Posts that fail the CSRF check: counted per client address and refused once there are too many.

A form that expired or came from another site is answered with a short page (see
eventapp.errors) that never repeats what was posted. Each such answer counts against
CSRF_FAILURE_RATELIMIT for the client's address; past it, the client's next posts get a
429 before their body is read, so a flood of large forged posts costs the server little.
The counts live in the rate limiter's storage (Redis when several processes share the work);
like the other limits they fail open: with the storage unreachable they count in this process.
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from eventapp.extensions import limiter

log = logging.getLogger(__name__)

SCOPE = "csrf-failed"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_in_this_process = FixedWindowRateLimiter(MemoryStorage())


def _ask(method: str, item, key: str) -> bool:
    """`hit` or `test` one limit in the limiter's storage, or in this process's memory when
    the storage does not answer (never a 500 because Redis is down)."""
    try:
        return getattr(limiter.limiter, method)(item, SCOPE, key)
    except Exception as error:  # noqa: BLE001 (any storage failure: connection, timeout, protocol)
        log.warning("Rate limit storage unreachable - counting failed CSRF checks in memory (%s)", error)
        return getattr(_in_this_process, method)(item, SCOPE, key)


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
    return not all([_ask("hit", item, key) for item in _limits()])


def over_limit() -> bool:
    """Whether this client, posting now, has already sent too many failing posts (nothing is counted)."""
    if request.method not in BODY_METHODS or not _active():
        return False
    key = get_remote_address()
    return not all(_ask("test", item, key) for item in _limits())
