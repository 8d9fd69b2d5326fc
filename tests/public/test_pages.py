"""The public event list and event page, in Polish (default) and English."""

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import EventOrganisation, EventStatus, OrganisationPart
from tests.factories import make_event


def _seed(app):
    with app.app_context():
        today = date.today()
        upcoming = make_event(slug="forum", title="Forum Współpracy Międzysektorowej",
                              start_date=today + timedelta(days=10), venue_city="Brzozów",
                              eu_funded=True, funding_note="Współfinansowane ze środków Unii Europejskiej.")
        upcoming.organisations = [
            EventOrganisation(name="Centrum Aktywności Lokalnej", part=OrganisationPart.ORGANISER),
            EventOrganisation(name="Fundacja Rozwoju Ekonomii", part=OrganisationPart.PARTNER),
            EventOrganisation(name="Europejski Fundusz Społeczny", part=OrganisationPart.FUNDER),
            EventOrganisation(name="Radio Zielonowo", part=OrganisationPart.MEDIA_PATRON),
        ]
        make_event(slug="minione", title="Seminarium CSR 2025", start_date=today - timedelta(days=90),
                   status=EventStatus.FINISHED)
        make_event(slug="szkic", title="Tajny szkic", status=EventStatus.DRAFT)
        db.session.commit()


def test_event_list_shows_upcoming_and_past_but_no_drafts(app, client):
    _seed(app)
    page = client.get("/").get_data(as_text=True)
    assert "Nadchodzące wydarzenia" in page and "Minione wydarzenia" in page
    upcoming, past = page.split("Minione wydarzenia")
    assert "Forum Współpracy Międzysektorowej" in upcoming
    assert "Seminarium CSR 2025" in past
    assert "Tajny szkic" not in page


def test_draft_event_pages_are_not_found(app, client):
    _seed(app)
    assert client.get("/events/szkic/").status_code == 404
    assert client.get("/events/szkic/agenda").status_code == 404
    assert client.get("/events/nie-ma-takiego/").status_code == 404


def test_event_page_shows_organisations_by_part_and_the_funding_note(app, client):
    _seed(app)
    page = client.get("/events/forum/").get_data(as_text=True)
    for text in ("Organizatorzy", "Centrum Aktywności Lokalnej", "Partnerzy", "Fundacja Rozwoju Ekonomii",
                 "Finansujący", "Europejski Fundusz Społeczny", "Patroni medialni", "Radio Zielonowo",
                 "Współfinansowane ze środków Unii Europejskiej.", "Pokaż na mapie", "Brzozów"):
        assert text in page, text
    assert 'href="/events/forum/agenda"' in page


def test_polish_is_the_default_and_english_is_remembered(app, client):
    _seed(app)
    polish = client.get("/events/forum/")
    assert '<html lang="pl">' in polish.get_data(as_text=True)
    assert "Gdzie" in polish.get_data(as_text=True)

    english = client.get("/events/forum/?lang=en")
    text = english.get_data(as_text=True)
    assert '<html lang="en">' in text and "Where" in text and "Organisers" in text
    assert "lang=en" in english.headers["Set-Cookie"]
    # The choice sticks for the next page without ?lang=.
    assert "Upcoming events" in client.get("/").get_data(as_text=True)


def test_every_page_has_a_language_switcher_keeping_the_page(app, client):
    _seed(app)
    for url in ("/", "/events/forum/", "/events/forum/agenda", "/events/forum/speakers/", "/auth/login"):
        page = client.get(url).get_data(as_text=True)
        assert 'hreflang="en"' in page and 'hreflang="pl"' in page, url
        path = url.split("?")[0]
        assert f'href="{path}?lang=en"' in page, url


def test_unknown_language_falls_back_to_polish(app, client):
    _seed(app)
    page = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="pl">' in page


def test_not_found_page_is_translated(app, client):
    assert "Nie znaleźliśmy tej strony." in client.get("/events/brak/").get_data(as_text=True)
    assert "We could not find that page." in client.get("/events/brak/?lang=en").get_data(as_text=True)
