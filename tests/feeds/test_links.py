"""Where people find the feeds: "add to calendar" on the agenda, the subscribe page, Google links."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from eventapp.extensions import db
from eventapp.feeds import services
from eventapp.models import Event, Registration, Speaker
from tests.feeds.helpers import dst_event, parse_both


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inputs: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "input" and "id" in attrs:
            self.inputs[attrs["id"]] = attrs.get("value", "")
        if tag == "label" and "for" in attrs:
            self.labels[attrs["for"]] = ""


def _links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_agenda_items_offer_ics_and_google_calendar(app, client):
    with app.app_context():
        ids = dst_event()
    page = client.get(f"/events/{ids.slug}/agenda").get_data(as_text=True)
    links = _links(page)
    ics = f"/events/{ids.slug}/items/{ids.workshop_a_id}.ics"
    assert ics in links.hrefs
    assert "Dodaj do kalendarza (.ics)" in page and "Kalendarz Google" in page
    # No "add to calendar" for a cancelled item.
    assert f"/events/{ids.slug}/items/{ids.break_id}.ics" not in links.hrefs
    # The link on the page downloads a calendar that parses.
    assert parse_both(client.get(ics).data).ical_events
    google = [h for h in links.hrefs if h.startswith("https://calendar.google.com/")]
    assert len(google) == 5
    workshop = next(h for h in google if "biznesplan" in parse_qs(urlsplit(h).query)["text"][0])
    query = parse_qs(urlsplit(workshop).query)
    assert query["action"] == ["TEMPLATE"]
    # 10:00–12:00 in Warsaw on 25 October 2026 is 09:00–11:00 UTC (winter time).
    assert query["dates"] == ["20261025T090000Z/20261025T110000Z"]
    assert query["ctz"] == ["Europe/Warsaw"]
    assert query["location"] == ["Sala Źródło, Centrum Przedsiębiorczości, ul. Źródlana 5, Zielona Góra"]
    assert "Prowadzący: Grzegorz Brzęczyszczykiewicz" in query["details"][0]


def test_subscribe_page_offers_webcal_and_https_for_event_rooms_and_site(app, client):
    with app.app_context():
        ids = dst_event()
    page = client.get(f"/events/{ids.slug}/calendar")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    links = _links(html)
    assert f"webcal://localhost/events/{ids.slug}/calendar.ics" in links.hrefs
    assert links.inputs["feed-event-url"] == f"http://localhost/events/{ids.slug}/calendar.ics"
    assert links.inputs[f"feed-room-{ids.room_a_id}-url"] == (
        f"http://localhost/events/{ids.slug}/rooms/{ids.room_a_id}/calendar.ics")
    assert links.inputs["feed-site-url"] == "http://localhost/calendar.ics"
    # Every address field has its label; the copy script is a file, not inline.
    assert set(links.inputs) <= set(links.labels)
    assert "feeds-copy.js" in html and "<script>" not in html
    # Every address offered answers with a calendar.
    for url in links.inputs.values():
        assert parse_both(client.get(url.removeprefix("http://localhost")).data)
    english = _links(client.get(f"/events/{ids.slug}/calendar?lang=en").get_data(as_text=True))
    assert english.inputs["feed-event-url"] == f"http://localhost/events/{ids.slug}/calendar.ics?lang=en"


def test_agenda_links_to_the_subscribe_page(app, client):
    with app.app_context():
        ids = dst_event()
    links = _links(client.get(f"/events/{ids.slug}/agenda").get_data(as_text=True))
    assert f"/events/{ids.slug}/calendar" in links.hrefs


def test_feed_url_helpers_for_other_features(ctx):
    ids = dst_event()
    speaker = db.session.get(Speaker, ids.moderator_id)
    urls = services.speaker_feed_urls(speaker)
    assert urls.https == f"http://localhost/calendar/speaker/{speaker.calendar_token}.ics"
    assert urls.webcal.startswith("webcal://localhost/calendar/speaker/")
    registration = db.session.get(Registration, ids.registration_id)
    assert services.participant_feed_urls(registration).https.endswith(f"/{registration.calendar_token}.ics")


def test_public_base_url_decides_the_addresses(make_app):
    app = make_app(PUBLIC_BASE_URL="https://wydarzenia.example.pl/app", CALENDAR_UID_DOMAIN="wydarzenia.example.pl")
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        ids = dst_event("adres")
        event = db.session.get(Event, ids.event_id)
        assert services.event_feed_urls(event).webcal == "webcal://wydarzenia.example.pl/app/events/adres/calendar.ics"
    client = app.test_client()
    parsed = parse_both(client.get("/events/adres/calendar.ics").data)
    assert f"item-{ids.panel_id}@wydarzenia.example.pl" in parsed.ical_events
    assert str(parsed.ical["SOURCE"]) == "https://wydarzenia.example.pl/app/events/adres/calendar.ics"
