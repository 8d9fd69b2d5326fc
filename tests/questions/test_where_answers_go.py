"""Answers on the private page, in the back office, for door staff, in filters, exports, report, GDPR."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import Answer, Event, RegistrationSource, RegistrationStatus, utcnow
from eventapp.privacy.services import anonymise_registrations
from eventapp.questions.answers import shown_answers, staff_answers
from eventapp.questions.services import switch_on_set
from tests.conftest import login
from tests.factories import local, make_registration
from tests.questions.helpers import answer, by_origin
from tests.reports.helpers import check_in


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


@pytest.fixture
def answered(app, world):
    """The two-day forum with needs, ESF+ and days switched on and three people who answered."""
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        for key in ("needs", "esf", "days"):
            switch_on_set(event, key)
        event = db.session.get(Event, world.event_id)
        access, diet, gender = by_origin(event, "accessibility"), by_origin(event, "diet"), by_origin(event, "gender")
        disability, days, county = by_origin(event, "disability"), by_origin(event, "days"), by_origin(event, "county")
        first, second = (d.isoformat() for d in event.days)
        ala = make_registration(event, first_name="Ala", last_name="Alska", email="ala@example.org")
        answer(ala, access, ["sign_language", "step_free"])
        answer(ala, diet, "vegan")
        answer(ala, gender, "female")
        answer(ala, disability, declined=True)
        answer(ala, days, [first, second])
        answer(ala, county, "mazowieckie/piaseczynski")
        ola = make_registration(event, first_name="Ola", last_name="Olska", email="ola@example.org")
        answer(ola, access, ["induction_loop"])
        answer(ola, diet, "vegan")
        answer(ola, disability, True)
        answer(ola, days, [second])
        walk = make_registration(event, first_name="Wit", last_name="Wejście", email="wit@example.org",
                                 source=RegistrationSource.WALK_IN)
        gone = make_registration(event, first_name="Ewa", last_name="Odwołana", email="ewa@example.org",
                                 status=RegistrationStatus.CANCELLED)
        answer(gone, diet, "vegan")
        check_in(event, ala, event.days[0], local(event.days[0], 9))
        check_in(event, walk, event.days[1], local(event.days[1], 9))
        db.session.commit()
        return {"event_id": event.id, "ala": ala.id, "ola": ola.id, "walk": walk.id, "ala_token": ala.manage_token,
                "questions": {q.origin_key: q.id for q in (access, diet, gender, disability, days, county)}}


def test_the_participant_sees_and_changes_answers_until_the_deadline(app, client, world, answered):
    private = f"/events/{world.slug}/r/{answered['ala_token']}"
    page = client.get(private).get_data(as_text=True)
    assert "Twoje odpowiedzi" in page and "wegańska" in page and "Wolę nie odpowiadać" in page
    form = client.get(f"{private}/answers").get_data(as_text=True)
    diet = answered["questions"]["diet"]
    assert f'name="q-{diet}" value="vegan" checked' in form
    # A bad answer is refused beside its field; nothing changes.
    days = answered["questions"]["days"]
    bad = client.post(f"{private}/answers", data={f"q-{days}": "1999-01-01", f"q-{diet}": "vegetarian"})
    assert bad.status_code == 400 and "Wybierz spośród podanych odpowiedzi" in bad.get_data(as_text=True)
    assert 'value="vegetarian" checked' in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Answer.value).where(Answer.question_id == diet,
                                                            Answer.registration_id == answered["ala"])) == "vegan"
    ok = client.post(f"{private}/answers", data={f"q-{days}": world.day.isoformat(), f"q-{diet}": "vegetarian"})
    assert ok.status_code == 302
    with app.app_context():
        values = dict(db.session.execute(select(Answer.question_id, Answer.value)
                                         .where(Answer.registration_id == answered["ala"])).all())
        assert values[diet] == "vegetarian" and values[days] == [world.day.isoformat()]
        assert answered["questions"]["gender"] not in values  # left empty this time: removed
        event = db.session.get(Event, world.event_id)
        event.registration_closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "Odpowiedzi nie można już zmienić" in client.get(private).get_data(as_text=True)
    late = client.post(f"{private}/answers", data={f"q-{diet}": "vegan"})
    assert late.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Answer.value).where(Answer.question_id == diet,
                                                            Answer.registration_id == answered["ala"])) == "vegetarian"


def test_the_back_office_shows_answers_and_marks_walk_ins_not_asked(client, world, answered):
    login(client, world.accounts["organiser"])
    page = client.get(f"/manage/events/{world.slug}/registrations/{answered['ala']}").get_data(as_text=True)
    assert "tłumaczenie na polski język migowy (PJM), dostęp bez schodów" in page
    assert "woli nie odpowiadać" in page and "kobieta" in page and "powiat piaseczyński, mazowieckie" in page
    walk_in = client.get(f"/manage/events/{world.slug}/registrations/{answered['walk']}").get_data(as_text=True)
    assert "nie pytano" in walk_in


def test_door_staff_see_only_staff_answers_never_the_monitoring_set(app, client, world, answered):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        found = staff_answers(event, [answered["ala"], answered["ola"]], "pl")
        labels = {label for pairs in found.values() for label, _text in pairs}
        assert labels == {"Czy potrzebujesz udogodnień?", "Dieta", "W które dni przyjdziesz?"}
        from eventapp.models import Registration

        ala = db.session.get(Registration, answered["ala"])
        staff_view = {a.question.origin_key for a in shown_answers(ala, "staff", "pl")}
        assert not staff_view & {"gender", "disability", "county", "pesel"}
    # The door's search shows staff what they may know, and nothing of the monitoring set.
    login(client, world.accounts["staff"])
    found = client.get(f"/api/events/{world.slug}/search?q=alska&day={world.day.isoformat()}").get_json()
    [person] = found["people"]
    shown = {a["question"]: a["answer"] for a in person["answers"]}
    assert shown["Dieta"] == "wegańska" and "W które dni przyjdziesz?" in shown
    assert "Płeć" not in shown and "Czy jesteś osobą z niepełnosprawnościami?" not in shown
    # And the back office (where the monitoring answers are) refuses staff.
    login(client, world.accounts["staff"])
    assert client.get(f"/manage/events/{world.slug}/registrations/{answered['ala']}").status_code == 403


def test_the_list_and_a_mailing_filter_by_an_answer(client, world, answered):
    login(client, world.accounts["organiser"])
    access = answered["questions"]["accessibility"]
    page = client.get(f"/manage/events/{world.slug}/registrations?answer={access}:sign_language")
    html = page.get_data(as_text=True)
    assert "Alska" in html and "Olska" not in html and "Wejście" not in html
    assert f'<option value="{access}:sign_language" selected>' in html
    vegans = client.get(f"/manage/events/{world.slug}/registrations?answer={answered['questions']['diet']}:vegan")
    assert "Alska" in vegans.get_data(as_text=True) and "Olska" in vegans.get_data(as_text=True)
    disabled = client.get(f"/manage/events/{world.slug}/registrations?answer={answered['questions']['disability']}:yes")
    assert "Olska" in disabled.get_data(as_text=True) and "Alska" not in disabled.get_data(as_text=True)
    mailing = client.get(f"/manage/events/{world.slug}/mailings/new?answer={access}:sign_language")
    assert "Wiadomość trafi do 1 osoby." in mailing.get_data(as_text=True)


def test_exports_have_one_column_per_question(client, world, answered):
    login(client, world.accounts["organiser"])
    body = client.get(f"/events/{world.slug}/reports/participants.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))  # Polish Excel reads semicolons
    ala = next(r for r in rows if r["Nazwisko"] == "Alska")
    assert ala["Dieta"] == "wegańska" and ala["Czy jesteś osobą z niepełnosprawnościami?"] == "woli nie odpowiadać"
    assert ala["Czy potrzebujesz udogodnień?"] == "tłumaczenie na polski język migowy (PJM), dostęp bez schodów (np. dla wózka)"
    walk = next(r for r in rows if r["Nazwisko"] == "Wejście")
    assert walk["Dieta"] == "nie pytano"
    desk = client.get(f"/manage/events/{world.slug}/registrations.csv").get_data().decode("utf-8-sig")
    listed = {row[0]: row for row in csv.reader(io.StringIO(desk), delimiter=";")}
    heading = listed["Nazwisko"]
    assert listed["Alska"][heading.index("Dieta")] == "wegańska"
    assert listed["Wejście"][heading.index("Płeć")] == "nie pytano"
    sheet = load_workbook(io.BytesIO(client.get(f"/events/{world.slug}/reports/participants.xlsx").get_data())).active
    headings = [c.value for c in sheet[1]]
    assert "Płeć" in headings and "PESEL (nieobowiązkowo)" in headings
    column = headings.index("Płeć")
    assert any(row[column].value == "kobieta" for row in sheet.iter_rows(min_row=2))


def test_the_report_counts_options_with_declined_apart_and_days_expected_vs_present(client, world, answered):
    login(client, world.accounts["organiser"])
    html = client.get(f"/events/{world.slug}/reports/").get_data(as_text=True)
    import re

    def table(question_id):
        body = html.split(f'id="table-answers-{question_id}"')[1].split("</table>")[0]
        return dict(re.findall(r'<th scope="row">(?:<em>)?([^<]+)(?:</em>)?</th><td class="num">(\d+)</td>', body))

    diet = table(answered["questions"]["diet"])
    assert diet["wegańska"] == "2" and diet["bez ograniczeń"] == "0"  # the cancelled vegan is not counted
    disability = table(answered["questions"]["disability"])
    assert disability == {"tak": "1", "nie": "0", "wolę nie odpowiadać": "1"}
    days = html.split('id="table-expected-days"')[1].split("</table>")[0]
    counts = re.findall(r'<td class="num">(\d+)</td><td class="num">(\d+)</td>', days)
    assert counts == [("1", "1"), ("2", "1")]  # expected 1 and 2; present: Ala on day 1, the walk-in on day 2
    workbook = load_workbook(io.BytesIO(client.get(f"/events/{world.slug}/reports/summary.xlsx").get_data()))
    rows = [tuple(c.value for c in row) for row in workbook["Odpowiedzi"].iter_rows(min_row=2)]
    assert ("Dieta", "wegańska", 2) in rows and ("Czy jesteś osobą z niepełnosprawnościami?", "wolę nie odpowiadać", 1) in rows


def test_own_data_export_includes_answers_and_deleting_removes_them(app, client, world, answered):
    private = f"/events/{world.slug}/r/{answered['ala_token']}"
    data = client.get(f"{private}/data.json").get_json()
    by_question = {a["question"]: a for a in data["answers"]}
    assert by_question["Dieta"]["answer"] == "wegańska" and by_question["Dieta"]["value"] == "vegan"
    assert by_question["Czy jesteś osobą z niepełnosprawnościami?"]["declined_at"] is not None
    client.post(f"{private}/delete")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)
                                 .where(Answer.registration_id == answered["ala"])) == 0
        from eventapp.models import Registration

        ola = db.session.get(Registration, answered["ola"])
        anonymise_registrations([ola])
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Answer)
                                 .where(Answer.registration_id == answered["ola"])) == 0
