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


def programme_access_required(*, managers_only: bool = True):
    """Require the right to open the programme named by the `slug` URL argument.

    Managers (and administrators) may open everything; with `managers_only=False`
    organisers of one of its events may open the page too (and see only their events).
    Others get 403: a programme is public, so its existence is no secret.
    """
    from eventapp.programmes import services as programmes

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, slug: str, **kwargs):
            programme = programmes.get_programme_by_slug(slug)
            if programme is None:
                abort(404)
            allowed = (programmes.is_manager(current_user, programme) if managers_only
                       else programmes.may_open(current_user, programme))
            if not allowed:
                abort(403)
            g.programme = programme
            return view(*args, programme=programme, **kwargs)

        return wrapped

    return decorator
