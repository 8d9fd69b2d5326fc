"""Reading one answer from a submitted form and checking it by the question's type.

Each check raises `AnswerRefused` with a message in the participant's language; the caller
puts it beside the field. Values are stored as JSON: text, number, ISO date, bool, an option
key, a list of option keys, a county key, or {"county", "name"} for a municipality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from eventapp.models import Question, QuestionKind
from eventapp.questions import places

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 4000}
NUMBER_LIMIT = Decimal("1e12")


class AnswerRefused(Exception):
    """An answer its question's type does not accept (message already translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Given:
    """What a person gave for one question: a value, or "I prefer not to answer"."""

    value: Any = None
    declined: bool = False


def field_name(question: Question) -> str:
    return f"q-{question.id}"


def pesel_is_valid(text: str) -> bool:
    """11 digits whose weighted sum matches the last digit (the PESEL checksum)."""
    if not re.fullmatch(r"\d{11}", text):
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(text[:10], weights, strict=True))
    return (10 - total % 10) % 10 == int(text[10])


def _option_keys(question: Question) -> set[str]:
    return {option["key"] for option in question.options or []}


def _text(question: Question, raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    limit = TEXT_LIMITS.get(question.kind, 300)
    if len(text) > limit:
        raise AnswerRefused(_("Please shorten this answer to %(limit)s characters.", limit=limit))
    if question.text_check == "pesel" and not pesel_is_valid(text):
        raise AnswerRefused(_("This is not a valid PESEL number: please check its 11 digits."))
    return text


def _number(raw: str) -> int | float | None:
    text = raw.strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise AnswerRefused(_("Please enter a number, e.g. 12 or 2.5."))
    return int(number) if number == number.to_integral_value() else float(number)


def _date(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
        if date(1900, 1, 1) <= day <= date(2100, 12, 31):
            return day.isoformat()
    raise AnswerRefused(_("Please enter a date, e.g. 2026-05-14."))


def _choice(question: Question, raw: str) -> str | None:
    if not raw:
        return None
    if raw not in _option_keys(question):
        raise AnswerRefused(_("Please choose one of the answers listed."))
    return raw


def _choices(question: Question, raws: list[str]) -> list[str] | None:
    keys = [raw for raw in dict.fromkeys(raws) if raw]
    if not keys:
        return None
    if not set(keys) <= _option_keys(question):
        raise AnswerRefused(_("Please choose among the answers listed."))
    order = [option["key"] for option in question.options]
    return sorted(keys, key=order.index)


def _county(raw: str) -> str | None:
    if not raw:
        return None
    if raw not in places.counties():
        raise AnswerRefused(_("Please choose a county from the list."))
    return raw


def _municipality(county_raw: str, name_raw: str) -> dict | None:
    county = _county(county_raw)
    name = name_raw.strip()
    if county is None and not name:
        return None
    if county is None:
        raise AnswerRefused(_("Please choose the county your municipality is in."))
    if not name:
        raise AnswerRefused(_("Please enter the name of your municipality."))
    if len(name) > 100:
        raise AnswerRefused(_("Please shorten this answer to %(limit)s characters.", limit=100))
    return {"county": county, "name": name}


def _yes_no(raw: str) -> bool | None:
    if raw == "yes":
        return True
    if raw == "no":
        return False
    if raw:
        raise AnswerRefused(_("Please answer yes or no."))
    return None


def read(question: Question, form: MultiDict) -> Given | None:
    """The answer given for `question` in `form`, checked by type; None when left empty.

    Raises `AnswerRefused` for a malformed answer or an empty required one (the caller
    skips questions whose condition does not hold).
    """
    name = field_name(question)
    if question.allow_decline and form.get(f"{name}-declined"):
        return Given(declined=True)
    raw = form.get(name, "")
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        value = _text(question, raw)
    elif kind == QuestionKind.NUMBER:
        value = _number(raw)
    elif kind == QuestionKind.DATE:
        value = _date(raw)
    elif kind == QuestionKind.YES_NO:
        value = _yes_no(raw)
    elif kind == QuestionKind.CHOICE:
        value = _choice(question, raw)
    elif kind == QuestionKind.MULTI_CHOICE:
        value = _choices(question, form.getlist(name))
    elif kind == QuestionKind.COUNTY:
        value = _county(raw)
    elif kind == QuestionKind.MUNICIPALITY:
        value = _municipality(raw, form.get(f"{name}-name", ""))
    else:  # consent: ticked or not
        value = True if raw else None
    if value is None:
        if question.required:
            raise AnswerRefused(_required_message(question))
        return None
    return Given(value=value)


def _required_message(question: Question) -> str:
    if question.kind == QuestionKind.CONSENT:
        return _("Please tick this consent to sign up.")
    if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE, QuestionKind.YES_NO,
                         QuestionKind.COUNTY):
        return _("Please choose an answer.")
    return _("Please answer this question.")


def form_values(question: Question, value: Any) -> dict[str, Any]:
    """A stored value turned back into what the form fields show (for editing)."""
    if value is None:
        return {}
    kind = question.kind
    if kind == QuestionKind.MULTI_CHOICE:
        return {"values": list(value)}
    if kind == QuestionKind.YES_NO:
        return {"value": "yes" if value else "no"}
    if kind == QuestionKind.MUNICIPALITY:
        return {"value": value.get("county", ""), "name": value.get("name", "")}
    if kind == QuestionKind.CONSENT:
        return {"value": "yes" if value else ""}
    return {"value": str(value)}


def describe(question: Question, value: Any, language: str) -> str:
    """An answer as a person reads it (option labels, county names, yes/no)."""
    if value is None:
        return ""
    kind = question.kind
    if kind == QuestionKind.MULTI_CHOICE:
        return ", ".join(question.option_label(key, language) for key in value)
    if kind == QuestionKind.CHOICE:
        return question.option_label(value, language)
    if kind in (QuestionKind.YES_NO, QuestionKind.CONSENT):
        return _("yes") if value else _("no")
    if kind == QuestionKind.COUNTY:
        return places.county_label(value, language)
    if kind == QuestionKind.MUNICIPALITY:
        return f"{value.get('name', '')} ({places.county_label(value.get('county', ''), language)})"
    return str(value)
