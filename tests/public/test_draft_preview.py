"""Organisers preview a draft event's public pages, marked as a draft (not indexed); everyone
else, signed in or not, gets 404 as before; sign-up stays closed."""

import pytest

from eventapp.extensions import db
from eventapp.models import EventRoleKind, EventStatus, Role
from tests.conftest import login
from tests.factories import make_event, make_item, make_speaker
from tests.manage.conftest import account

PAGES = ["/events/szkic/", "/events/szkic/agenda", "/events/szkic/speakers/", "/events/szkic/speakers/{speaker}"]


@pytest.fixture
def draft(app):
    with app.app_context():
        event = make_event(slug="szkic", title="Forum w przygotowaniu", status=EventStatus.DRAFT)
        other = make_event(slug="inne")
        speaker = make_speaker("dr Anna Szkicowa")
        make_item(event, title="Wykład próbny", people=[(speaker, Role.SPEAKER)])
        account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        account("staff@example.org", event=event, role=EventRoleKind.STAFF)
        account("obcy@example.org", event=other, role=EventRoleKind.ORGANISER)
        account("admin@example.org", is_admin=True)
        db.session.commit()
        return speaker.id


@pytest.mark.parametrize("who", ["org@example.org", "admin@example.org"])
def test_organisers_preview_every_public_page_marked_as_a_draft(app, client, draft, who):
    login(client, who)
    for path in PAGES:
        response = client.get(path.format(speaker=draft))
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert 'class="notice draft-preview"' in html and "Podgląd szkicu" in html, path
        assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Wykład próbny" in client.get("/events/szkic/agenda").get_data(as_text=True)
    # Previewing does not open sign-up, and the draft stays off the public list.
    assert client.get("/events/szkic/register").status_code == 404
    assert "Forum w przygotowaniu" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("who", [None, "staff@example.org", "obcy@example.org"])
def test_everyone_else_gets_404(app, client, draft, who):
    if who:
        login(client, who)
    for path in PAGES:
        assert client.get(path.format(speaker=draft)).status_code == 404, (who, path)


def test_published_pages_carry_no_draft_mark(app, client, draft):
    login(client, "org@example.org")
    html = client.get("/events/inne/").get_data(as_text=True)
    assert "draft-preview" not in html and "noindex" not in html


def test_the_back_office_links_the_preview(app, client, draft):
    login(client, "org@example.org")
    html = client.get("/manage/events/szkic/").get_data(as_text=True)
    assert 'href="/events/szkic/"' in html and "Podgląd strony publicznej (szkic)" in html
