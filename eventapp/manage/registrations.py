"""Organisers' view of the registrations: search, filters, pages, one registration, CSV.

Reading only: every change of a registration goes through `eventapp.registration.services`,
which owns the seat and waiting-list rules.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.ids import parse_id
from eventapp.labels import label
from eventapp.models import (
    AgendaItem,
    Event,
    OrganisationType,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.questions.answers import answer_cell, answer_table, answered_clause
from eventapp.spreadsheets import defused

PAGE_SIZE = 50


@dataclass
class RegistrationFilter:
    """Who an organiser is looking at: also the audience of a mailing."""

    q: str = ""
    status: RegistrationStatus | None = None
    organisation_type: OrganisationType | None = None
    item_id: int | None = None
    answer: str = ""  # "<question id>:<option key>": who gave that answer to the event's own question

    @classmethod
    def from_args(cls, args) -> RegistrationFilter:
        """From query-string or form values; unknown values are ignored rather than refused."""
        def pick(enum_cls, value):
            try:
                return enum_cls(value) if value else None
            except ValueError:
                return None
        item = str(args.get("item_id") or "")
        return cls(q=(args.get("q") or "").strip()[:100], status=pick(RegistrationStatus, args.get("status")),
                   organisation_type=pick(OrganisationType, args.get("organisation_type")),
                   item_id=parse_id(item), answer=str(args.get("answer") or "")[:80])

    def as_dict(self) -> dict:
        return {k: v for k, v in {"q": self.q, "status": self.status.value if self.status else None,
                                  "organisation_type": self.organisation_type.value if self.organisation_type
                                  else None, "item_id": self.item_id, "answer": self.answer}.items() if v}


@dataclass
class RegistrationPage:
    rows: list[Registration]
    total: int
    page: int
    pages: int
    filters: RegistrationFilter = field(default_factory=RegistrationFilter)


def filtered(event: Event, filters: RegistrationFilter) -> Select:
    query = select(Registration).where(Registration.event_id == event.id)
    if filters.status is not None:
        query = query.where(Registration.status == filters.status)
    if filters.organisation_type is not None:
        query = query.where(Registration.organisation_type == filters.organisation_type)
    if filters.item_id is not None:
        query = query.where(Registration.id.in_(
            select(WorkshopSignup.registration_id).where(
                WorkshopSignup.item_id == filters.item_id, WorkshopSignup.status != SignupStatus.CANCELLED)
        ))
    if filters.answer:
        answered = answered_clause(event.id, filters.answer)
        query = query.where(Registration.id.in_(answered)) if answered is not None else query
    if filters.q:
        escaped = filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        query = query.where(or_(*(func.lower(column).like(like, escape="\\") for column in (
            Registration.first_name, Registration.last_name, Registration.email, Registration.organisation,
            Registration.first_name + " " + Registration.last_name))))
    return query


def _ordered(query: Select) -> Select:
    return query.order_by(Registration.last_name, Registration.first_name, Registration.id)


def search(event: Event, filters: RegistrationFilter, page: int = 1) -> RegistrationPage:
    """One page of matching registrations in two queries (count, rows), whatever the page size."""
    total = db.session.scalar(select(func.count()).select_from(filtered(event, filters).subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = list(db.session.scalars(_ordered(filtered(event, filters)).limit(PAGE_SIZE)
                                   .offset((page - 1) * PAGE_SIZE)))
    return RegistrationPage(rows, total, page, pages, filters)


def signup_items(event: Event) -> list[AgendaItem]:
    """Items with their own sign-up: the workshop filter's choices."""
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id, AgendaItem.requires_signup.is_(True))
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    ))


def event_registration(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.scalar(
        select(Registration).where(Registration.id == registration_id, Registration.event_id == event.id)
        .options(selectinload(Registration.workshop_signups).selectinload(WorkshopSignup.item),
                 selectinload(Registration.consents))
    )
    return registration


def registrations_csv(event: Event, filters: RegistrationFilter, headings: list[str], delimiter: str = ";") -> bytes:
    """The filtered list as CSV in UTF-8 with a byte-order mark (Excel then reads Polish letters),
    semicolon-separated by default (see `eventapp.csvfiles`), every cell that a spreadsheet would
    take for a formula defused."""
    rows = db.session.scalars(
        _ordered(filtered(event, filters))
        .options(selectinload(Registration.workshop_signups).selectinload(WorkshopSignup.item))
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    questions, answers = answer_table(event)  # one column per sign-up question
    writer.writerow([*headings, *(q.label_pl for q in questions)])
    tz = event.tz
    for r in rows:
        workshops = "; ".join(s.item.title for s in r.workshop_signups if s.status != SignupStatus.CANCELLED)
        created: datetime = r.created_at.astimezone(tz)
        given = answers.get(r.id, {})
        writer.writerow([defused(v) for v in (
            r.last_name, r.first_name, r.email, r.organisation, label(r.organisation_type), r.position,
            r.phone, label(r.status), r.waitlist_position, created.strftime("%Y-%m-%d %H:%M"), workshops,
            *(answer_cell(q, given.get(q.id), r.source.value, "pl") for q in questions),
        )])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
