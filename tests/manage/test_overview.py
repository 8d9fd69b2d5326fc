"""The event overview: live numbers (confirmed, waiting, cancelled, checked in today) and a
server-drawn chart of sign-ups over time with its numbers in a table; organisers only."""

from datetime import date, datetime, timedelta

import pytest

from eventapp.extensions import db
from eventapp.manage import overview
from eventapp.models import Event, RegistrationStatus, utcnow
from tests.conftest import login
from tests.factories import local, make_event, make_registration
from tests.reports.helpers import check_in

W, X = RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


def _people(event, today):
    a = make_registration(event, created_at=local(today - timedelta(days=3), 10))
    b = make_registration(event, created_at=local(today - timedelta(days=3), 23, 30))
    make_registration(event, created_at=local(today - timedelta(days=1), 8))
    make_registration(event, status=W, waitlist_position=1, created_at=local(today, 9))
    make_registration(event, status=X, created_at=local(today, 9))
    now = utcnow()
    check_in(event, a, today, now)
    check_in(event, b, today, now, undone=True)  # undone: not counted
    check_in(event, b, today - timedelta(days=1), now)  # another day: not counted
    return a, b


def test_numbers_count_each_status_and_todays_live_check_ins(ctx):
    today = utcnow().astimezone(make_event().tz).date()
    event = make_event(start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))
    _people(event, today)
    db.session.commit()
    numbers = overview.numbers(event)
    assert (numbers.confirmed, numbers.waiting, numbers.cancelled, numbers.checked_in_today) == (3, 1, 1, 1)


def test_sign_ups_are_counted_per_day_in_the_events_zone_and_weekly_when_long(ctx):
    event = make_event(start_date=date(2031, 6, 10), end_date=date(2031, 6, 10))
    # 23:30 in Warsaw is still the 3rd there, though already the 3rd/4th elsewhere.
    for when in (local(date(2031, 6, 3), 23, 30), local(date(2031, 6, 3), 1), local(date(2031, 6, 5), 12)):
        make_registration(event, created_at=when)
    db.session.commit()
    series = overview.signups_over_time(event, now=datetime(2031, 6, 6, 12, tzinfo=local(date(2031, 6, 6), 0).tzinfo))
    assert series.rows == [(date(2031, 6, 3), 2), (date(2031, 6, 4), 0), (date(2031, 6, 5), 1), (date(2031, 6, 6), 0)]
    assert not series.weekly and len(series.chart.bars) == 4
    make_registration(event, created_at=local(date(2031, 3, 1), 12))
    db.session.commit()
    weekly = overview.signups_over_time(event, now=local(date(2031, 6, 6), 12))
    assert weekly.weekly and sum(n for _d, n in weekly.rows) == 4
    assert all(start.weekday() == 0 for start, _n in weekly.rows)


def test_the_overview_page_shows_numbers_chart_and_table(app, client, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        _people(event, utcnow().astimezone(event.tz).date())
        db.session.commit()
    login(client, world.accounts["organiser"])
    html = client.get("/manage/events/forum/").get_data(as_text=True)
    assert 'data-field="confirmed">3<' in html and 'data-field="waiting">1<' in html
    assert 'data-field="cancelled">1<' in html and 'data-field="checked_in_today">1<' in html
    assert '<svg class="chart chart-columns" id="signups-chart" role="img"' in html
    assert "Zgłoszenia w kolejnych dniach" in html and "<summary>Liczby z wykresu</summary>" in html
    assert "manage-overview.js" in html and "cdn" not in html.lower()
    assert client.get("/manage/events/forum/numbers.json").get_json() == {
        "confirmed": 3, "waiting": 1, "cancelled": 1, "checked_in_today": 1}


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_only_organisers_see_the_numbers(app, client, world, who):
    login(client, world.accounts[who])
    assert client.get("/manage/events/forum/numbers.json").status_code == 403
    assert client.get("/manage/events/forum/").status_code == 403
