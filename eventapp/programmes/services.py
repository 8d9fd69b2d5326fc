"""Programmes, their events, logos and team: who may see and change what.

Programme managers see and manage every event of the programme (auth.services.roles_at
counts them as the events' organisers); an event's own organisers see only their events.
Each function that writes commits once; a rule that says no raises `Refusal` first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventapp.auth.services import roles_at
from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.services import SLUG_PATTERN, slugify
from eventapp.models import (
    Account,
    Event,
    EventRoleKind,
    Programme,
    ProgrammeEvent,
    ProgrammeLogo,
    ProgrammeManager,
)

PROGRAMME_FIELDS = ("name", "slug", "funder", "description", "period_start", "period_end",
                    "funding_note", "archive_until")


def get_programme_by_slug(slug: str) -> Programme | None:
    return db.session.scalar(
        select(Programme).where(Programme.slug == slug).options(selectinload(Programme.logos))
    )


def programme_of_event(event: Event) -> Programme | None:
    """The programme an event belongs to, if any (with its logos, shown on the event page)."""
    return db.session.scalar(
        select(Programme).join(ProgrammeEvent).where(ProgrammeEvent.event_id == event.id)
        .options(selectinload(Programme.logos))
    )


def is_manager(account: Account | None, programme: Programme) -> bool:
    """Administrators and the programme's managers."""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if account.is_admin:
        return True
    return db.session.scalar(
        select(ProgrammeManager.id).where(ProgrammeManager.programme_id == programme.id,
                                          ProgrammeManager.account_id == account.id)
    ) is not None


def programme_events(programme: Programme) -> list[Event]:
    """Every event of the programme, first day first."""
    return list(db.session.scalars(
        select(Event).join(ProgrammeEvent, ProgrammeEvent.event_id == Event.id)
        .where(ProgrammeEvent.programme_id == programme.id).order_by(Event.start_date, Event.id)
    ))


def visible_events(account: Account, programme: Programme) -> list[Event]:
    """The programme's events this account may open: all for managers, else those it organises."""
    events = programme_events(programme)
    if is_manager(account, programme):
        return events
    return [e for e in events if EventRoleKind.ORGANISER in roles_at(account, e)]


def may_open(account: Account | None, programme: Programme) -> bool:
    """Managers, and organisers of at least one of its events, may open the programme's back office."""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    return is_manager(account, programme) or bool(visible_events(account, programme))


def programmes_for(account: Account) -> list[Programme]:
    """Programmes the account manages (administrators: all), by name."""
    query = select(Programme).order_by(Programme.name)
    if not account.is_admin:
        query = query.where(Programme.id.in_(
            select(ProgrammeManager.programme_id).where(ProgrammeManager.account_id == account.id)))
    return list(db.session.scalars(query))


def public_events(programme: Programme, today: date) -> tuple[list[Event], list[Event]]:
    """The programme's public events: upcoming (soonest first) and past (latest first)."""
    events = [e for e in programme_events(programme) if e.is_public]
    upcoming = [e for e in events if e.end_date >= today]
    past = sorted((e for e in events if e.end_date < today), key=lambda e: e.start_date, reverse=True)
    return upcoming, past


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {name: values.get(name) for name in PROGRAMME_FIELDS}
    for name in ("name", "slug", "funder", "description", "funding_note"):
        out[name] = (out[name] or "").strip()
    if not out["name"]:
        raise Refusal(_("Please give the programme a name."), field="name")
    out["slug"] = out["slug"] or slugify(out["name"])
    if not SLUG_PATTERN.match(out["slug"]):
        raise Refusal(_("Use lower-case letters, digits and hyphens only."), field="slug")
    if out["period_start"] and out["period_end"] and out["period_end"] < out["period_start"]:
        raise Refusal(_("The period cannot end before it starts."), field="period_end")
    return out


def _slug_taken(slug: str, programme_id: int | None) -> bool:
    query = select(Programme.id).where(Programme.slug == slug)
    if programme_id is not None:
        query = query.where(Programme.id != programme_id)
    return db.session.scalar(query) is not None


@rolls_back_on_refusal
def create_programme(values: dict[str, Any], account: Account) -> Programme:
    """A new programme; its creator becomes its first manager. Administrators only."""
    if not account.is_admin:
        raise Refusal(_("Only an administrator may create a programme."))
    fields = _clean(values)
    if _slug_taken(fields["slug"], None):
        raise Refusal(_("Another programme already uses this address."), field="slug")
    programme = Programme(**fields)
    programme.managers.append(ProgrammeManager(account_id=account.id))
    db.session.add(programme)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal(_("Another programme already uses this address."), field="slug") from None
    return programme


@rolls_back_on_refusal
def update_programme(programme: Programme, values: dict[str, Any]) -> None:
    """Change the programme's name, funder, period, funding note or archive date."""
    fields = _clean(values)
    if _slug_taken(fields["slug"], programme.id):
        raise Refusal(_("Another programme already uses this address."), field="slug")
    for name, value in fields.items():
        setattr(programme, name, value)
    db.session.commit()


@rolls_back_on_refusal
def add_event(programme: Programme, event: Event, account: Account) -> None:
    """Put an event into the programme: the account must manage the programme and organise the event."""
    if not is_manager(account, programme):
        raise Refusal(_("Only the programme's managers may add events to it."))
    if EventRoleKind.ORGANISER not in roles_at(account, event):
        raise Refusal(_("You may add only events you organise."), field="event")
    current = db.session.get(ProgrammeEvent, event.id)
    if current is not None:
        if current.programme_id == programme.id:
            return
        raise Refusal(_("This event already belongs to another programme."), field="event")
    db.session.add(ProgrammeEvent(event_id=event.id, programme_id=programme.id))
    db.session.commit()


@rolls_back_on_refusal
def remove_event(programme: Programme, event: Event) -> None:
    """Take an event out of the programme (its registrations stay with the event)."""
    link = db.session.get(ProgrammeEvent, event.id)
    if link is None or link.programme_id != programme.id:
        raise Refusal(_("This event is not part of the programme."))
    db.session.delete(link)
    db.session.commit()


@rolls_back_on_refusal
def set_event_archive_until(programme: Programme, event: Event, until: date | None) -> None:
    """Keep this event's data until another day than the programme's (None: the programme's date)."""
    link = db.session.get(ProgrammeEvent, event.id)
    if link is None or link.programme_id != programme.id:
        raise Refusal(_("This event is not part of the programme."))
    link.archive_until = until
    db.session.commit()


@rolls_back_on_refusal
def add_manager(programme: Programme, email: str) -> ProgrammeManager:
    """Make an existing account a manager of the programme (idempotent)."""
    account = db.session.scalar(select(Account).where(Account.email == email.strip().lower()))
    if account is None:
        raise Refusal(_("No account uses this email address yet."), field="email")
    existing = db.session.scalar(select(ProgrammeManager).where(
        ProgrammeManager.programme_id == programme.id, ProgrammeManager.account_id == account.id))
    if existing is not None:
        return existing
    manager = ProgrammeManager(programme_id=programme.id, account_id=account.id)
    db.session.add(manager)
    db.session.commit()
    return manager


@rolls_back_on_refusal
def remove_manager(programme: Programme, manager_id: int, account: Account) -> None:
    """Remove a manager; the last one cannot go (someone must be able to manage the programme)."""
    managers = list(db.session.scalars(
        select(ProgrammeManager).where(ProgrammeManager.programme_id == programme.id)))
    manager = next((m for m in managers if m.id == manager_id), None)
    if manager is None:
        raise Refusal(_("This person is not a manager of the programme."))
    if len(managers) == 1:
        raise Refusal(_("A programme needs at least one manager."))
    db.session.delete(manager)
    db.session.commit()


def programme_managers(programme: Programme) -> list[ProgrammeManager]:
    return list(db.session.scalars(
        select(ProgrammeManager).where(ProgrammeManager.programme_id == programme.id)
        .options(selectinload(ProgrammeManager.account)).order_by(ProgrammeManager.id)
    ))


@rolls_back_on_refusal
def add_logo(programme: Programme, name: str, url: str | None, logo_path: str | None = None) -> ProgrammeLogo:
    """A logo shown on the programme's page and on every event of it."""
    name = name.strip()
    if not name:
        raise Refusal(_("Please give the organisation's name."), field="name")
    logo = ProgrammeLogo(programme_id=programme.id, name=name, url=(url or "").strip() or None,
                         logo_path=logo_path, position=len(programme.logos))
    db.session.add(logo)
    db.session.commit()
    return logo


@rolls_back_on_refusal
def remove_logo(programme: Programme, logo_id: int) -> None:
    logo = db.session.get(ProgrammeLogo, logo_id)
    if logo is None or logo.programme_id != programme.id:
        raise Refusal(_("This logo is not part of the programme."))
    db.session.delete(logo)
    db.session.commit()
