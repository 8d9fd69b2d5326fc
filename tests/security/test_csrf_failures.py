"""Posts that fail the CSRF check are counted per client address; past CSRF_FAILURE_RATELIMIT
the address's posts get a 429 before their body is read, while its pages still open and other
addresses are not affected."""

from __future__ import annotations

import io
import re

import pytest
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from eventapp import csrf_failures
from eventapp.extensions import db, limiter
from eventapp.models import EventRoleKind
from tests.conftest import free_port
from tests.factories import make_account, make_event
from tests.security.walker import sign_in


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", "WTF_CSRF_ENABLED": True,
            "CSRF_FAILURE_RATELIMIT": "3 per minute"}


class UnreadableBody(io.RawIOBase):
    """A request body of SIZE bytes that fails the test if anyone reads it."""

    SIZE = 50_000

    def __init__(self) -> None:
        super().__init__()
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = self.SIZE + offset if whence == io.SEEK_END else offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        raise AssertionError("the body of a refused post was read")


FORM = {"email": "ola@example.org", "password": "x"}


def test_too_many_failed_posts_from_one_address_are_refused_before_their_body_is_read(app, client):
    for _ in range(3):
        assert client.post("/auth/login", data=FORM).status_code == 400
    over = client.post("/auth/login?lang=en", data=FORM)
    assert over.status_code == 429
    assert "Too many attempts" in over.get_data(as_text=True)
    # Even a post with a valid token now waits, and its body is not even read.
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/auth/login").get_data(as_text=True)).group(1)
    assert client.post("/auth/login", data={**FORM, "csrf_token": token}).status_code == 429
    refused = client.post("/auth/login", input_stream=UnreadableBody(),
                          content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 429
    # Pages still open, and another address is not affected.
    assert client.get("/").status_code == 200
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert other.post("/auth/login", data=FORM).status_code == 400


def test_expired_sign_up_forms_count_too(app, client):
    with app.app_context():
        make_event(slug="forum")
        db.session.commit()
    answers = [client.post("/events/forum/register", data={"first_name": "Ewa"}).status_code for _ in range(5)]
    assert answers == [400, 400, 400, 429, 429]
    answers = [client.post("/api/events/forum/checkins", json={"code": "x"}).status_code for _ in range(2)]
    assert answers == [429, 429]


def test_the_check_in_api_counts_failed_csrf_checks_too(app, client):
    with app.app_context():
        event = make_event(slug="forum")
        staff = make_account("bramka@example.org", event=event, role=EventRoleKind.STAFF)
        db.session.commit()
        staff_id = staff.id
    sign_in(client, staff_id)  # a station signed in with a session: its posts need the CSRF header
    answers = [client.post("/api/events/forum/checkins", json={"code": "x"}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [400, 400, 400, 429]
    assert answers[0].get_json()["error"] == "csrf_failed"
    assert answers[3].get_json()["error"] == "too_many_requests"


def test_the_unreadable_body_would_be_read_by_a_client_under_the_limit(client):
    """The check above can fail: a client under the limit has its body read."""
    with pytest.raises(AssertionError, match="body of a refused post was read"):
        client.post("/auth/login", input_stream=UnreadableBody(), content_type="application/x-www-form-urlencoded")


def test_with_the_limit_storage_unreachable_failures_are_counted_in_the_process(make_app, monkeypatch):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/2",
                   WTF_CSRF_ENABLED=True, CSRF_FAILURE_RATELIMIT="2 per minute")
    monkeypatch.setattr(limiter, "_storage_dead", limiter._storage_dead)
    monkeypatch.setattr(csrf_failures, "_in_this_process", FixedWindowRateLimiter(MemoryStorage()))
    client = app.test_client()
    assert [client.post("/auth/login", data=FORM).status_code for _ in range(4)] == [400, 400, 429, 429]
