"""Targets by county, gender and any sign-up answer, counted from the stored answers."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import ProgrammeTarget, TargetUnit
from eventapp.programmes.answers import answer_choices
from eventapp.programmes.counting import programme_facts
from eventapp.programmes.report import build_report
from tests.conftest import login
from tests.factories import make_account
from tests.programmes.helpers import make_target
from tests.programmes.monitoring import CZESTOCHOWSKI, KLOBUCKI, monitored_programme


@pytest.fixture
def monitored(ctx):
    return monitored_programme()


def test_answers_of_the_same_ready_made_question_join_across_events(monitored):
    programme, _first, _second, diet = monitored
    people = programme_facts(programme).people
    assert people["ala@example.org"].answers["esf:gender"] == {"female"}
    assert people["ala@example.org"].answers["esf:county"] == {CZESTOCHOWSKI}
    assert people["ala@example.org"].answers[f"q{diet.id}"] == {diet.options[1]["key"]}
    assert people["celina@example.org"].answers["esf:gender"] == {"declined"}
    assert "esf:pesel" not in people["celina@example.org"].answers
    assert people["ewa@example.org"].answers == {}


@pytest.mark.parametrize("unit,answers,expected", [
    (TargetUnit.PEOPLE, {"esf:gender": ["female"]}, 1),             # darek never came
    (TargetUnit.PEOPLE, {"esf:gender": ["female", "male"]}, 2),
    (TargetUnit.PEOPLE, {"esf:gender": ["declined"]}, 1),
    (TargetUnit.PEOPLE, {"esf:county": [CZESTOCHOWSKI]}, 2),
    (TargetUnit.PEOPLE, {"esf:county": [KLOBUCKI], "esf:gender": ["male"]}, 1),
    (TargetUnit.PEOPLE, {"esf:county": [KLOBUCKI], "esf:gender": ["female"]}, 0),
    (TargetUnit.ORGANISATIONS, {"esf:county": [CZESTOCHOWSKI]}, 1),
])
def test_targets_filter_by_county_gender_and_answers(monitored, unit, answers, expected):
    programme = monitored[0]
    make_target(programme, "Cel", unit, 10, answers=answers)
    [progress] = build_report(programme).targets
    assert progress.count == expected


def test_a_target_on_the_organisers_own_question(monitored):
    programme, _first, _second, diet = monitored
    make_target(programme, "Weganie", TargetUnit.PEOPLE, 10, answers={f"q{diet.id}": [diet.options[1]["key"]]})
    assert build_report(programme).targets[0].count == 1


def test_the_target_form_offers_the_questions_once_with_answers_given(monitored):
    programme, first, second, diet = monitored
    choices = {c.key: c for c in answer_choices([first.id, second.id])}
    assert {"esf:gender", "esf:county", f"q{diet.id}", "esf:disability"} <= set(choices)
    assert [w for w, _ in choices["esf:gender"].answers] == ["female", "male", "non_binary", "declined"]
    # Counties: the ones someone gave, not all 380.
    assert {w for w, _ in choices["esf:county"].answers} == {CZESTOCHOWSKI, KLOBUCKI}


def _post(client, **extra):
    data = {"name": "Kobiety z powiatu częstochowskiego", "unit": "people", "goal": "40"}
    data.update(extra)
    return client.post("/manage/programmes/program-csr/targets/", data=data)


def test_a_manager_adds_a_target_by_county_and_gender_in_the_back_office(app, client):
    with app.app_context():
        monitored_programme()
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/targets/").get_data(as_text=True)
    assert f'value="esf:county|{CZESTOCHOWSKI}"' in page and 'value="esf:gender|female"' in page
    response = client.post("/manage/programmes/program-csr/targets/", data={
        "name": "Kobiety", "unit": "people", "goal": "40",
        "answers": ["esf:gender|female", f"esf:county|{CZESTOCHOWSKI}"]}, follow_redirects=True)
    assert response.status_code == 200
    with app.app_context():
        target = db.session.scalar(select(ProgrammeTarget))
        assert target.criteria == {"answers": {"esf:county": [CZESTOCHOWSKI], "esf:gender": ["female"]}}
    page = client.get("/manage/programmes/program-csr/targets/").get_data(as_text=True)
    assert "Płeć: kobieta" in page or "Gender: female" in page
    assert f'data-target="{target.id}">1<' in page


def test_an_answer_the_programme_does_not_ask_is_refused_and_nothing_is_written(app, client):
    with app.app_context():
        monitored_programme()
    login(client, "kierownik@example.org")
    response = client.post("/manage/programmes/program-csr/targets/", data={
        "name": "Kobiety", "unit": "people", "goal": "40", "answers": ["esf:gender|female", "esf:gender|alien"]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Kobiety"' in page and 'value="esf:gender|female" checked' in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ProgrammeTarget)) == 0


def test_an_event_organiser_cannot_add_a_target_by_answers(app, client):
    with app.app_context():
        monitored_programme()
        make_account("obcy@example.org")
        db.session.commit()
    login(client, "obcy@example.org")
    response = client.post("/manage/programmes/program-csr/targets/", data={
        "name": "x", "unit": "people", "goal": "4", "answers": ["esf:gender|female"]})
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ProgrammeTarget)) == 0
