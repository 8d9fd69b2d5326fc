"""Unique people who attended, by county, gender and age band, from the ESF+ monitoring answers.

Shown only for what the programme collected (someone answered). A person's answers across
events are one: a real answer wins over "prefer not to answer", which is counted apart;
people who gave neither are "not given". Age: from the date of birth at the first day
attended, else the age they gave; bands follow the ESF+ indicators (under 18, 18–29,
55 and over).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from eventapp.programmes.answers import DECLINED
from eventapp.programmes.counting import PersonFacts
from eventapp.questions import places
from eventapp.questions.sets import ready_sets

AGE_BANDS = (("under_18", 0, 17, _l("under 18")), ("18_29", 18, 29, _l("18–29")),
             ("30_54", 30, 54, _l("30–54")), ("55_plus", 55, 200, _l("55 and over")))


@dataclass
class Breakdown:
    key: str                       # county, gender, age
    title: str
    rows: list[tuple[str, int]] = field(default_factory=list)   # (label, people)
    declined: int = 0
    not_given: int = 0


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "pl"


def _one(words: set[str]) -> str | None:
    given = sorted(words - {DECLINED})
    if given:
        return given[0]
    return DECLINED if DECLINED in words else None


def _years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(person: PersonFacts) -> str | None:
    years = None
    birth = _one(person.answers.get("esf:birth_date", set()))
    if birth and birth != DECLINED and person.days:
        try:
            years = _years(date.fromisoformat(birth), min(day for _event, day in person.days))
        except ValueError:
            years = None
    if years is None:
        age = _one(person.answers.get("esf:age", set()))
        if age and age != DECLINED:
            try:
                years = int(float(age))
            except ValueError:
                years = None
        elif age == DECLINED or birth == DECLINED:
            return DECLINED
    if years is None:
        return None
    return next((key for key, low, high, _label in AGE_BANDS if low <= years <= high), None)


def _gender_labels(language: str) -> dict[str, str]:
    esf = ready_sets().get("esf")
    question = next((q for q in esf.questions if q["origin"] == "gender"), None) if esf else None
    return {o["key"]: o.get(language) or o["pl"] for o in (question or {}).get("options", [])}


def breakdowns(attended: list[PersonFacts]) -> list[Breakdown]:
    language = _language()
    found = []
    genders = _gender_labels(language)
    for key, title, word_of, labels, order in (
        ("county", _l("By county"), lambda p: _one(p.answers.get("esf:county", set())),
         lambda w: places.county_label(w, language), None),
        ("gender", _l("By gender"), lambda p: _one(p.answers.get("esf:gender", set())),
         lambda w: genders.get(w, w), list(genders)),
        ("age", _l("By age"), age_band, lambda w: str(dict((k, t) for k, _a, _b, t in AGE_BANDS)[w]),
         [k for k, *_rest in AGE_BANDS]),
    ):
        counts = Counter(word_of(p) for p in attended)
        if not any(w is not None for w in counts):
            continue
        breakdown = Breakdown(key, str(title), declined=counts.pop(DECLINED, 0), not_given=counts.pop(None, 0))
        words = [w for w in order if counts[w]] if order else sorted(counts, key=lambda w: (-counts[w], labels(w)))
        breakdown.rows = [(labels(w), counts[w]) for w in words]
        found.append(breakdown)
    return found
