"""With the rate-limit storage (Redis) unreachable, sign-up and sign-in still answer: limits fail open
with a logged warning instead of a 500."""

import logging

import pytest
from sqlalchemy import select

from eventapp.extensions import db, limiter
from eventapp.models import Registration
from tests.conftest import free_port, login
from tests.factories import make_account, make_event
from tests.registration.test_signup_pages import form


@pytest.fixture
def redis_down_app(make_app, monkeypatch):
    # Nothing listens on a port just freed: connections to it are refused at once.
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/2",
                   REGISTRATION_MIN_FILL_SECONDS=0)
    # The limiter is one object shared by every app in the process: whatever this test's outage
    # leaves in it ("storage dead, use the in-memory fallback") is put back afterwards.
    monkeypatch.setattr(limiter, "_storage_dead", limiter._storage_dead)
    with app.app_context():
        db.create_all()
        event = make_event()
        make_account("org@example.org")
        db.session.commit()
        slug = event.slug
    return app, slug


def test_sign_up_and_sign_in_answer_normally_and_the_outage_is_logged(redis_down_app, caplog):
    app, slug = redis_down_app
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        signed_up = client.post(f"/events/{slug}/register", data=form())
        signed_in = login(client, "org@example.org")
    assert signed_up.status_code == 200
    assert signed_in.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Registration.email)).all() == ["zazolc@example.org"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "storage unreachable" in r.getMessage()]
    assert warnings, [r.getMessage() for r in caplog.records]


def test_while_the_storage_is_down_limits_still_count_in_this_process(make_app, monkeypatch):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/2",
                   REGISTRATION_MIN_FILL_SECONDS=0, REGISTRATION_RATELIMIT="2 per minute")
    monkeypatch.setattr(limiter, "_storage_dead", limiter._storage_dead)
    with app.app_context():
        db.create_all()
        slug = make_event().slug
        db.session.commit()
    client = app.test_client()
    codes = [client.post(f"/events/{slug}/register", data=form(email=f"r{n}@example.org")).status_code
             for n in range(3)]
    assert codes == [200, 200, 429]


def test_a_post_failing_the_csrf_check_gets_the_usual_answer_and_the_outage_is_logged(make_app, monkeypatch,
                                                                                     caplog):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/2",
                   WTF_CSRF_ENABLED=True, REGISTRATION_MIN_FILL_SECONDS=0)
    monkeypatch.setattr(limiter, "_storage_dead", limiter._storage_dead)
    with app.app_context():
        db.create_all()
        slug = make_event().slug
        db.session.commit()
    with caplog.at_level(logging.WARNING):
        response = app.test_client().post(f"/events/{slug}/register", data=form())
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Registration.email)).all() == []
    assert any("counting failed CSRF checks in memory" in r.getMessage() for r in caplog.records)
