"""The event list and the event page show the start time, seats left or 'full — waiting list',
and when registration closes (or opens); the list does it in a fixed number of queries."""

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import RegistrationStatus
from tests.factories import local, make_event, make_item, make_registration

DAY = date.today() + timedelta(days=60)


def _events(app):
    with app.app_context():
        roomy = make_event(slug="roomy", title="Seminarium z miejscami", start_date=DAY, end_date=DAY, capacity=3,
                           registration_closes_at=local(DAY - timedelta(days=2), 23, 59))
        make_item(roomy, local(DAY, 9, 30), title="Otwarcie")
        make_item(roomy, local(DAY, 12), title="Później")
        make_registration(roomy)
        full = make_event(slug="full", title="Forum pełne", start_date=DAY, end_date=DAY, capacity=1)
        make_registration(full)
        make_registration(full, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
        make_event(slug="later", title="Kongres przyszły", start_date=DAY, end_date=DAY, capacity=None,
                   registration_opens_at=local(DAY - timedelta(days=20), 9))
        db.session.commit()


def test_the_event_list_shows_seats_start_and_closing(app, client):
    _events(app)
    html = client.get("/").get_data(as_text=True)
    roomy = html[html.index("Seminarium z miejscami"):html.index("</article>", html.index("Seminarium z miejscami"))]
    assert "od 09:30" in roomy and "zostały 2 miejsca" in roomy
    assert f"zapisy do {(DAY - timedelta(days=2)).day}" in roomy and "23:59" in roomy
    full = html[html.index("Forum pełne"):html.index("</article>", html.index("Forum pełne"))]
    assert "Brak miejsc — lista rezerwowa" in full
    later = html[html.index("Kongres przyszły"):html.index("</article>", html.index("Kongres przyszły"))]
    assert "Rejestracja rusza" in later and "09:00" in later


def test_the_event_page_shows_the_same_in_english(app, client):
    _events(app)
    html = client.get("/events/roomy/?lang=en").get_data(as_text=True)
    assert "from 09:30" in html and "2 seats left" in html and "registration until" in html
    assert "Full — waiting list" in client.get("/events/full/?lang=en").get_data(as_text=True)


def test_the_event_list_runs_a_fixed_number_of_queries(app, client, count_queries):
    _events(app)
    client.get("/")
    with count_queries() as few:
        client.get("/")
    with app.app_context():
        for n in range(5):
            make_registration(make_event(slug=f"more-{n}", start_date=DAY, end_date=DAY))
        db.session.commit()
    with count_queries() as many:
        client.get("/")
    assert many.count == few.count
