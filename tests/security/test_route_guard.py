"""Every URL the app serves either is public on purpose or refuses a stranger.

The test walks the whole URL map, so a page added later without an access check fails
here until it is either guarded or named in PUBLIC below with a reason.
"""

import re

import pytest
import sqlalchemy as sa

from eventapp.extensions import Base, db
from eventapp.models import EventStatus, Role
from tests.factories import make_event, make_item, make_registration, make_speaker

# Endpoints anyone may use, and why.
PUBLIC = {
    "static": "CSS, JS, images",
    "public.index": "list of events",
    "public.event": "event page",
    "public.accessibility_statement": "the accessibility statement the law requires to be public",
    "agenda.agenda": "public agenda",
    "speakers.speaker_list": "public speaker list",
    "speakers.speaker": "public speaker page",
    "auth.login": "sign-in form",
    "auth.logout": "signing out is harmless",
    "ops.healthz": "health check for monitors",
    "feeds.event_feed": "calendar of a public agenda",
    "feeds.room_feed": "calendar of one room of a public agenda",
    "feeds.item_file": "one public agenda item as .ics",
    "feeds.site_feed": "calendar of all public events",
    "feeds.subscribe": "how to subscribe to the public calendars",
    "checkin.openapi_document": "the check-in API's description, no data",
    "checkin.service_worker": "the station's service worker script, no data",
    "checkin.unpair": "forgets the station token of the visitor's own browser session, nothing else",
    "checkin.pair": "pairing form: the pasted station token is the credential, the page shows no data",
    "registration.register": "sign-up form of a published event (rate-limited, bot trap)",
    "programmes.public_page": "a programme's public page: its funder and its public events",
    "registration.resend": "'lost my link' form: same answer whatever the email (rate-limited)",
}

FORGED_TOKEN = "A" * 32
ALLOWED_FOR_STRANGERS = {302, 303, 400, 401, 403, 404, 405}


def _fill(rule, values):
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values(name)), url)
    return url


def _row_counts():
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def world(app):
    with app.app_context():
        event = make_event(slug="forum")
        make_event(slug="szkic", status=EventStatus.DRAFT)
        speaker = make_speaker()
        item = make_item(event, people=[(speaker, Role.SPEAKER)])
        reg = make_registration(event)
        db.session.commit()
        ids = {"event": event.id, "item": item.id, "speaker": speaker.id, "registration": reg.id}
    return ids


def _value_for(ids):
    def value(name):
        if name in ("slug",):
            return "forum"
        if "token" in name or "code" in name:
            return FORGED_TOKEN
        if name == "filename":
            return "x.css"
        for key, id_ in ids.items():
            if key in name:
                return id_
        return 1
    return value


def test_every_non_public_endpoint_refuses_an_anonymous_visitor(app, client, world):
    value = _value_for(world)
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        url = _fill(rule, value)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            with app.app_context():
                before = _row_counts()
            response = client.open(url, method=method, data={}, follow_redirects=False)
            if response.status_code in (302, 303):
                assert "/auth/login" in response.headers["Location"], f"{method} {url} redirects elsewhere"
            assert response.status_code in ALLOWED_FOR_STRANGERS, f"{method} {url} -> {response.status_code}"
            with app.app_context():
                assert _row_counts() == before, f"{method} {url} changed the database"
            checked.append(rule.endpoint)
    guarded = {rule.endpoint for rule in app.url_map.iter_rules()} - set(PUBLIC)
    assert set(checked) == guarded


def test_public_endpoints_exist(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(PUBLIC) <= endpoints, set(PUBLIC) - endpoints
