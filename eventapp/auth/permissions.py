"""View decorators that check a logged-in account's rights at the event in the URL."""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from eventapp.auth.services import may
from eventapp.models import EventRoleKind
from eventapp.public.services import get_event_by_slug


def event_role_required(*allowed: EventRoleKind):
    """Require one of the roles at the event named by the `slug` URL argument.

    Anonymous users go to the login page; accounts without the role get 404 for
    events they cannot see at all, so that drafts are not revealed, and 403 otherwise.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, slug: str, **kwargs):
            event = get_event_by_slug(slug, include_drafts=True)
            if event is None:
                abort(404)
            if not may(current_user, event, *allowed):
                abort(403 if event.is_public else 404)
            g.event = event
            return view(*args, event=event, **kwargs)

        return wrapped

    return decorator
