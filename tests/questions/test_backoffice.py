"""Organisers shape the sign-up form: add, edit, order, hide questions, switch sets on; refusals."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Answer, Event, Question, QuestionSetUse
from tests.conftest import login
from tests.factories import make_registration
from tests.manage.conftest import row_counts

NEW = {"kind": "choice", "label_pl": "Dieta", "label_en": "Diet", "help_pl": "", "help_en": "",
       "options": "Mięsna | Meat\nWegańska | Vegan", "widget": "radio", "visibility": "staff", "condition": ""}


def _questions(app, event_id):
    with app.app_context():
        return [(q.label_pl, q.position, q.hidden, [o["pl"] for o in q.options]) for q in db.session.scalars(
            select(Question).where(Question.event_id == event_id).order_by(Question.position))]


def _add(client, slug, **changes):
    return client.post(f"/manage/events/{slug}/questions/new", data={**NEW, **changes})


def test_organiser_adds_a_question_and_participants_see_it(app, as_organiser, world):
    response = _add(as_organiser, world.slug)
    assert response.status_code == 302
    page = as_organiser.get(f"/manage/events/{world.slug}/questions").get_data(as_text=True)
    assert "Dieta" in page and "Jedna z listy" in page
    assert _questions(app, world.event_id) == [("Dieta", 1, False, ["Mięsna", "Wegańska"])]
    form = as_organiser.get(f"/events/{world.slug}/register").get_data(as_text=True)
    assert "Dieta" in form and "Wegańska" in form


def test_bad_question_is_refused_beside_its_field_and_kept(app, as_organiser, world):
    response = _add(as_organiser, world.slug, label_pl="", options="")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Wpisz treść pytania po polsku" in html
    response = _add(as_organiser, world.slug, label_pl="Dieta specjalna", options="  \n ")
    html = response.get_data(as_text=True)
    assert "co najmniej jednej odpowiedzi" in html and "Dieta specjalna" in html
    assert _questions(app, world.event_id) == []


def test_a_question_with_answers_is_renamed_and_hidden_never_deleted(app, as_organiser, world):
    _add(as_organiser, world.slug)
    with app.app_context():
        question = db.session.scalar(select(Question))
        meat, vegan = (o["key"] for o in question.options)
        registration = make_registration(db.session.get(Event, world.event_id))
        db.session.add(Answer(registration=registration, question_id=question.id, value=vegan))
        db.session.commit()
        qid = question.id
    # Removing an option somebody chose is refused; re-wording it and adding another is fine.
    edit = {**NEW, "options": f"[{meat}] Mięsna | Meat"}
    refused = as_organiser.post(f"/manage/events/{world.slug}/questions/{qid}", data=edit)
    assert refused.status_code == 400 and "można ukryć, ale nie usunąć: Wegańska" in refused.get_data(as_text=True)
    edit["options"] = f"[{meat}] Mięsna | Meat\n[{vegan}] Roślinna | Plant-based | hidden\nBezglutenowa | Gluten-free"
    edit["label_pl"] = "Twoja dieta"
    assert as_organiser.post(f"/manage/events/{world.slug}/questions/{qid}", data=edit).status_code == 302
    assert _questions(app, world.event_id) == [("Twoja dieta", 1, False, ["Mięsna", "Roślinna", "Bezglutenowa"])]
    with app.app_context():
        question = db.session.get(Question, qid)
        assert question.options[1] == {"key": vegan, "pl": "Roślinna", "en": "Plant-based", "hidden": True}
        assert db.session.scalar(select(Answer.value)) == vegan  # the answer still means the same option
    # Not offered to newcomers any more.
    assert "Roślinna" not in as_organiser.get(f"/events/{world.slug}/register").get_data(as_text=True)
    # Delete is refused; the answers stay.
    as_organiser.post(f"/manage/events/{world.slug}/questions/{qid}/delete")
    with app.app_context():
        assert db.session.get(Question, qid) is not None and db.session.scalar(select(Answer)) is not None


def test_questions_are_ordered_hidden_and_deleted_when_unanswered(app, as_organiser, world):
    for label in ("Pierwsze", "Drugie", "Trzecie"):
        _add(as_organiser, world.slug, kind="short_text", label_pl=label, options="")
    ids = [q.id for q in _ids(app, world.event_id)]
    as_organiser.post(f"/manage/events/{world.slug}/questions/{ids[2]}/move/up")
    assert [q[0] for q in _questions(app, world.event_id)] == ["Pierwsze", "Trzecie", "Drugie"]
    as_organiser.post(f"/manage/events/{world.slug}/questions/{ids[0]}/move/down")
    assert [q[0] for q in _questions(app, world.event_id)] == ["Trzecie", "Pierwsze", "Drugie"]
    hide = {**NEW, "kind": "short_text", "label_pl": "Drugie", "options": "", "hidden": "y"}
    as_organiser.post(f"/manage/events/{world.slug}/questions/{ids[1]}", data=hide)
    assert "Drugie" not in as_organiser.get(f"/events/{world.slug}/register").get_data(as_text=True)
    as_organiser.post(f"/manage/events/{world.slug}/questions/{ids[0]}/delete")
    assert [q[0] for q in _questions(app, world.event_id)] == ["Trzecie", "Drugie"]


def _ids(app, event_id):
    with app.app_context():
        return list(db.session.scalars(select(Question).where(Question.event_id == event_id).order_by(Question.id)))


def test_ask_only_if_must_name_an_earlier_list_question(app, as_organiser, world):
    _add(as_organiser, world.slug)
    first = _ids(app, world.event_id)[0]
    ok = _add(as_organiser, world.slug, kind="short_text", label_pl="Jaka?", options="",
              condition=f"{first.id}:{first.options[1]['key']}")
    assert ok.status_code == 302
    later = _ids(app, world.event_id)[1]
    bad = {**NEW, "condition": f"{later.id}:x"}
    response = as_organiser.post(f"/manage/events/{world.slug}/questions/{first.id}", data=bad)
    assert response.status_code == 400


def test_sets_switch_on_once_and_monitoring_is_for_organisers_only(app, as_organiser, world):
    as_organiser.post(f"/manage/events/{world.slug}/questions/sets/esf/on")
    as_organiser.post(f"/manage/events/{world.slug}/questions/sets/esf/on")
    as_organiser.post(f"/manage/events/{world.slug}/questions/sets/needs/on")
    as_organiser.post(f"/manage/events/{world.slug}/questions/sets/days/on")  # a two-day event
    with app.app_context():
        questions = list(db.session.scalars(select(Question).order_by(Question.position)))
        esf = [q for q in questions if q.set_key == "esf"]
        assert len(esf) == 14 and {q.visibility.value for q in esf} == {"organisers"}
        assert {q.origin_key for q in questions if q.set_key == "needs"} == {
            "accessibility", "accessibility_other", "diet", "diet_other"}
        days = next(q for q in questions if q.set_key == "days")
        assert [o["key"] for o in days.options] == [world.day.isoformat(), (world.day + timedelta(days=1)).isoformat()]
        assert db.session.scalar(select(QuestionSetUse.note_pl).where(QuestionSetUse.set_key == "esf")).startswith("Projekt")
    note = {"note_pl": "Nowa podstawa prawna", "note_en": "New legal basis"}
    assert as_organiser.post(f"/manage/events/{world.slug}/questions/sets/esf/note", data=note).status_code == 302
    assert "Nowa podstawa prawna" in as_organiser.get(f"/events/{world.slug}/register").get_data(as_text=True)
    as_organiser.post(f"/manage/events/{world.slug}/questions/sets/esf/off")
    assert "PESEL" not in as_organiser.get(f"/events/{world.slug}/register").get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("staff", 403), ("speaker", 403), ("other-organiser", 403),
                                         ("nobody", 403), ("anonymous", 302)])
def test_only_the_events_organisers_shape_its_form(app, client, world, who, status):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        from tests.questions.helpers import question

        qid = question(event, "short_text", "Pytanie").id
    if who != "anonymous":
        login(client, world.accounts[who])
    before = row_counts(app)
    base = f"/manage/events/{world.slug}/questions"
    for method, url, data in [
        ("get", base, None), ("get", f"{base}/new", None), ("post", f"{base}/new", NEW),
        ("get", f"{base}/{qid}", None), ("post", f"{base}/{qid}", NEW), ("post", f"{base}/{qid}/move/up", {}),
        ("post", f"{base}/{qid}/delete", {}), ("post", f"{base}/sets/esf/on", {}),
        ("post", f"{base}/sets/esf/off", {}), ("get", f"{base}/sets/esf/note", None),
    ]:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == status, (url, response.status_code)
    assert row_counts(app) == before


def test_an_administrator_may_and_other_events_questions_are_not_found(app, client, world):
    login(client, world.accounts["admin"])
    assert client.get(f"/manage/events/{world.slug}/questions").status_code == 200
    with app.app_context():
        from tests.questions.helpers import question

        other = db.session.scalar(select(Event).where(Event.slug == world.other_slug))
        foreign = question(other, "short_text", "Obce").id
    assert client.get(f"/manage/events/{world.slug}/questions/{foreign}").status_code == 404
    assert client.post(f"/manage/events/{world.slug}/questions/{foreign}/delete").status_code == 404
