"""The public programme page, and the link to it from each of its events."""

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import EventStatus, ProgrammeLogo
from tests.factories import make_event
from tests.programmes.helpers import make_programme


def _world(app):
    with app.app_context():
        today = date.today()
        upcoming = make_event(slug="forum-2027", title="Forum Współpracy Międzysektorowej",
                              start_date=today + timedelta(days=20))
        past = make_event(slug="seminarium-2026", title="Seminarium podsumowujące",
                          start_date=today - timedelta(days=40))
        draft = make_event(slug="szkic", title="Szkic konferencji", status=EventStatus.DRAFT)
        programme = make_programme(events=[upcoming, past, draft], description="Partnerstwa firm i organizacji.")
        db.session.add(ProgrammeLogo(programme_id=programme.id, name="Fundusze Europejskie",
                                     url="https://example.org/fe"))
        make_event(slug="samodzielne", title="Samodzielne wydarzenie")
        db.session.commit()


def test_the_programme_page_shows_the_funder_and_upcoming_and_past_events(app, client):
    _world(app)
    page = client.get("/programmes/program-csr/").get_data(as_text=True)
    assert "Regionalny Ośrodek CSR" in page and "Europejski Fundusz Społeczny" in page
    upcoming, past = page.split('id="past-heading"')
    assert "Forum Współpracy Międzysektorowej" in upcoming and "Seminarium podsumowujące" in past
    assert "Szkic konferencji" not in page
    assert "Fundusze Europejskie" in page and "Projekt współfinansowany" in page


def test_each_event_page_links_to_its_programme_with_its_logos(app, client):
    _world(app)
    page = client.get("/events/forum-2027/").get_data(as_text=True)
    assert 'href="/programmes/program-csr/"' in page
    assert "Fundusze Europejskie" in page and "Projekt współfinansowany" in page
    assert "/programmes/" not in client.get("/events/samodzielne/").get_data(as_text=True)


def test_an_unknown_programme_is_not_found(app, client):
    assert client.get("/programmes/nie-ma/").status_code == 404
