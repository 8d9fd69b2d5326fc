"""Requests that used to end in a 500, each answered with a clear 4xx, on SQLite and PostgreSQL.

- a query key that repeats a path argument or is one of url_for's keywords (`_method`), on
  every page of the URL map;
- an id of 2**31 or more (PostgreSQL's `integer out of range`) in every URL with an id, in the
  check-in API's bodies and query strings, in the back office's number fields and filters;
- a NUL character or 200,000 nested brackets in a JSON body;
- a sign-up form without its CSRF token for an event that does not exist.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from eventapp.extensions import db
from eventapp.ids import MAX_ID
from eventapp.models import Event, Room
from tests.checkin.helpers import D1, build_world
from tests.conftest import login
from tests.security.walker import database_fingerprint, options, sign_in, urls_for

TOO_BIG = MAX_ID + 1  # 2**31
SKIP = {"static"}


def _first_url(rule, values) -> str:
    return next(urls_for(rule, values))


def test_a_query_key_repeating_a_path_argument_or_a_url_for_keyword_is_a_400_on_every_page(app, demo_world):
    client = app.test_client()
    sign_in(client, demo_world["admin"])
    values = demo_world["values"][0]
    checked = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP or "GET" not in (rule.methods or ()):
            continue
        url = _first_url(rule, values)
        for key in sorted(rule.arguments) + ["_method", "_anchor", "_external", "_scheme"]:
            response = client.get(url, query_string={key: "inne", "lang": "en"})
            assert response.status_code == 400, f"{url}?{key}= -> {response.status_code}"
            answer = response.get_data(as_text=True)
            if response.mimetype == "text/html":
                assert f"cannot be used here: {key}" in answer, url
            elif response.is_json:
                assert response.get_json()["error"] == "bad_request", url
        checked.add(rule.endpoint)
    assert {"public.index", "public.event", "agenda.agenda", "manage.event", "checkin.station"} <= checked


def test_the_refusal_names_the_key_in_polish_by_default(client, app):
    response = client.get("/?_method=x")
    assert response.status_code == 400
    assert "Adres zawiera parametr, którego nie można tu użyć: _method." in response.get_data(as_text=True)


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if ints:
            yield rule, ints


def _with_ids(rule, ints, values, number: int) -> str:
    """The rule's URL with `number` for every id argument and real values for the others."""
    url = rule.rule
    for name in rule.arguments:
        value = str(number) if name in ints else options(rule, name, values)[0]
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
    return url


def test_an_id_beyond_a_database_integer_in_any_url_is_a_404(app, demo_world):
    client = app.test_client()
    sign_in(client, demo_world["admin"])
    values = demo_world["values"][0]
    with app.app_context():
        before = database_fingerprint()
    rules = list(_id_rules(app))
    assert len(rules) >= 30
    for rule, ints in rules:
        for number, allowed in ((TOO_BIG, {404}), (10**30, {404}), (MAX_ID, {302, 303, 400, 403, 404, 405})):
            url = _with_ids(rule, ints, values, number)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={"title": "x"})
                assert response.status_code in allowed, f"{method} {url} -> {response.status_code}"
    with app.app_context():
        assert database_fingerprint() == before


def test_ids_beyond_a_database_integer_in_the_check_in_api_are_refused_with_400(app, client):
    with app.app_context():
        world = build_world()
        slug, staff = world.event.slug, world.staff.email
    assert login(client, staff).status_code == 302
    day = D1.isoformat()
    for body in ({"scan_id": "s-1", "registration_id": TOO_BIG, "day": day},
                 {"scan_id": "s-2", "registration_id": str(10**20), "day": day},
                 {"scan_id": "s-3", "code": "x", "item_id": TOO_BIG},
                 {"scan_id": "s-4", "registration_id": -1, "day": day}):
        response = client.post(f"/api/events/{slug}/checkins", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["error"] == "invalid_request"
    response = client.post(f"/api/events/{slug}/checkins/batch",
                           json={"scans": [{"scan_id": "s-5", "code": "x", "item_id": TOO_BIG}]})
    assert response.status_code in (200, 400)
    for path in ("search", "counts", "attendees"):
        response = client.get(f"/api/events/{slug}/{path}", query_string={"item_id": TOO_BIG, "q": "Lis"})
        assert response.status_code == 400, path
    # A station link with an impossible item falls back to the day, as for any unknown item.
    assert client.get(f"/checkin/{slug}/", query_string={"item": TOO_BIG}).status_code in (200, 400)


def test_numbers_beyond_a_database_integer_in_back_office_forms_are_refused_with_a_message(app, client):
    with app.app_context():
        world = build_world()
        slug, organiser = world.event.slug, world.organiser.email
        room = Room(event_id=world.event.id, name="Sala A")
        db.session.add(room)
        db.session.commit()
        room_id = room.id
    assert login(client, organiser).status_code == 302
    page = client.get(f"/manage/events/{slug}/edit?lang=en").get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    fields.update(capacity=str(TOO_BIG), timezone="Europe/Warsaw")
    response = client.post(f"/manage/events/{slug}/edit?lang=en", data=fields)
    assert response.status_code in (200, 400)  # the form again, with the message at the field
    assert "The number of places must be from 0 to 100000." in response.get_data(as_text=True)
    response = client.post(f"/manage/events/{slug}/rooms/{room_id}?lang=en", data={"name": "Sala A",
                                                                                   "capacity": str(TOO_BIG)})
    assert response.status_code in (200, 400)
    assert "The number of places must be from 0 to 100000." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Event.capacity).where(Event.slug == slug)) == 100
    response = client.get(f"/manage/events/{slug}/registrations",
                          query_string={"item_id": TOO_BIG, "page": str(10**30)})
    assert response.status_code == 200
    response = client.get(f"/manage/events/{slug}/registrations", query_string={"item_id": "²", "page": "²"})
    assert response.status_code == 200


def test_a_nul_character_or_deep_nesting_in_a_json_body_is_refused_with_400(app, client):
    with app.app_context():
        world = build_world()
        slug, staff, badge = world.event.slug, world.staff.email, world.anna.badge_code
    assert login(client, staff).status_code == 302
    url = f"/api/events/{slug}/checkins?lang=en"
    day = D1.isoformat()
    bodies = [
        '{"scan_id": "a\\u0000b", "code": "x", "day": "' + day + '"}',
        '{"scan_id": "s-1", "code": "x", "day": "' + day + '", "st\\u0000ation": "1"}',
        '{"scans": [{"scan_id": "s-2", "code": "\\u0000"}]}',
        "[" * 200_000 + "]" * 200_000,
        "[" * 200_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        '{"scan_id": "s-3", "code": "x", "day": "' + day + '", "extra": ' + "[" * 40 + "]" * 40 + "}",
    ]
    with app.app_context():
        before = database_fingerprint()
    for body in bodies:
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400, body[:60]
        answer = response.get_json()
        assert answer["error"] == "bad_request"
        assert "NUL" in answer["message"] or "nested too deeply" in answer["message"]
    # Outside the API too: any JSON body, any page.
    assert client.post("/auth/login", data="[" * 200_000, content_type="application/json").status_code == 400
    with app.app_context():
        assert database_fingerprint() == before
    # What a station sends is still accepted.
    response = client.post(url, json={"scan_id": "s-ok", "code": badge, "day": day})
    assert response.status_code == 201


def test_a_sign_up_without_its_csrf_token_for_a_missing_event_is_a_404(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/events/nie-ma-takiego/register?lang=en", data={"first_name": "Ewa"})
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)

