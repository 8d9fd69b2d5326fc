"""The programme report: sums of separate events, people counted once, targets, fixed queries."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from eventapp.extensions import db
from eventapp.models import ItemKind, OrganisationType, TargetUnit
from eventapp.programmes.counting import programme_facts
from eventapp.programmes.report import build_report
from eventapp.reports.services import attendance_summary
from tests.conftest import login
from tests.factories import local, make_account, make_event, make_item, make_registration
from tests.programmes.helpers import attend, event_series, make_programme, make_target


def test_without_overlap_the_programme_equals_the_sum_of_the_event_reports(ctx):
    events = event_series(3, 20)
    make_registration(events[1], email="biznes@example.org", organisation_type=OrganisationType.BUSINESS)
    programme = make_programme(events=events)
    report = build_report(programme)
    summaries = [attendance_summary(e) for e in events]
    assert report.registered_people == sum(s.registered for s in summaries) == 61
    assert report.attended_people == sum(s.attended for s in summaries)
    per_type = {row.org_type: row.people for row in report.by_type}
    for org_type in OrganisationType:
        assert per_type[org_type] == sum(
            next(r.attended for r in s.by_type if r.org_type == org_type) for s in summaries), org_type
    assert [(r.registered, r.attended) for r in report.per_event] == [(s.registered, s.attended) for s in summaries]
    assert report.repeat_people == []


def test_people_at_several_events_are_counted_once(ctx):
    events = event_series(3, 12, overlap=True)
    programme = make_programme(events=events)
    report = build_report(programme)
    assert report.registered_people == 12
    # Every third person never checked in.
    assert report.attended_people == 8
    assert sum(r.attended for r in report.per_event) == 24
    assert len(report.repeat_people) == 8
    assert all(r.returning == 8 for r in report.per_event)
    # Fundacja 0-0 … 0-6: seven organisations; the ones with someone who came.
    assert report.organisations == len({p % 7 for p in range(12) if p % 3})
    assert [m.month for m in report.per_month] == [date(2026, 3, 1)]
    assert report.per_month[0].people == 8


@pytest.fixture
def programme_with_targets(ctx):
    first = make_event(slug="seminarium", start_date=date(2026, 4, 14), end_date=date(2026, 4, 15))
    second = make_event(slug="forum", start_date=date(2026, 5, 20))
    workshop = make_item(first, local(date(2026, 4, 14), 13), 120, kind=ItemKind.WORKSHOP, title="Fundraising")
    make_item(first, local(date(2026, 4, 14), 9), 60)       # day 1: 9:00–15:00 → 6 h
    make_item(first, local(date(2026, 4, 15), 10), 180)      # day 2: 10:00–13:00 → 3 h
    make_item(second, local(date(2026, 5, 20), 10), 240)     # 4 h
    programme = make_programme(events=[first, second])
    people = {}
    for name, org, org_type in (("ala", "Fundacja A", OrganisationType.NGO),
                                ("bartek", "Fundacja A", OrganisationType.NGO),
                                ("celina", "Spółdzielnia Socjalna C", OrganisationType.SOCIAL_ECONOMY),
                                ("darek", "Firma D", OrganisationType.BUSINESS)):
        people[name] = (make_registration(first, email=f"{name}@example.org", organisation=org,
                                          organisation_type=org_type),
                        make_registration(second, email=f"{name.upper()}@example.org", organisation=org,
                                          organisation_type=org_type))
    a1, a2 = people["ala"]
    attend(first, a1, date(2026, 4, 14))
    attend(first, a1, date(2026, 4, 15))
    attend(second, a2)                                         # 3 days, 13 h
    attend(first, people["bartek"][0], date(2026, 4, 14))      # 1 day, 6 h, workshop
    attend(first, people["bartek"][0], date(2026, 4, 14), item=workshop)
    attend(second, people["celina"][1])                        # 1 day, 4 h
    attend(first, people["darek"][0], date(2026, 4, 15), undone=True)  # undone: did not attend
    return programme, first, second, workshop


@pytest.mark.parametrize("unit,criteria,expected", [
    (TargetUnit.PEOPLE, {}, 3),
    (TargetUnit.PEOPLE, {"min_days": 2}, 1),
    (TargetUnit.PEOPLE, {"min_hours": 6}, 2),
    (TargetUnit.PEOPLE, {"min_hours": 6.5}, 1),
    (TargetUnit.PEOPLE, {"item_kind": "workshop"}, 1),
    (TargetUnit.PEOPLE, {"organisation_type": "ngo"}, 2),
    (TargetUnit.PEOPLE, {"organisation_type": "business"}, 0),
    (TargetUnit.ORGANISATIONS, {}, 2),
    (TargetUnit.ORGANISATIONS, {"organisation_type": "social_economy"}, 1),
    (TargetUnit.ORGANISATIONS, {"min_days": 2}, 1),
    (TargetUnit.PEOPLE, {"answers": {"county": ["częstochowski"]}}, 0),
])
def test_targets_count_unique_people_or_organisations_matching_the_filter(programme_with_targets, unit,
                                                                         criteria, expected):
    programme = programme_with_targets[0]
    target = make_target(programme, "Cel", unit, 10, **criteria)
    [progress] = build_report(programme).targets
    assert progress.target.id == target.id
    assert progress.count == expected
    assert progress.percent == expected * 10


def test_the_answer_filter_matches_answers_once_they_are_known(programme_with_targets):
    from eventapp.programmes.targets import count_for

    facts = programme_facts(programme_with_targets[0])
    facts.people["ala@example.org"].answers = {"county": {"częstochowski"}}
    assert count_for(facts, TargetUnit.PEOPLE, {"answers": {"county": ["częstochowski", "kłobucki"]}}) == 1


def test_hours_follow_the_agenda_of_the_days_attended(programme_with_targets):
    people = programme_facts(programme_with_targets[0]).people
    assert people["ala@example.org"].hours == pytest.approx(13)
    assert people["bartek@example.org"].item_kinds == {"workshop"}
    assert not people["darek@example.org"].attended


def _build(count: int) -> None:
    events = event_series(count, 5, start=date(2026, 1, 5))
    programme = make_programme(events=events)
    for event in events:
        make_item(event, local(event.start_date, 10), 90, kind=ItemKind.WORKSHOP)
    make_target(programme, "Uczestnicy", TargetUnit.PEOPLE, 100)
    make_target(programme, "Organizacje", TargetUnit.ORGANISATIONS, 50, min_days=1)
    db.session.commit()
    return programme


def test_the_report_runs_the_same_queries_for_2_or_20_events(app, count_queries):
    with app.app_context():
        programme = _build(2)
        with count_queries() as small:
            build_report(programme)
        db.session.rollback()
    with app.app_context():
        db.session.execute(db.delete(db.metadata.tables["programme_events"]))
        db.session.execute(db.delete(db.metadata.tables["programmes"]))
        db.session.commit()
    with app.app_context():
        from eventapp.models import Event
        for event in db.session.scalars(db.select(Event)):
            event.slug = f"old-{event.id}"
        db.session.commit()
        programme = _build(20)
        with count_queries() as large:
            report = build_report(programme)
        assert len(report.per_event) == 20
    # Reloading the programme after the commit, then the eight queries of the report.
    assert small.count == large.count == 9


@pytest.fixture
def report_world(app):
    with app.app_context():
        events = event_series(2, 6, overlap=True)
        manager = make_account("kierownik@example.org")
        programme = make_programme(events=events, managers=[manager])
        make_target(programme, "Przeszkoleni promotorzy", TargetUnit.PEOPLE, 80)
        db.session.commit()
    return app


def test_the_report_page_shows_counts_charts_and_tables(report_world, client):
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/report/").get_data(as_text=True)
    assert 'data-figure="attended-people">4<' in page
    assert 'data-figure="repeat-people">4<' in page
    assert 'id="chart-types"' in page and 'id="chart-events"' in page and "<svg" in page
    assert "Przeszkoleni promotorzy" in page and "4 z 80" in page


def test_the_report_downloads_as_xlsx(report_world, client):
    login(client, "kierownik@example.org")
    response = client.get("/manage/programmes/program-csr/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    summary = book.worksheets[0]
    assert [c.value for c in summary["B"]][1:4] == [6, 4, 4]
    events = book.worksheets[2]
    assert [[c.value for c in row][2:4] for row in events.iter_rows(min_row=2)] == [[6, 4], [6, 4]]
    targets = book.worksheets[4]
    assert [c.value for c in targets[2]] == ["Przeszkoleni promotorzy", "osoby", 80, 4, 5]


def test_a_target_page_shows_its_progress(report_world, client):
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/").get_data(as_text=True)
    assert "Przeszkoleni promotorzy" in page
    with report_world.app_context():
        from eventapp.models import ProgrammeTarget
        target_id = db.session.scalar(db.select(ProgrammeTarget.id))
    page = client.get(f"/manage/programmes/program-csr/targets/{target_id}/").get_data(as_text=True)
    assert 'data-figure="count">4<' in page and 'data-figure="goal">80<' in page
    assert client.get("/manage/programmes/program-csr/targets/999/").status_code == 404


def test_a_bad_target_keeps_what_was_typed(report_world, client):
    login(client, "kierownik@example.org")
    response = client.post("/manage/programmes/program-csr/targets/",
                           data={"name": "Warsztaty w 8 powiatach", "unit": "people", "goal": "0"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Warsztaty w 8 powiatach"' in page and "field-error" in page
    response = client.post("/manage/programmes/program-csr/targets/",
                           data={"name": "Warsztaty", "unit": "people", "goal": "120", "item_kind": "workshop",
                                 "min_hours": "2.5"})
    assert response.status_code == 302
    with report_world.app_context():
        from eventapp.models import ProgrammeTarget
        target = db.session.scalars(db.select(ProgrammeTarget).order_by(ProgrammeTarget.id.desc())).first()
        assert target.criteria == {"min_hours": 2.5, "item_kind": "workshop"}


