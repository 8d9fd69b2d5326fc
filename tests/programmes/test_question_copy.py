"""'Copy this event' copies the sign-up questions and ready-made sets, never the answers."""

from datetime import date

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import Answer, Question, QuestionSetUse, TargetUnit
from eventapp.programmes.editions import copy_event
from eventapp.programmes.report import build_report
from eventapp.questions.services import switch_on_set
from tests.factories import make_account, make_event, make_registration
from tests.programmes.helpers import attend, make_programme, make_target
from tests.questions.helpers import answer, by_origin, question


def _questions(event):
    return list(db.session.scalars(select(Question).where(Question.event_id == event.id)
                                   .order_by(Question.position, Question.id)))


def test_questions_sets_and_conditions_are_copied_and_answers_are_not(ctx):
    event = make_event(slug="seminarium", start_date=date(2026, 3, 19), end_date=date(2026, 3, 20))
    account = make_account("org@example.org")
    programme = make_programme(events=[event])
    switch_on_set(event, "esf")
    switch_on_set(event, "days")
    diet = question(event, "choice", "Dieta", options="Mięsna | Meat\nInna | Other")
    other = diet.options[1]["key"]
    question(event, "short_text", "Jaka dieta?", condition=f"{diet.id}:{other}")
    registration = make_registration(event, email="ala@example.org")
    answer(registration, by_origin(event, "gender"), "female")
    answer(registration, diet, other)
    attend(event, registration)
    db.session.commit()
    before = [(q.kind, q.label_pl, q.set_key, q.origin_key, q.position) for q in _questions(event)]
    answers_before = db.session.scalar(select(func.count()).select_from(Answer))

    copy = copy_event(event, date(2027, 3, 18), account, title="Seminarium 2027", slug="seminarium-2027")

    copied = _questions(copy)
    assert [(q.kind, q.label_pl, q.set_key, q.origin_key, q.position) for q in copied] == before
    assert {u.set_key: u.note_pl for u in db.session.scalars(
        select(QuestionSetUse).where(QuestionSetUse.event_id == copy.id))}.keys() == {"esf", "days"}
    new_diet = next(q for q in copied if q.label_pl == "Dieta")
    follow_up = next(q for q in copied if q.label_pl == "Jaka dieta?")
    assert new_diet.options == diet.options
    assert (follow_up.condition_question_id, follow_up.condition_option) == (new_diet.id, other)
    days = next(q for q in copied if q.set_key == "days")
    assert [o["key"] for o in days.options] == ["2027-03-18", "2027-03-19"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == answers_before
    assert db.session.scalar(select(func.count()).select_from(Answer).join(Question)
                             .where(Question.event_id == copy.id)) == 0
    # The copy's gender question is the same programme question as the original's.
    second = make_registration(copy, email="bea@example.org")
    answer(second, by_origin(copy, "gender"), "female")
    attend(copy, second, date(2027, 3, 18))
    db.session.commit()
    make_target(programme, "Kobiety", TargetUnit.PEOPLE, 10, answers={"esf:gender": ["female"]})
    assert build_report(programme).targets[0].count == 2
