"""The summary's numbers equal the hand-counted story, edge cases included, in a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import CheckIn, OrganisationType, RegistrationSource, RegistrationStatus
from eventapp.reports.collation import polish_key, surname_key
from eventapp.reports.services import attendance_of, attendance_summary
from tests.conftest import login
from tests.factories import local, make_registration
from tests.reports.helpers import EXPECTED, build_story, check_in, person, with_accounts


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


def test_summary_matches_the_hand_counted_story(ctx):
    story = build_story()
    s = attendance_summary(story.event)
    for name in ("registered", "confirmed", "waitlisted", "cancelled", "attended", "attended_cancelled",
                 "attended_waitlisted", "walk_ins", "walk_ins_attended", "expected", "expected_attended",
                 "no_shows"):
        assert getattr(s, name) == EXPECTED[name], name
    assert s.no_show_rate == pytest.approx(EXPECTED["no_show_rate"])
    assert s.days == story.event.days
    for index, (attended, walk_ins, no_shows, rate) in EXPECTED["per_day"].items():
        row = s.per_day[index]
        assert (row.attended, row.walk_ins, row.no_shows) == (attended, walk_ins, no_shows), row.day
        assert row.no_show_rate == pytest.approx(rate)
    by_type = {OrganisationType(row.key): row for row in s.by_type}
    assert set(by_type) == set(OrganisationType)
    for org_type, (registered, confirmed, attended, per_day) in EXPECTED["by_type"].items():
        row = by_type[org_type]
        assert (row.registered, row.confirmed, row.attended) == (registered, confirmed, attended), org_type
        assert [row.per_day[d] for d in s.days] == per_day, org_type
    assert [(r.label, r.registered, r.confirmed, r.attended) for r in s.by_organisation] == EXPECTED["by_organisation"]
    assert [(r.item.title, r.attended) for r in s.items] == EXPECTED["items"]
    [workshop] = s.workshops
    assert (workshop.seat_limit, workshop.confirmed, workshop.waitlisted, workshop.fill_rate, workshop.attended) \
        == EXPECTED["workshop"]
    assert [a.day for a in s.arrivals] == s.days
    for index, buckets in EXPECTED["arrivals"].items():
        arrivals = s.arrivals[index]
        assert [(start.strftime("%H:%M"), n) for start, n in arrivals.buckets] == buckets
        assert all(start.tzinfo.key == "Europe/Warsaw" for start, _ in arrivals.buckets)
    # The parts add up.
    assert s.confirmed + s.waitlisted + s.cancelled == s.registered
    assert sum(r.registered for r in s.by_type) == sum(r.registered for r in s.by_organisation) == s.registered
    assert sum(r.attended for r in s.by_type) == s.attended
    assert [a.total for a in s.arrivals] == [row.attended for row in s.per_day]


def test_an_event_with_nobody_yet_has_zeros_and_no_rates(ctx):
    story = build_story(slug="puste")
    db.session.execute(sa.delete(CheckIn).where(CheckIn.event_id == story.event.id))
    db.session.commit()
    s = attendance_summary(story.event)
    assert s.attended == 0 and s.no_shows == s.expected == 5 and s.no_show_rate == 1.0
    assert s.arrivals == [] and all(row.attended == 0 for row in s.per_day)
    assert [r.item.title for r in s.items] == ["Warsztat: źródła finansowania"]


def test_a_participant_sees_only_their_own_attendance(ctx):
    story = build_story()
    days = story.event.days
    for key, indexes in EXPECTED["days_of"].items():
        attendance = attendance_of(story.people[key])
        assert attendance.days == [days[i] for i in indexes], key
        assert attendance.certificate_available, key
    anna = attendance_of(story.people["anna"])
    assert [i.title for i in anna.items] == [story.lecture.title, story.workshop.title]
    # The undone day-2 check-in is not Bartosz's attendance; Celina never came: no certificate.
    assert attendance_of(story.people["bartosz"]).items == []
    celina = attendance_of(story.people["celina"])
    assert celina.days == [] and not celina.certificate_available


def test_polish_alphabetical_order():
    names = ["Żak", "Zając", "Łukasiewicz", "Lis", "Śliwa", "Sowa", "Źdźbło", "Ćwik", "Cichy", "Ąbel", "Abel",
             "Nowak-Jeziorańska", "Nowakowski", "Nowak", "Ńkowski", "Nyga", "Ósma", "Oko", "Zieliński", "zając"]
    ordered = sorted(names, key=polish_key)
    assert ordered == ["Abel", "Ąbel", "Cichy", "Ćwik", "Lis", "Łukasiewicz", "Nowak", "Nowak-Jeziorańska",
                       "Nowakowski", "Nyga", "Ńkowski", "Oko", "Ósma", "Sowa", "Śliwa", "Zając", "zając",
                       "Zieliński", "Źdźbło", "Żak"]
    # Foreign accents sort with their letter; the first name breaks ties.
    assert sorted(["Müller", "Mueller", "Mazur"], key=polish_key) == ["Mazur", "Mueller", "Müller"]
    assert sorted([("Nowak", "Łucja"), ("Nowak", "Lucyna")], key=lambda p: surname_key(*p)) \
        == [("Nowak", "Lucyna"), ("Nowak", "Łucja")]


def _grow(story, extra: int) -> None:
    """More people, organisations and check-ins (the query count must not change)."""
    event = story.event
    types = list(OrganisationType)
    for n in range(extra):
        reg = make_registration(event, last_name=f"Dodatkowy{n}", organisation=f"Organizacja {n % 7}",
                                organisation_type=types[n % len(types)],
                                source=RegistrationSource.WALK_IN if n % 5 == 0 else RegistrationSource.ONLINE,
                                status=RegistrationStatus.CONFIRMED)
        for index, day in enumerate(event.days):
            if (n + index) % 3:
                check_in(event, reg, day, local(day, 8 + n % 3, (7 * n) % 60))
        if n % 4 == 0:
            check_in(event, reg, event.days[0], local(event.days[0], 9, 40), item=story.lecture)
    db.session.commit()


def test_the_summary_runs_a_fixed_number_of_queries(app, count_queries):
    with app.app_context():
        story = build_story()
        db.session.refresh(story.event)
        with count_queries() as small:
            attendance_summary(story.event)
        _grow(story, 60)
        db.session.refresh(story.event)
        with count_queries() as large:
            bigger = attendance_summary(story.event)
        assert bigger.registered == 70
    assert small.count == large.count == 7, large.statements


def test_the_summary_page_runs_the_same_queries_small_or_large(app, client, count_queries):
    with app.app_context():
        story = with_accounts(build_story())
        slug, organiser = story.slug, story.accounts["organiser"]
    login(client, organiser)
    with count_queries() as small:
        assert client.get(f"/events/{slug}/reports/").status_code == 200
    with app.app_context():
        story.event = db.session.merge(story.event)
        story.lecture = db.session.merge(story.lecture)
        _grow(story, 60)
    with count_queries() as large:
        page = client.get(f"/events/{slug}/reports/")
    assert page.status_code == 200
    assert small.count == large.count, large.statements


def _figure(page: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page).group(1).strip()


def test_the_page_shows_the_numbers_charts_and_tables(app, client):
    with app.app_context():
        story = with_accounts(build_story())
        slug, organiser = story.slug, story.accounts["organiser"]
        days = story.event.days
    login(client, organiser)
    page = client.get(f"/events/{slug}/reports/").get_data(as_text=True)
    assert "Raport obecności" in page
    assert _figure(page, "registered") == "10" and _figure(page, "attended") == "7"
    assert _figure(page, "cancelled") == "2" and _figure(page, "walk-ins") == "2"
    assert _figure(page, "no-show-rate") == "20,0%"
    # Every chart is an SVG image named by its title, with a table of its numbers beside it.
    for chart, table in (("chart-days", "table-days"), ("chart-types", "table-types"),
                         ("chart-workshops", "table-workshops"), (f"chart-arrivals-{days[1]}", f"table-arrivals-{days[1]}")):
        assert '<svg class="chart' in page and f'id="{chart}" role="img" aria-labelledby="{chart}-title"' in page
        assert f'<table id="{table}">' in page
    day_table = page.split('<table id="table-days">')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', day_table)
    assert cells == ["4", "0", "2", "40,0%", "3", "1", "3", "60,0%", "3", "1", "3", "60,0%"]
    arrivals = page.split(f'<table id="table-arrivals-{days[1]}">')[1].split("</table>")[0]
    assert re.findall(r">(\d\d:\d\d)</time></th><td class=\"num\">(\d+)<", arrivals) == \
        [("09:30", "2"), ("09:45", "0"), ("10:00", "1")]
    assert "Jak liczymy" in page and "Fundacja Łąka" in page
    english = client.get(f"/events/{slug}/reports/?lang=en").get_data(as_text=True)
    assert "Attendance report" in english and "How the numbers are counted" in english


def test_an_item_check_in_alone_does_not_make_a_day(ctx):
    story = build_story()
    newcomer = person(story.event, "Olga", "Ślęzak")
    check_in(story.event, newcomer, story.event.days[1], local(story.event.days[1], 10, 5), item=story.workshop)
    db.session.commit()
    s = attendance_summary(story.event)
    assert s.attended == EXPECTED["attended"]
    assert s.workshops[0].attended == 3
    assert attendance_of(newcomer).days == [] and not attendance_of(newcomer).certificate_available


def test_the_arrival_chart_uses_the_event_time_zone_across_a_dst_change(ctx):
    # 25 October 2026: Poland goes from UTC+2 to UTC+1; a day later it is UTC+1.
    story = build_story(slug="jesien", start=date(2026, 10, 24))
    s = attendance_summary(story.event)
    assert [(t.strftime("%H:%M"), n) for t, n in s.arrivals[0].buckets] == EXPECTED["arrivals"][0]
    assert [(t.strftime("%H:%M"), n) for t, n in s.arrivals[2].buckets] == EXPECTED["arrivals"][2]
    assert s.arrivals[2].buckets[0][0].utcoffset() == timedelta(hours=1)
