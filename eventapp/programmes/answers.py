"""Sign-up answers as the programme sees them: one question across all its events.

A question from a ready-made set is the same question at every event of the programme
(ESF+ gender at the seminar and at the forum): its programme key is `<set>:<origin>`,
e.g. `esf:gender`, `esf:county`. The organiser's own questions are per event: `q<id>`.

An answer becomes a set of words a target can accept: an option key, each key of a
multiple choice, `yes`/`no`, a county key, the text of a number or date, and `declined`
for "I prefer not to answer".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal
from eventapp.models import Answer, Question, QuestionKind
from eventapp.questions import places

DECLINED = "declined"
# Questions whose answers a target can filter on (free text and consents are not categories).
FILTERABLE = (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE, QuestionKind.YES_NO, QuestionKind.COUNTY)
# Read for the report's age bands and the PESEL duplicate check (ready-made ESF+ questions).
ESF_EXTRA = ("birth_date", "age")


def programme_key(set_key: str | None, origin_key: str | None, question_id: int) -> str:
    return f"{set_key}:{origin_key}" if set_key and origin_key else f"q{question_id}"


def answer_words(value: Any, declined: bool) -> set[str]:
    if declined:
        return {DECLINED}
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, dict):
        return {str(value.get("county"))} if value.get("county") else set()
    return {str(value)}


def answers_query(event_ids: list[int]):
    """One query: every answer the programme's targets and report read, with its programme key."""
    return (
        select(Answer.registration_id, Question.id, Question.set_key, Question.origin_key,
               Answer.value, Answer.declined_at)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.event_id.in_(event_ids),
               or_(Question.kind.in_(FILTERABLE),
                   (Question.set_key == "esf") & Question.origin_key.in_(ESF_EXTRA)))
    )


@dataclass
class QuestionChoice:
    """A question the target form offers, with the answers it may accept."""

    key: str
    label: str
    answers: list[tuple[str, str]] = field(default_factory=list)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "pl"


def answer_label(question: Question | None, key: str, word: str, language: str) -> str:
    if word == DECLINED:
        return _("prefers not to answer")
    kind = question.kind if question is not None else (QuestionKind.COUNTY if key == "esf:county" else None)
    if kind == QuestionKind.COUNTY:
        return places.county_label(word, language)
    if kind == QuestionKind.YES_NO:
        return _("yes") if word == "yes" else _("no")
    return question.option_label(word, language) if question is not None else word


def answer_choices(programme_event_ids: list[int]) -> list[QuestionChoice]:
    """The filterable questions of the programme's events (two queries): options of choices,
    yes/no, and for counties the counties someone actually gave."""
    language = _language()
    questions = list(db.session.scalars(
        select(Question).where(Question.event_id.in_(programme_event_ids), Question.kind.in_(FILTERABLE))
        .order_by(Question.event_id, Question.position, Question.id)
    ))
    county_ids = [q.id for q in questions if q.kind == QuestionKind.COUNTY]
    given: dict[int, set[str]] = {}
    if county_ids:
        for question_id, value in db.session.execute(
                select(Answer.question_id, Answer.value).where(Answer.question_id.in_(county_ids))):
            given.setdefault(question_id, set()).update(answer_words(value, False))
    found: dict[str, QuestionChoice] = {}
    for question in questions:
        key = programme_key(question.set_key, question.origin_key, question.id)
        choice = found.setdefault(key, QuestionChoice(key, question.label(language)))
        if question.kind == QuestionKind.YES_NO:
            words = ["yes", "no"]
        elif question.kind == QuestionKind.COUNTY:
            words = sorted(given.get(question.id, ()), key=lambda w: places.county_label(w, language))
        else:
            words = [o["key"] for o in question.options or []]
        if question.allow_decline:
            words.append(DECLINED)
        known = {w for w, _label in choice.answers}
        choice.answers += [(w, answer_label(question, key, w, language)) for w in words if w not in known]
    return [c for c in found.values() if c.answers]


def criteria_from_form(chosen: list[str], choices: list[QuestionChoice]) -> dict[str, list[str]]:
    """`key|answer` pairs ticked on the target form, checked against what the programme asks."""
    allowed = {c.key: {w for w, _label in c.answers} for c in choices}
    picked: dict[str, set[str]] = {}
    for pair in chosen:
        key, _sep, word = pair.partition("|")
        if word not in allowed.get(key, ()):
            raise Refusal(_("Choose answers from the list."), field="answers")
        picked.setdefault(key, set()).add(word)
    return {key: sorted(words) for key, words in picked.items()}


def describe_answers(key: str, accepted: list[str]) -> str:
    """`Gender: female, male` for the target list (the question read by its key)."""
    language = _language()
    question = None
    if key.startswith("q") and key[1:].isdigit():
        question = db.session.get(Question, int(key[1:]))
    elif ":" in key:
        set_key, _sep, origin = key.partition(":")
        question = db.session.scalar(select(Question).where(
            Question.set_key == set_key, Question.origin_key == origin).limit(1))
    name = question.label(language) if question is not None else key
    return f"{name}: {', '.join(answer_label(question, key, w, language) for w in accepted)}"
