"""Back-office rules for an event's sign-up questions: add, edit, order, hide, ready-made sets.

A question with answers is never deleted (the answers' foreign key refuses it too); its
options can be renamed, hidden or added to, never removed. Every change commits once and
rolls back on a `Refusal`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import Answer, Event, Question, QuestionKind, QuestionSetUse, QuestionVisibility
from eventapp.questions.sets import ready_sets

CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE)
DAYS_SET = "days"
MONITORING_SET = "esf"
OPTION_LINE = re.compile(r"^\s*(?:\[(?P<key>[a-z0-9_]{1,64})\])?\s*(?P<rest>.*)$")


@dataclass
class QuestionDraft:
    """What the back-office form gives for one question."""

    kind: QuestionKind
    label_pl: str
    label_en: str = ""
    help_pl: str = ""
    help_en: str = ""
    options_text: str = ""
    widget: str = "radio"
    required: bool = False
    visibility: QuestionVisibility = QuestionVisibility.ORGANISERS
    allow_decline: bool = False
    hidden: bool = False
    condition: str = ""  # "<question id>:<option key>" or ""
    options: list[dict] = field(default_factory=list)


def event_questions(event: Event) -> list[Question]:
    """All questions of the event's sign-up form, hidden ones too, in their order."""
    return list(db.session.scalars(
        select(Question).where(Question.event_id == event.id).order_by(Question.position, Question.id)))


def find_question(event: Event, question_id: int) -> Question | None:
    return db.session.scalar(select(Question).where(Question.event_id == event.id, Question.id == question_id))


def has_answers(question: Question) -> bool:
    return bool(db.session.scalar(select(exists().where(Answer.question_id == question.id))))


def answered_question_ids(event: Event) -> set[int]:
    """Ids of the event's questions that have at least one answer (one query)."""
    return set(db.session.scalars(
        select(Answer.question_id).join(Question, Question.id == Answer.question_id)
        .where(Question.event_id == event.id).distinct()))


def answered_keys(question: Question) -> set[str]:
    """Option keys that some stored answer holds (those options may be hidden, not removed)."""
    keys: set[str] = set()
    for value in db.session.scalars(select(Answer.value).where(Answer.question_id == question.id)):
        if isinstance(value, list):
            keys.update(value)
        elif isinstance(value, str):
            keys.add(value)
    return keys


def options_as_text(question: Question) -> str:
    """Options as the back-office text area shows them: `[key] Polish | English | hidden`."""
    lines = []
    for option in question.options or []:
        line = f"[{option['key']}] {option.get('pl', '')} | {option.get('en', '')}"
        lines.append(f"{line} | hidden" if option.get("hidden") else line)
    return "\n".join(lines)


def _new_key(label: str, taken: set[str]) -> str:
    folded = unicodedata.normalize("NFKD", label.lower().replace("ł", "l")).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:40] or "option"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def parse_options(text: str, before: list[dict], protected: set[str]) -> list[dict]:
    """Read the options text area: lines with a known [key] keep it (renamed), others are new.

    An option that answers hold may be hidden, not removed.
    """
    known = {option["key"]: option for option in before}
    options: list[dict] = []
    taken = set(known)
    for raw in text.splitlines():
        if not raw.strip():
            continue
        match = OPTION_LINE.match(raw)
        key = match["key"]
        parts = [part.strip() for part in match["rest"].split("|")]
        label_pl = parts[0]
        if not label_pl:
            raise Refusal(_("Each option needs a Polish label: %(line)s", line=raw.strip()), field="options")
        if len(label_pl) > 200 or any(len(part) > 200 for part in parts):
            raise Refusal(_("An option may have at most 200 characters."), field="options")
        if key is None or key not in known or key in {o["key"] for o in options}:
            key = _new_key(label_pl, taken)
        taken.add(key)
        options.append({"key": key, "pl": label_pl, "en": parts[1] if len(parts) > 1 else "",
                        "hidden": len(parts) > 2 and parts[2].lower() in ("hidden", "ukryta", "ukryte")})
    removed = (protected & set(known)) - {o["key"] for o in options}
    if removed:
        names = ", ".join(known[key]["pl"] for key in sorted(removed))
        raise Refusal(_("Options that have answers can be hidden but not removed: %(names)s.", names=names),
                      field="options")
    return options


def _check(event: Event, question: Question | None, draft: QuestionDraft) -> None:
    if not draft.label_pl.strip():
        raise Refusal(_("Please enter the question in Polish."), field="label_pl")
    if draft.kind in CHOICE_KINDS and not [o for o in draft.options if not o.get("hidden")]:
        raise Refusal(_("A list question needs at least one option, one per line."), field="options")
    if draft.condition:
        condition_id, _sep, option = draft.condition.partition(":")
        other = find_question(event, int(condition_id)) if condition_id.isdigit() else None
        if (other is None or other.kind not in CHOICE_KINDS or (question and other.id == question.id)
                or option not in {o["key"] for o in other.options}
                or (question is not None and other.position >= question.position)):
            raise Refusal(_("“Ask only if” must name an answer of an earlier list question."), field="condition")


def _apply(question: Question, draft: QuestionDraft) -> None:
    question.label_pl = draft.label_pl.strip()
    question.label_en = draft.label_en.strip()
    question.help_pl = draft.help_pl.strip()
    question.help_en = draft.help_en.strip()
    question.widget = draft.widget if draft.widget in ("radio", "select") else "radio"
    question.required = draft.required
    # Funder monitoring data is for organisers only, whatever the form says.
    question.visibility = QuestionVisibility.ORGANISERS if question.is_monitoring else draft.visibility
    question.allow_decline = draft.allow_decline
    question.hidden = draft.hidden
    if question.kind in CHOICE_KINDS:
        question.options = draft.options
    if draft.condition:
        condition_id, _sep, option = draft.condition.partition(":")
        question.condition_question_id, question.condition_option = int(condition_id), option
    else:
        question.condition_question_id = question.condition_option = None


def _next_position(event: Event) -> int:
    last = db.session.scalar(select(func.max(Question.position)).where(Question.event_id == event.id))
    return (last or 0) + 1


@rolls_back_on_refusal
def add_question(event: Event, draft: QuestionDraft) -> Question:
    """Add a question at the end of the event's sign-up form."""
    if draft.kind in CHOICE_KINDS:
        draft.options = parse_options(draft.options_text, [], set())
    _check(event, None, draft)
    question = Question(event_id=event.id, kind=draft.kind, position=_next_position(event), options=[])
    _apply(question, draft)
    db.session.add(question)
    db.session.commit()
    return question


@rolls_back_on_refusal
def update_question(question: Question, draft: QuestionDraft) -> None:
    """Rename, re-word, hide, or change the options of a question (its type stays)."""
    if question.kind in CHOICE_KINDS:
        draft.options = parse_options(draft.options_text, question.options or [], answered_keys(question))
    _check(question.event, question, draft)
    _apply(question, draft)
    db.session.commit()


@rolls_back_on_refusal
def delete_question(question: Question) -> None:
    """Delete a question nobody has answered; one with answers can only be hidden."""
    if has_answers(question):
        raise Refusal(_("This question has answers: hide it instead, so the answers stay."))
    db.session.delete(question)
    db.session.commit()


@rolls_back_on_refusal
def move_question(event: Event, question: Question, step: int) -> None:
    """Swap a question with its neighbour above (-1) or below (+1)."""
    ordered = event_questions(event)
    index = next(i for i, q in enumerate(ordered) if q.id == question.id)
    other = index + step
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    db.session.commit()


# ---- ready-made sets ---------------------------------------------------------------------

def set_uses(event: Event) -> dict[str, QuestionSetUse]:
    return {use.set_key: use for use in db.session.scalars(
        select(QuestionSetUse).where(QuestionSetUse.event_id == event.id))}


def _day_options(event: Event) -> list[dict]:
    def label(day: date, locale: str) -> str:
        return format_date(day, "EEEE d MMMM y", locale=locale)

    return [{"key": day.isoformat(), "pl": label(day, "pl"), "en": label(day, "en")} for day in event.days]


def _days_definition(event: Event) -> dict:
    return {"origin": "days", "kind": "multi_choice", "visibility": "staff", "required": True,
            "label": {"pl": "W które dni przyjdziesz?", "en": "Which days will you come?"},
            "options": _day_options(event)}


@rolls_back_on_refusal
def switch_on_set(event: Event, set_key: str) -> int:
    """Add a ready-made set's questions at the end of the form (none twice); returns how many."""
    added = add_set_questions(event, set_key)
    db.session.commit()
    return added


def add_set_questions(event: Event, set_key: str) -> int:
    """`switch_on_set` without the commit (the demo builds several things in one transaction)."""
    if set_key == DAYS_SET:
        if len(event.days) < 2:
            raise Refusal(_("The question about days is for events that last more than one day."))
        definitions, note = [_days_definition(event)], {"pl": "", "en": ""}
    elif set_key in ready_sets():
        ready = ready_sets()[set_key]
        definitions, note = list(ready.questions), ready.note
    else:
        raise Refusal(_("There is no such set of questions."))
    existing = {q.origin_key: q for q in event_questions(event) if q.set_key == set_key}
    position = _next_position(event)
    added = 0
    for definition in definitions:
        if definition["origin"] in existing:
            existing[definition["origin"]].hidden = False
            continue
        question = _from_definition(event, set_key, definition, existing, position)
        existing[definition["origin"]] = question
        position += 1
        added += 1
    if set_key not in set_uses(event):
        db.session.add(QuestionSetUse(event_id=event.id, set_key=set_key, note_pl=note["pl"], note_en=note["en"]))
    db.session.flush()
    return added


def _from_definition(event: Event, set_key: str, definition: dict, existing: dict, position: int) -> Question:
    question = Question(
        event_id=event.id, kind=QuestionKind(definition["kind"]), set_key=set_key, origin_key=definition["origin"],
        label_pl=definition["label"]["pl"], label_en=definition["label"].get("en", ""),
        help_pl=definition.get("help", {}).get("pl", ""), help_en=definition.get("help", {}).get("en", ""),
        options=[{**option, "hidden": False} for option in definition.get("options", [])],
        widget=definition.get("widget", "radio"), required=definition.get("required", False),
        allow_decline=definition.get("allow_decline", False), text_check=definition.get("text_check"),
        visibility=QuestionVisibility(definition.get("visibility", "organisers")), position=position,
    )
    if set_key == MONITORING_SET:
        question.visibility = QuestionVisibility.ORGANISERS
    condition = definition.get("condition")
    if condition:
        question.condition_question = existing[condition["origin"]]
        question.condition_option = condition["option"]
    db.session.add(question)
    db.session.flush()
    return question


@rolls_back_on_refusal
def switch_off_set(event: Event, set_key: str) -> None:
    """Hide a set's questions (their answers stay) and drop its note."""
    for question in event_questions(event):
        if question.set_key == set_key:
            question.hidden = True
    use = set_uses(event).get(set_key)
    if use is not None:
        db.session.delete(use)
    db.session.commit()


@rolls_back_on_refusal
def update_set_note(event: Event, set_key: str, note_pl: str, note_en: str) -> None:
    """The organiser's text on why a set's data is asked and on which legal basis."""
    use = set_uses(event).get(set_key)
    if use is None:
        raise Refusal(_("Switch the set on first."))
    if not note_pl.strip():
        raise Refusal(_("Please say in Polish why these data are asked."), field="note_pl")
    use.note_pl, use.note_en = note_pl.strip(), note_en.strip()
    db.session.commit()
