"""Participants' answers: read from a sign-up form, stored, shown to whom may see them.

Conditions: a question with "ask only if" is active only when the earlier list question's
answer in the same form holds that option; an inactive question is neither required nor
stored (an earlier answer to it is dropped). A refused form stores nothing: the caller
reads every answer first and only then registers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from werkzeug.datastructures import MultiDict

from eventapp.extensions import db
from eventapp.models import Answer, Event, Question, QuestionVisibility, Registration, utcnow
from eventapp.questions import kinds
from eventapp.questions.kinds import AnswerRefused, Given


def form_questions(event: Event) -> list[Question]:
    """The questions a participant is asked (not hidden), in order: one query."""
    return list(db.session.scalars(
        select(Question).where(Question.event_id == event.id, Question.hidden.is_(False))
        .order_by(Question.position, Question.id)))


def _holds(answer: Given | None, option: str) -> bool:
    if answer is None or answer.declined:
        return False
    value = answer.value
    return option in value if isinstance(value, list) else value == option


@dataclass
class FormReading:
    """Every answer given (None for an active question left empty), and messages per question id."""

    answers: dict[int, Given | None]
    errors: dict[int, str]
    active: set[int]

    @property
    def ok(self) -> bool:
        return not self.errors


def read_form(questions: list[Question], form: MultiDict) -> FormReading:
    """Check each active question's answer in `form` by its type; nothing is stored here."""
    given: dict[int, Given | None] = {}
    errors: dict[int, str] = {}
    active: set[int] = set()
    for question in questions:
        if question.condition_question_id is not None and not _holds(
                given.get(question.condition_question_id), question.condition_option):
            continue
        active.add(question.id)
        try:
            given[question.id] = kinds.read(question, form)
        except AnswerRefused as refusal:
            errors[question.id] = refusal.message
            given[question.id] = None
    return FormReading(given, errors, active)


def attach(registration: Registration, reading: FormReading, questions: list[Question],
           now: datetime | None = None) -> None:
    """Store the answers of a checked form for this registration (caller commits).

    Answers to the asked questions are replaced; an answer to a question now inactive (its
    condition no longer holds) is dropped; answers to hidden questions stay.
    """
    now = now or utcnow()
    asked = [q.id for q in questions]
    stored = {a.question_id: a for a in db.session.scalars(
        select(Answer).where(Answer.registration_id == registration.id, Answer.question_id.in_(asked)))
    } if registration.id is not None and asked else {}
    for question in questions:
        given = reading.answers.get(question.id) if question.id in reading.active else None
        answer = stored.get(question.id)
        if given is None:
            if answer is not None:
                db.session.delete(answer)
            continue
        if answer is None:
            answer = Answer(registration=registration, question_id=question.id)
            db.session.add(answer)
        elif answer.value == given.value and bool(answer.declined_at) == given.declined:
            continue
        answer.value = None if given.declined else given.value
        answer.declined_at = now if given.declined else None
        answer.answered_at = now


def insert_new(registration: Registration, reading: FormReading, now: datetime | None = None) -> None:
    """The answers of a registration just created: one INSERT, no ORM objects (caller commits)."""
    now = now or utcnow()
    rows = [{"registration_id": registration.id, "question_id": question_id,
             "value": None if given.declined else given.value, "declined_at": now if given.declined else None,
             "answered_at": now}
            for question_id, given in reading.answers.items() if given is not None and question_id in reading.active]
    if rows:
        db.session.execute(insert(Answer), rows)


def answers_of(registration: Registration) -> dict[int, Answer]:
    """This registration's answers by question id: one query."""
    return {a.question_id: a for a in db.session.scalars(
        select(Answer).where(Answer.registration_id == registration.id))}


def form_state(questions: list[Question], stored: dict[int, Answer]) -> MultiDict:
    """Stored answers as the form's submitted values, to fill the form for editing."""
    data: MultiDict = MultiDict()
    for question in questions:
        answer = stored.get(question.id)
        if answer is None:
            continue
        name = kinds.field_name(question)
        if answer.declined_at is not None:
            data[f"{name}-declined"] = "1"
            continue
        values = kinds.form_values(question, answer.value)
        for value in values.get("values", []):
            data.add(name, value)
        if "value" in values:
            data[name] = values["value"]
        if "name" in values:
            data[f"{name}-name"] = values["name"]
    return data


@dataclass
class ShownAnswer:
    question: Question
    text: str
    declined: bool
    unasked: bool


def visible_questions(questions: list[Question], audience: str) -> list[Question]:
    """Organisers (and the person) see every question; door staff only those marked for staff,
    never funder monitoring data."""
    if audience in ("organisers", "participant"):
        return questions
    return [q for q in questions if q.visibility == QuestionVisibility.STAFF and not q.is_monitoring]


def shown_answers(registration: Registration, audience: str, language: str) -> list[ShownAnswer]:
    """The answers of one registration that this audience may see, as text (two queries)."""
    questions = visible_questions(list(db.session.scalars(
        select(Question).where(Question.event_id == registration.event_id)
        .order_by(Question.position, Question.id))), audience)
    stored = answers_of(registration)
    # Walk-ins and organiser-added registrations were not asked the form: said so, not faked.
    unasked = registration.source.value != "online"
    shown = []
    for question in questions:
        answer = stored.get(question.id)
        if answer is None and question.hidden:
            continue
        text = kinds.describe(question, answer.value, language) if answer is not None else ""
        shown.append(ShownAnswer(question, text, answer is not None and answer.declined_at is not None,
                                 answer is None and unasked))
    return shown


def staff_answers(event: Event, registration_ids: list[int], language: str) -> dict[int, list[tuple[str, str]]]:
    """For the door: (label, answer) pairs that staff may see, per registration, in two queries."""
    questions = visible_questions(form_questions(event), "staff")
    if not questions or not registration_ids:
        return {}
    by_id = {q.id: q for q in questions}
    found: dict[int, list[tuple[str, str]]] = {}
    for answer in db.session.scalars(select(Answer).where(
            Answer.registration_id.in_(registration_ids), Answer.question_id.in_(list(by_id)))
            .order_by(Answer.registration_id)):
        if answer.value is None:
            continue
        question = by_id[answer.question_id]
        found.setdefault(answer.registration_id, []).append(
            (question.label(language), kinds.describe(question, answer.value, language)))
    return found


def delete_answers(registration_ids: list[int]) -> None:
    """Remove every answer of these registrations (anonymising, deleting); caller commits."""
    if registration_ids:
        db.session.execute(delete(Answer).where(Answer.registration_id.in_(registration_ids)))


def export_answers(registration: Registration, language: str) -> list[dict[str, Any]]:
    """Every stored answer of one person, for their own data export."""
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.event_id == registration.event_id))}
    rows = []
    for question_id, answer in sorted(answers_of(registration).items()):
        question = questions[question_id]
        rows.append({"question": question.label(language), "value": answer.value,
                     "answer": kinds.describe(question, answer.value, language),
                     "declined_at": answer.declined_at.isoformat() if answer.declined_at else None,
                     "answered_at": answer.answered_at.isoformat()})
    return rows


# ---- the participant's own answers -----------------------------------------------------

def editable_until(event: Event) -> datetime:
    """Participants change their answers until registration closes, else until the event's first day."""
    if event.registration_closes_at is not None:
        return event.registration_closes_at
    first_day = datetime.combine(event.start_date, datetime.min.time(), tzinfo=event.tz)
    return first_day.astimezone(UTC)


def editable(event: Event, now: datetime | None = None) -> bool:
    return (now or utcnow()) < editable_until(event)


def save_own_answers(registration: Registration, reading: FormReading, questions: list[Question]) -> bool:
    """A participant changes their answers on the private page; False once the deadline passed."""
    if not editable(registration.event):
        return False
    attach(registration, reading, questions)
    db.session.commit()
    return True


# ---- filters: "everyone who needs an interpreter" -------------------------------------------

FILTERABLE = ("choice", "multi_choice", "yes_no", "county")


def filter_choices(event: Event, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """For each list, yes/no or county question: (label, [("<id>:<key>", option label)])."""
    groups = []
    for question in form_questions_all(event):
        if question.kind.value not in FILTERABLE:
            continue
        if question.kind.value == "yes_no":
            pairs = [("yes", kinds.describe(question, True, language)), ("no", kinds.describe(question, False, language))]
        elif question.kind.value == "county":
            continue  # 380 counties make a poor drop-down; the export has them per person
        else:
            pairs = [(o["key"], question.option_label(o["key"], language)) for o in question.options]
        groups.append((question.label(language), [(f"{question.id}:{key}", text) for key, text in pairs]))
    return groups


def form_questions_all(event: Event) -> list[Question]:
    """Every question of the event, hidden ones too, in order (one query)."""
    return list(db.session.scalars(
        select(Question).where(Question.event_id == event.id).order_by(Question.position, Question.id)))


def answered_clause(event_id: int, spec: str):
    """A condition on Registration.id: answered `<question id>:<option key>` (or yes/no).

    Values are JSON; matching the option key as a quoted JSON string in the value's text works
    the same on SQLite and PostgreSQL, for one key and for a list of keys. None for a bad spec.
    """
    from sqlalchemy import Text, cast

    question_id, _sep, key = spec.partition(":")
    if not question_id.isdigit() or not key:
        return None
    owned = select(Question.id).where(Question.id == int(question_id), Question.event_id == event_id)
    value = cast(Answer.value, Text)
    if key in ("yes", "no"):
        matches = value == ("true" if key == "yes" else "false")
        matches = matches | (value.like(f'%"{key}"%'))
    else:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        matches = value.like(f'%"{escaped}"%', escape="\\")
    return select(Answer.registration_id).where(Answer.question_id.in_(owned), matches)


# ---- exports and reports -----------------------------------------------------------------

def answer_table(event: Event) -> tuple[list[Question], dict[int, dict[int, tuple[Any, bool]]]]:
    """Every question (hidden ones too: old answers stay exported) and every answer of the event,
    as {registration id: {question id: (value, declined)}}: two queries whatever the size."""
    questions = form_questions_all(event)
    table: dict[int, dict[int, tuple[Any, bool]]] = {}
    if questions:
        rows = db.session.execute(
            select(Answer.registration_id, Answer.question_id, Answer.value, Answer.declined_at)
            .join(Question, Question.id == Answer.question_id).where(Question.event_id == event.id))
        for registration_id, question_id, value, declined_at in rows:
            table.setdefault(registration_id, {})[question_id] = (value, declined_at is not None)
    return questions, table


def answer_cell(question: Question, given: tuple[Any, bool] | None, source: str, language: str) -> str:
    """One answer as an export cell: its text, "prefers not to answer", or "not asked" (desk sign-ups)."""
    from flask_babel import gettext as _

    if given is None:
        return _("not asked") if source != "online" else ""
    value, declined = given
    return _("prefers not to answer") if declined else kinds.describe(question, value, language)
