"""The attendance report's part about answers: counts per option, expected vs present per day.

Counted over confirmed registrations (the people expected); "prefer not to answer" is
counted apart from the options. Two queries whatever the number of questions or people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Answer, Event, Question, QuestionKind, Registration, RegistrationStatus
from eventapp.questions import kinds, places
from eventapp.questions.answers import form_questions_all

COUNTED = (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE, QuestionKind.YES_NO, QuestionKind.COUNTY)


@dataclass
class QuestionCounts:
    question: Question
    options: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    declined: int = 0


@dataclass
class DayExpectation:
    day: date
    expected: int
    present: int


@dataclass
class AnswerReport:
    questions: list[QuestionCounts]
    days: list[DayExpectation]


def answer_report(event: Event, present_per_day: dict[date, int], language: str) -> AnswerReport:
    """Counts per option of each list, yes/no and county question; the days question against check-ins."""
    questions = [q for q in form_questions_all(event) if q.kind in COUNTED]
    if not questions:
        return AnswerReport([], [])
    by_id = {q.id: q for q in questions}
    counters: dict[int, Counter] = {q.id: Counter() for q in questions}
    answered: Counter = Counter()
    declined: Counter = Counter()
    rows = db.session.execute(
        select(Answer.question_id, Answer.value, Answer.declined_at)
        .join(Registration, Registration.id == Answer.registration_id)
        .where(Answer.question_id.in_(list(by_id)), Registration.status == RegistrationStatus.CONFIRMED))
    for question_id, value, declined_at in rows:
        if declined_at is not None:
            declined[question_id] += 1
            continue
        answered[question_id] += 1
        counters[question_id].update(value if isinstance(value, list) else [value])
    report = [_counts(q, counters[q.id], answered[q.id], declined[q.id], language) for q in questions]
    days_question = next((q for q in questions if q.set_key == "days"), None)
    days = []
    if days_question is not None:
        days = [DayExpectation(date.fromisoformat(o["key"]), counters[days_question.id][o["key"]],
                               present_per_day.get(date.fromisoformat(o["key"]), 0))
                for o in days_question.options]
    return AnswerReport(report, days)


def _counts(question: Question, counter: Counter, answered: int, declined: int, language: str) -> QuestionCounts:
    if question.kind == QuestionKind.YES_NO:
        options = [(kinds.describe(question, True, language), counter[True]),
                   (kinds.describe(question, False, language), counter[False])]
    elif question.kind == QuestionKind.COUNTY:
        options = sorted(((places.county_label(key, language), n) for key, n in counter.items()),
                         key=lambda pair: -pair[1])
    else:
        options = [(question.option_label(o["key"], language), counter[o["key"]]) for o in question.options]
    return QuestionCounts(question, options, answered, declined)
