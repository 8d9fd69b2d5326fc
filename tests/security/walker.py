"""Walk the app's URL map with real values, so attacker tests cover every page, also future ones.

`real_values(app)` collects, from a loaded database, candidate values for URL arguments by
their names (slugs, ids, private tokens, badge codes, calendar tokens); `urls_for(rule, values)`
yields concrete URLs for a rule, first the combinations most likely to reach a real page.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator

import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from eventapp.auth import sessions
from eventapp.extensions import Base, db
from eventapp.models import (
    Account,
    AgendaItem,
    Event,
    Registration,
    RegistrationStatus,
    Room,
    Speaker,
)

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def database_fingerprint() -> str:
    """A hash of every row of every table: equal fingerprints mean nothing was written."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        digest.update(table.name.encode())
        for row in sorted(repr(tuple(row)) for row in rows):
            digest.update(row.encode())
    return digest.hexdigest()


def real_values(event: Event) -> dict[str, list[str]]:
    """Candidate values for URL arguments, all belonging to `event` (call inside an app context)."""
    registration = db.session.scalar(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)
    )
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.event_id == event.id)
                             .order_by(AgendaItem.requires_signup.desc(), AgendaItem.id))
    speaker = db.session.scalar(
        sa.select(Speaker).join(Speaker.item_roles).join_from(Speaker, AgendaItem, AgendaItem.event_id == event.id)
        .order_by(Speaker.id)
    ) or db.session.scalar(sa.select(Speaker).order_by(Speaker.id))
    room = db.session.scalar(sa.select(Room).where(Room.event_id == event.id))
    tokens = []
    if registration is not None:
        tokens = [registration.manage_token, registration.calendar_token, registration.badge_code]
    if speaker is not None:
        tokens.append(speaker.calendar_token)
    ids = {
        "registration": [registration.id] if registration else [],
        "item": [item.id] if item else [],
        "speaker": [speaker.id] if speaker else [],
        "room": [room.id] if room else [],
        "event": [event.id],
    }
    return {
        "slug": [event.slug],
        "token": tokens,
        "code": [registration.badge_code] if registration else [],
        "day": [day.isoformat() for day in event.days] if hasattr(event, "days") else [],
        **{key: [str(v) for v in values] for key, values in ids.items()},
    }


def _candidates(name: str, values: dict[str, list[str]]) -> list[str]:
    if name in values and values[name]:
        return values[name]
    if "token" in name:
        return values["token"]
    if "code" in name:
        return values["code"]
    for key in ("registration", "item", "speaker", "room", "event"):
        if key in name and values.get(key):
            return values[key]
    if "day" in name or "date" in name:
        return values["day"] or ["2026-01-01"]
    if name in ("filename", "path"):
        return ["css/app.css"]
    return ["1"]


def options(rule, name: str, values: dict[str, list[str]]) -> list[str]:
    """The values to try for one URL argument of a rule, likeliest first."""
    converter = rule._converters.get(name)
    items = getattr(converter, "items", None)
    if items:  # <any(a, b):name>: only its own words reach the view
        return sorted(items)
    candidates = _candidates(name, values)
    if isinstance(converter, IntegerConverter):  # <int:token_id> takes an id, never a secret
        candidates = [value for value in candidates if value.isdigit()]
    return candidates or ["1"]


def urls_for(rule, values: dict[str, list[str]], limit: int = 12) -> Iterator[str]:
    names = sorted(rule.arguments)
    candidates = [options(rule, name, values) for name in names]
    for combination in itertools.islice(itertools.product(*candidates), limit):
        url = rule.rule
        for name, value in zip(names, combination, strict=True):
            url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
        yield url


def sign_in(client, account_id: int) -> None:
    """A signed-in browser, as after the sign-in form: a live server-side session in the cookie."""
    with client.application.app_context():
        account = db.session.get(Account, account_id)
        sessions.start(account)
        user_id = account.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
