"""An attacker's tour of the whole app, built on the demo data so every page has something to show.

The walkers go through the URL map, so a page or form added later is attacked too:
- script injected into every free-text column of every table is shown escaped on every page;
- no state-changing request is accepted without a CSRF token, even from an organiser;
- forged and truncated tokens in private URLs get a plain 404;
- SQL metacharacters and oversized input are refused or harmless, with nothing written.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import sqlalchemy as sa

from eventapp.extensions import Base, db
from eventapp.models import Registration
from tests.security.walker import MUTATING, database_fingerprint, urls_for
from tests.security.walker import sign_in as _sign_in

SCRIPT = "<script>alert(31337)</script>"
IMAGE = '"><img src=x onerror=alert(31337)>'
PAYLOAD = SCRIPT + IMAGE
# What would run in a browser if the payload came back unescaped.
DANGEROUS = ("<script>alert(31337)", "<img src=x onerror=alert(31337)>", 'onerror=alert(31337)>')

# Columns that never hold free text typed by a person, or whose format is checked on input.
NOT_FREE_TEXT = re.compile(r"(email|token|code|slug|hash|path|url|website|timezone|time_zone|language|"
                           r"content_type|version|scan_id|etag|phone|mime|filename|kind|role|status|"
                           r"source|action|password)")

# Mutating endpoints that do not take a CSRF token on purpose, and why.
CSRF_EXEMPT: dict[str, str] = {}

# Endpoints not worth walking for pages (files, health checks).
SKIP_PAGES = {"static", "ops.healthz"}


def _poison_links() -> list[str]:
    """Put a script URL into every column that holds a link a person typed."""
    poisoned = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String) and re.search(r"(^url$|_url$|website)", column.name):
                db.session.execute(sa.update(table).values({column.name: "javascript:alert(31337)"}))
                poisoned.append(f"{table.name}.{column.name}")
    db.session.commit()
    return poisoned


def _poison_free_text() -> list[str]:
    """Put the payload into every free-text column that a person could have typed into."""
    poisoned = []
    for table in Base.metadata.sorted_tables:
        unique = {c.name for constraint in table.constraints if isinstance(constraint, sa.UniqueConstraint)
                  for c in constraint.columns}
        for column in table.columns:
            if not isinstance(column.type, sa.String) or isinstance(column.type, sa.Enum):
                continue
            if column.primary_key or column.unique or column.name in unique or NOT_FREE_TEXT.search(column.name):
                continue
            length = column.type.length
            value = PAYLOAD if length is None or length >= len(PAYLOAD) else (
                IMAGE if length >= len(IMAGE) else SCRIPT if length >= len(SCRIPT) else None)
            if value is None:
                continue
            db.session.execute(sa.update(table).where(column.isnot(None)).values({column.name: value}))
            poisoned.append(f"{table.name}.{column.name}")
    db.session.commit()
    return poisoned


def _walk_pages(app, client, values_per_event):
    """GET every page with real values; yield (endpoint, url, response) for each answered page."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_PAGES or "GET" not in (rule.methods or ()):
            continue
        for values in values_per_event:
            for url in urls_for(rule, values):
                response = client.get(url)
                yield rule.endpoint, url, response
                if response.status_code == 200:
                    break


def test_script_typed_into_any_text_field_is_shown_escaped_everywhere(app, demo_world):
    with app.app_context():
        poisoned = _poison_free_text()
        links = _poison_links()
    assert "event_organisations.url" in links
    assert {"events.title", "speakers.bio", "agenda_items.abstract", "registrations.organisation",
            "registrations.first_name"} <= set(poisoned)

    seen_payload = set()
    answered = set()
    for who in ("anonymous", "organiser"):
        client = app.test_client()
        if who == "organiser":
            _sign_in(client, demo_world["admin"])
        for endpoint, url, response in _walk_pages(app, client, demo_world["values"]):
            if response.status_code != 200:
                continue
            answered.add(endpoint)
            if not response.mimetype.startswith("text/html"):
                continue
            body = response.get_data(as_text=True)
            assert not re.search(r"(href|src)=[\"']?\s*javascript:", body, re.I), f"{who}: {url} links to a script"
            for needle in DANGEROUS:
                assert needle not in body, f"{who}: {url} shows {needle!r} unescaped"
            if "alert(31337)" in body:
                seen_payload.add(endpoint)
    # The walk reached real pages that show the poisoned text (escaped), so it could have failed.
    assert {"public.event", "agenda.agenda", "speakers.speaker", "reports.summary"} <= seen_payload
    assert len(answered) >= 10


def test_no_state_changing_request_is_accepted_without_a_csrf_token(app, demo_world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    _sign_in(client, demo_world["admin"])
    with app.app_context():
        before = database_fingerprint()
    tried = set()
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & MUTATING
        if not methods or rule.endpoint in CSRF_EXEMPT:
            continue
        values = demo_world["values"][0]
        url = next(urls_for(rule, values))
        for method in sorted(methods):
            form = client.open(url, method=method, data={"first_name": "Ewa", "title": "Zmiana", "q": "x"})
            api = client.open(url, method=method, json={"code": "x", "scans": []})
            for response in (form, api):
                assert response.status_code == 400, f"{method} {url} without CSRF -> {response.status_code}"
        tried.add(rule.endpoint)
    with app.app_context():
        assert database_fingerprint() == before
    assert "auth.logout" in tried


def test_a_refused_form_says_why_in_the_users_language(app, demo_world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/auth/login?lang=pl", data={"email": "a@b.pl", "password": "x"})
    assert response.status_code == 400
    assert "wygasł" in response.get_data(as_text=True)
    response = client.post("/auth/login?lang=en", data={"email": "a@b.pl", "password": "x"})
    assert "expired" in response.get_data(as_text=True)


MANGLES = [
    lambda token: token[:-1],
    lambda token: token[:10],
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
    lambda token: token.upper(),
    lambda token: token + "x",
    lambda token: "' OR '1'='1",
    lambda token: "%00",
]


def test_forged_and_truncated_tokens_get_a_plain_404(app, demo_world):
    client = app.test_client()
    checked = 0
    values = demo_world["values"][-1]  # the finished event: certificates and feeds exist
    for rule in app.url_map.iter_rules():
        token_args = [name for name in rule.arguments if "token" in name or "code" in name]
        if not token_args or "GET" not in (rule.methods or ()):
            continue
        for url in urls_for(rule, values):
            if client.get(url).status_code != 200:
                continue
            for mangle in MANGLES:
                forged = url
                for token in values["token"] + values["code"]:
                    forged = forged.replace(token, mangle(token))
                assert forged != url
                assert client.get(forged).status_code in (400, 404), f"{forged} (from {url})"
            checked += 1
            break
    assert checked >= 2


SQL_TERMS = ["' OR '1'='1", "x'; DROP TABLE registrations; --", "%' --", "\\", "\x00", "_%"]


def test_sql_metacharacters_in_urls_and_queries_are_harmless(app, demo_world):
    client = app.test_client()
    _sign_in(client, demo_world["admin"])
    with app.app_context():
        before = database_fingerprint()
        registrations = db.session.scalar(sa.select(sa.func.count()).select_from(Registration))
    slug = demo_world["values"][0]["slug"][0]
    for term in SQL_TERMS:
        assert client.get(f"/events/{quote(term)}/").status_code in (400, 404)
        for path, args in ((f"/events/{slug}/agenda", {"day": term}), ("/", {"q": term}),
                           (f"/events/{slug}/speakers/", {"q": term})):
            assert client.get(path, query_string=args, follow_redirects=True).status_code in (200, 400, 404)
        assert client.post("/auth/login", data={"email": term, "password": term}).status_code in (200, 400)
        assert client.post("/auth/login", data={"email": f"a{term}@example.org", "password": "x"}).status_code in (200, 400)
        for rule in app.url_map.iter_rules():
            if "search" in rule.endpoint and "GET" in (rule.methods or ()):
                url = next(urls_for(rule, demo_world["values"][0]))
                assert client.get(url, query_string={"q": term}).status_code in (200, 400, 404)
    with app.app_context():
        assert database_fingerprint() == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == registrations


def test_oversized_and_malformed_input_is_refused_with_nothing_written(app, demo_world):
    client = app.test_client()
    with app.app_context():
        before = database_fingerprint()
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert client.post("/auth/login", data={"email": huge, "password": "x"}).status_code == 413
    response = client.post("/auth/login", data={"email": "ą" * 5000 + "@example.org", "password": "x" * 10000})
    assert response.status_code == 200
    assert client.post("/auth/login", data=b"\xff\xfe\x00garbage",
                       content_type="application/x-www-form-urlencoded").status_code in (200, 400)
    assert client.get("/events/" + "a" * 5000 + "/").status_code == 404
    with app.app_context():
        assert database_fingerprint() == before
