"""Every organiser-only URL refuses anonymous users, staff, speakers and other events' organisers."""

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import EventStatus, OutboundEmail
from eventapp.models.reports import CertificateBatch
from tests.conftest import login
from tests.reports.helpers import build_story, detached, with_accounts


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


def _urls(story, batch_id):
    base = f"/events/{story.slug}/reports"
    return [
        f"{base}/", f"{base}/participants.csv", f"{base}/participants.xlsx", f"{base}/summary.xlsx",
        f"{base}/attendance-list/{story.event.days[0].isoformat()}.pdf",
        f"{base}/attendance-list/item-{story.workshop.id}.pdf",
        f"{base}/certificates/", f"{base}/certificates/{batch_id}.json", f"{base}/certificates/{batch_id}.zip",
    ]


def _post_urls(story):
    base = f"/events/{story.slug}/reports"
    return [f"{base}/certificates/", f"{base}/emails"]


def _get(client, url):
    """GET and close (a file download keeps its file open until the response is closed)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def _counts(app):
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.count()).select_from(CertificateBatch)),
                db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)))


@pytest.fixture
def story(app, client):
    with app.app_context():
        story = detached(with_accounts(build_story()))
    # One finished ZIP build, so that its progress and download URLs exist.
    login(client, story.accounts["organiser"])
    assert client.post(f"/events/{story.slug}/reports/certificates/").status_code == 302
    with app.app_context():
        story.batch_id = db.session.scalar(sa.select(CertificateBatch.id))
    client.post("/auth/logout")
    return story


def test_the_organiser_may_open_every_page(app, client, story):
    login(client, story.accounts["organiser"])
    for url in _urls(story, story.batch_id):
        assert _get(client, url).status_code == 200, url


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, story, who):
    before = _counts(app)
    login(client, story.accounts[who])
    for url in _urls(story, story.batch_id):
        response = _get(client, url)
        assert response.status_code == 403, (who, url)
        assert b"PK" not in response.data[:2] and b"%PDF" not in response.data[:4]
    for url in _post_urls(story):
        assert client.post(url).status_code == 403, (who, url)
    assert _counts(app) == before


def test_anonymous_users_are_sent_to_sign_in_and_nothing_changes(app, client, story):
    before = _counts(app)
    responses = [(url, _get(client, url)) for url in _urls(story, story.batch_id)]
    responses += [(url, client.post(url)) for url in _post_urls(story)]
    for url, response in responses:
        assert response.status_code == 302 and "/auth/login" in response.location, url
    assert _counts(app) == before


def test_a_draft_events_reports_are_not_found_for_others(app, client, story):
    with app.app_context():
        event = db.session.merge(story.event)
        event.status = EventStatus.DRAFT
        db.session.commit()
    login(client, story.accounts["staff"])
    for url in _urls(story, story.batch_id):
        assert _get(client, url).status_code == 404, url


def test_another_events_build_is_not_reachable_through_this_event(app, client, story):
    with app.app_context():
        other = detached(with_accounts(build_story(slug="drugie-forum")))
    login(client, other.accounts["organiser"])
    assert client.get(f"/events/{other.slug}/reports/certificates/{story.batch_id}.json").status_code == 404
    assert client.get(f"/events/{other.slug}/reports/certificates/{story.batch_id}.zip").status_code == 404
