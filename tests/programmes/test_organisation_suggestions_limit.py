"""The suggestions endpoint is rate-limited per address."""

import pytest

from tests.programmes.test_organisation_suggestions import seed


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", "SUGGESTION_RATELIMIT": "3 per minute"}


def test_too_many_questions_are_refused(app, client):
    with app.app_context():
        seed()
    answers = [client.get("/events/forum/organisation-suggestions?q=fund").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
