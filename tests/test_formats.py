"""English pages show 24-hour times and day-month dates like the Polish ones; file sizes use
the decimal comma in Polish and the point in English."""

from datetime import date

from eventapp.extensions import db
from eventapp.models import ItemKind, Material, MaterialKind
from tests.factories import local, make_event, make_item, make_registration

DAY = date(2031, 12, 27)


def _world(app):
    with app.app_context():
        event = make_event(slug="forum", start_date=DAY, end_date=DAY)
        item = make_item(event, local(DAY, 13, 30), 90, title="Warsztat", kind=ItemKind.WORKSHOP,
                         requires_signup=True, seat_limit=10)
        db.session.add(Material(item_id=item.id, kind=MaterialKind.FILE, title="Slajdy",
                                file_path="materials/x.pdf", size_bytes=1_430_000, content_type="application/pdf"))
        registration = make_registration(event)
        db.session.commit()
        return registration.manage_token


def test_the_private_page_shows_24_hour_day_month_times_in_both_languages(app, client):
    token = _world(app)
    polish = client.get(f"/events/forum/r/{token}?lang=pl").get_data(as_text=True)
    english = client.get(f"/events/forum/r/{token}?lang=en").get_data(as_text=True)
    # Workshops are grouped under their day; each shows its times.
    assert "sobota, 27 grudnia 2031" in polish and "13:30–15:00" in polish
    assert "Saturday, 27 December 2031" in english and "13:30–15:00" in english
    assert "PM" not in english and "December 27" not in english


def test_english_short_date_times_put_the_day_first_with_a_24_hour_clock(app):
    from flask_babel import force_locale

    from eventapp.templating import event_datetime

    with app.test_request_context(), force_locale("en"):
        assert event_datetime(local(DAY, 13, 30), "Europe/Warsaw", "short") == "27/12/2031, 13:30"
    with app.test_request_context(), force_locale("pl"):
        assert event_datetime(local(DAY, 13, 30), "Europe/Warsaw", "short") == "27.12.2031, 13:30"


def test_english_dates_put_the_day_first(app, client):
    _world(app)
    english = client.get("/events/forum/?lang=en").get_data(as_text=True)
    assert "27 December 2031" in english


def test_file_sizes_use_the_decimal_comma_in_polish(app, client):
    _world(app)
    assert "1,4 MB" in client.get("/events/forum/agenda?lang=pl").get_data(as_text=True)
    assert "1.4 MB" in client.get("/events/forum/agenda?lang=en").get_data(as_text=True)


def test_file_size_units(app):
    from flask_babel import force_locale

    from eventapp.templating import file_size

    with app.test_request_context(), force_locale("pl"):
        assert [file_size(n) for n in (0, 999, 1000, 15_300, 2_000_000, 3_250_000_000)] == [
            "0 B", "999 B", "1 kB", "15,3 kB", "2 MB", "3,2 GB"]
