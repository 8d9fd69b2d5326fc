"""Targets: how many unique people or organisations match the grant's filter.

A target's `criteria` is a JSON object; each key narrows the count and an absent key
does not. Everyone counted attended at least one day. The keys:

- `min_days`: attended at least N days (across the programme's events);
- `min_hours`: attended at least N hours (see counting for how hours are measured);
- `item_kind`: checked in at an agenda item of this kind (workshop, lecture…);
- `organisation_type`: their organisation's type;
- `answers`: {question key: [accepted answers]} for sign-up questions (county, gender,
  monitoring questions) — a person matches when one of their answers is accepted.

An organisations target counts organisations with at least one matching person (and,
for `organisation_type`, of that type).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import ItemKind, OrganisationType, Programme, ProgrammeTarget, TargetUnit
from eventapp.programmes.counting import PersonFacts, ProgrammeFacts

CRITERIA_KEYS = ("min_days", "min_hours", "item_kind", "organisation_type", "answers")
UNIT_LABELS = {TargetUnit.PEOPLE: _l("people"), TargetUnit.ORGANISATIONS: _l("organisations")}


def unit_label(unit: TargetUnit) -> str:
    return str(UNIT_LABELS[TargetUnit(unit)])


def person_matches(person: PersonFacts, criteria: dict[str, Any]) -> bool:
    if not person.attended:
        return False
    if len(person.days) < int(criteria.get("min_days") or 0):
        return False
    if person.hours + 1e-9 < float(criteria.get("min_hours") or 0):
        return False
    if criteria.get("item_kind") and criteria["item_kind"] not in person.item_kinds:
        return False
    if criteria.get("organisation_type") and person.organisation_type != criteria["organisation_type"]:
        return False
    for question, accepted in (criteria.get("answers") or {}).items():
        if not person.answers.get(question, set()) & set(accepted):
            return False
    return True


@dataclass
class TargetProgress:
    target: ProgrammeTarget
    count: int

    @property
    def share(self) -> float:
        return self.count / self.target.goal if self.target.goal else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def reached(self) -> bool:
        return self.count >= self.target.goal


def count_for(facts: ProgrammeFacts, unit: TargetUnit, criteria: dict[str, Any],
              attended: list[PersonFacts] | None = None) -> int:
    if attended is None:
        attended = [p for p in facts.people.values() if p.attended]
    matching = {person.key for person in attended if person_matches(person, criteria)}
    if unit == TargetUnit.PEOPLE:
        return len(matching)
    org_type = criteria.get("organisation_type")
    return sum(
        1 for org in facts.organisations.values()
        if org.people & matching and (not org_type or org.organisation_type == org_type)
    )


def progress(facts: ProgrammeFacts, targets: list[ProgrammeTarget]) -> list[TargetProgress]:
    attended = [p for p in facts.people.values() if p.attended]
    return [TargetProgress(t, count_for(facts, t.unit, t.criteria or {}, attended)) for t in targets]


def programme_targets(programme: Programme) -> list[ProgrammeTarget]:
    return list(db.session.scalars(
        select(ProgrammeTarget).where(ProgrammeTarget.programme_id == programme.id)
        .order_by(ProgrammeTarget.position, ProgrammeTarget.id)
    ))


def clean_criteria(values: dict[str, Any]) -> dict[str, Any]:
    """The criteria from form data, checked: whole or decimal numbers, known kinds and types."""
    criteria: dict[str, Any] = {}
    for name, convert in (("min_days", int), ("min_hours", float)):
        raw = values.get(name)
        if raw in (None, ""):
            continue
        try:
            number = convert(raw)
        except (TypeError, ValueError):
            raise Refusal(_("Please give a number."), field=name) from None
        if number < 0:
            raise Refusal(_("The number cannot be negative."), field=name)
        if number:
            criteria[name] = number
    if values.get("item_kind"):
        if values["item_kind"] not in {k.value for k in ItemKind}:
            raise Refusal(_("Choose a kind of agenda item from the list."), field="item_kind")
        criteria["item_kind"] = values["item_kind"]
    if values.get("organisation_type"):
        if values["organisation_type"] not in {t.value for t in OrganisationType}:
            raise Refusal(_("Choose an organisation type from the list."), field="organisation_type")
        criteria["organisation_type"] = values["organisation_type"]
    answers = values.get("answers") or {}
    if answers:
        criteria["answers"] = {str(k): sorted({str(a) for a in v}) for k, v in answers.items() if v}
    return criteria


@rolls_back_on_refusal
def add_target(programme: Programme, name: str, unit: str, goal: int | None,
               values: dict[str, Any]) -> ProgrammeTarget:
    """A new target of the programme."""
    name = (name or "").strip()
    if not name:
        raise Refusal(_("Please name the target."), field="name")
    if unit not in {u.value for u in TargetUnit}:
        raise Refusal(_("Choose whether the target counts people or organisations."), field="unit")
    if goal is None or goal <= 0:
        raise Refusal(_("The goal must be a positive number."), field="goal")
    target = ProgrammeTarget(programme_id=programme.id, name=name[:200], unit=TargetUnit(unit), goal=goal,
                             criteria=clean_criteria(values), position=len(programme_targets(programme)))
    db.session.add(target)
    db.session.commit()
    return target


@rolls_back_on_refusal
def remove_target(programme: Programme, target_id: int) -> None:
    target = db.session.get(ProgrammeTarget, target_id)
    if target is None or target.programme_id != programme.id:
        raise Refusal(_("This target is not part of the programme."))
    db.session.delete(target)
    db.session.commit()


def describe(criteria: dict[str, Any]) -> list[str]:
    """The criteria in words, for the target list."""
    from eventapp.labels import label

    words = [_("attended")]
    if criteria.get("min_days"):
        words.append(_("at least %(n)s days", n=criteria["min_days"]))
    if criteria.get("min_hours"):
        words.append(_("at least %(n)s hours", n=criteria["min_hours"]))
    if criteria.get("item_kind"):
        words.append(_("attended: %(kind)s", kind=label(ItemKind(criteria["item_kind"]))))
    if criteria.get("organisation_type"):
        words.append(label(OrganisationType(criteria["organisation_type"])))
    for question, accepted in (criteria.get("answers") or {}).items():
        words.append(f"{question}: {', '.join(accepted)}")
    return words
