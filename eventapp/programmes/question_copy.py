"""The sign-up questions of an event copied to its next edition (questions, never answers).

Each question is copied with its options (their keys too, so answers across editions mean
the same thing and the programme joins them), its "ask only if" condition pointed at the
copy of its question, and the ready-made sets switched on with their notes. The days
question of a multi-day event gets the new edition's days (same offset from the first day).
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Question, QuestionSetUse

COPIED = ("kind", "widget", "label_pl", "label_en", "help_pl", "help_en", "required", "visibility",
          "text_check", "allow_decline", "position", "hidden", "set_key", "origin_key")


def _shifted_day(option: dict, days: int) -> dict:
    try:
        day = date.fromisoformat(option["key"]) + timedelta(days=days)
    except ValueError:
        return dict(option)
    return {**option, "key": day.isoformat(), "pl": format_date(day, "EEEE d MMMM y", locale="pl"),
            "en": format_date(day, "EEEE d MMMM y", locale="en")}


def copy_questions(source: Event, copy: Event, days: int) -> int:
    """Add `source`'s questions and set uses to `copy` (flushed, not committed); how many questions."""
    questions = list(db.session.scalars(
        select(Question).where(Question.event_id == source.id).order_by(Question.position, Question.id)))
    copies: dict[int, Question] = {}
    for question in questions:
        new = Question(event_id=copy.id, **{name: getattr(question, name) for name in COPIED})
        if question.set_key == "days":
            new.options = [_shifted_day(option, days) for option in question.options or []]
        else:
            new.options = [dict(option) for option in question.options or []]
        copies[question.id] = new
        db.session.add(new)
    db.session.flush()
    for question in questions:
        if question.condition_question_id in copies:
            condition = copies[question.condition_question_id]
            option = question.condition_option
            if condition.set_key == "days" and option:
                option = _shifted_day({"key": option}, days)["key"]
            copies[question.id].condition_question_id = condition.id
            copies[question.id].condition_option = option
    for use in db.session.scalars(select(QuestionSetUse).where(QuestionSetUse.event_id == source.id)):
        db.session.add(QuestionSetUse(event_id=copy.id, set_key=use.set_key, note_pl=use.note_pl,
                                      note_en=use.note_en))
    db.session.flush()
    return len(copies)
