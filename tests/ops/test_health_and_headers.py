"""Health check, security headers, and logs without secrets."""

import json
import logging

from eventapp.extensions import db
from eventapp.logs import JsonFormatter, RedactingFilter, redact
from eventapp.security import CONTENT_SECURITY_POLICY
from tests.factories import make_event


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["database"]["backend"] in {"sqlite", "postgresql"}


def test_healthz_says_unavailable_when_the_database_is_gone(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/none.sqlite")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_every_page_carries_the_security_headers(app, client):
    with app.app_context():
        make_event(slug="forum")
        db.session.commit()
    for url in ("/", "/events/forum/", "/events/forum/agenda", "/auth/login", "/nope", "/healthz"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_private_paths_are_not_cached_and_send_no_referrer(client):
    headers = client.get("/events/forum/r/" + "a" * 32 + "/").headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in headers["Cache-Control"]


def test_templates_have_no_inline_scripts(app):
    from pathlib import Path

    for template in Path(app.template_folder).rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            assert "src=" in opening, f"inline <script> in {template}"
        assert " onclick=" not in text and " onload=" not in text, template


def test_logs_carry_no_tokens_or_emails():
    token = "Ab3_" + "x" * 28
    line = f"GET /events/forum/r/{token}/ for ola.nowak@example.org"
    assert redact(line) == "GET /events/forum/r/[token]/ for [email]"
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "sent to %s via %s", ("ala@example.org", token), None)
    RedactingFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "sent to [email] via [token]"
    assert "example.org" not in json.dumps(entry) and token not in json.dumps(entry)


def test_request_log_lines_are_json_and_redacted(make_app, caplog):
    app = make_app(LOG_REQUESTS=True, LOG_FORMAT="json")
    token = "Q" * 32
    with caplog.at_level(logging.INFO, logger="eventapp.request"):
        app.test_client().get(f"/events/x/r/{token}/")
    [record] = [r for r in caplog.records if r.name == "eventapp.request"]
    assert record.path == "/events/x/r/[token]/" and record.status == 404
    assert token not in record.getMessage()


def test_forwarded_client_address_is_trusted_only_behind_a_configured_proxy(make_app):
    from flask import request

    seen = {}

    def who():
        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        app = make_app(PROXY_HOPS=hops)
        app.add_url_rule("/_who", view_func=who)

        app.test_client().get("/_who", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
                              environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert seen["addr"] == expected
        assert seen["scheme"] == ("https" if hops else "http")
