"""The next edition: a draft copy of an event on new dates.

Copied: the event's settings, rooms, the agenda (each item on the same day of the event
and at the same wall-clock time in the event's zone, so a copy across a change to or from
summer time keeps 9:00 at 9:00), speakers with their roles, organisations with their logos
(the files copied too), the programme. Never copied: registrations, check-ins, workshop
seats, mailings, history.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventapp.auth.services import grant
from eventapp.extensions import db
from eventapp.history.services import record
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.services import SLUG_PATTERN, slugify
from eventapp.models import (
    Account,
    AgendaItem,
    Event,
    EventOrganisation,
    EventRoleKind,
    EventStatus,
    ItemSpeaker,
    ItemStatus,
    ProgrammeEvent,
    Room,
)
from eventapp.uploads.services import upload_root

COPIED_FIELDS = ("summary", "description", "timezone", "venue_name", "venue_address", "venue_city", "capacity",
                 "eu_funded", "funding_note", "speaker_changes_need_approval")
SHIFTED_INSTANTS = ("registration_opens_at", "registration_closes_at", "speaker_edit_deadline")


def shift(instant: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same wall-clock time `days` later in the zone (not 24-hour periods: DST moves the offset)."""
    local = instant.astimezone(zone)
    moved = datetime.combine(local.date() + timedelta(days=days), local.time(), tzinfo=zone)
    return moved


def _copy_logo(path: str | None) -> str | None:
    """A copy of a stored logo under a new name, so removing one event's logo leaves the other's."""
    if not path:
        return None
    source = upload_root() / path
    if not source.is_file():
        return None
    folder = PurePosixPath(path).parent
    name = f"{folder}/{secrets.token_urlsafe(18)}{PurePosixPath(path).suffix}"
    shutil.copyfile(source, upload_root() / name)
    return name


@rolls_back_on_refusal
def copy_event(event: Event, start_date: date | None, account: Account, *, title: str = "",
               slug: str = "") -> Event:
    """A draft of the next edition starting on `start_date`; the account becomes its organiser."""
    if start_date is None:
        raise Refusal(_("Please give the first day."), field="start_date")
    title = (title or "").strip() or event.title
    slug = (slug or "").strip() or slugify(f"{title} {start_date.year}")
    if not SLUG_PATTERN.match(slug):
        raise Refusal(_("Use lower-case letters, digits and hyphens only."), field="slug")
    if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise Refusal(_("Another event already uses this address."), field="slug")
    days = (start_date - event.start_date).days
    zone = event.tz
    copy = Event(slug=slug, title=title[:200], status=EventStatus.DRAFT, start_date=start_date,
                 end_date=event.end_date + timedelta(days=days),
                 **{name: getattr(event, name) for name in COPIED_FIELDS})
    for name in SHIFTED_INSTANTS:
        value = getattr(event, name)
        setattr(copy, name, shift(value, days, zone) if value else None)
    rooms = {}
    for room in event.rooms:
        rooms[room.id] = Room(name=room.name, capacity=room.capacity, position=room.position)
        copy.rooms.append(rooms[room.id])
    for organisation in event.organisations:
        copy.organisations.append(EventOrganisation(
            name=organisation.name, part=organisation.part, url=organisation.url,
            logo_path=_copy_logo(organisation.logo_path), position=organisation.position))
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
        .options(selectinload(AgendaItem.speaker_roles)).order_by(AgendaItem.start_dt, AgendaItem.id)
    )
    for item in items:
        new_item = AgendaItem(
            kind=item.kind, title=item.title, abstract=item.abstract, start_dt=shift(item.start_dt, days, zone),
            end_dt=shift(item.end_dt, days, zone), seat_limit=item.seat_limit,
            requires_signup=item.requires_signup, room=rooms.get(item.room_id))
        for part in item.speaker_roles:
            new_item.speaker_roles.append(ItemSpeaker(speaker_id=part.speaker_id, role=part.role,
                                                      position=part.position))
        copy.agenda_items.append(new_item)
    db.session.add(copy)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refusal(_("Another event already uses this address."), field="slug") from None
    grant(account, copy, EventRoleKind.ORGANISER)
    link = db.session.get(ProgrammeEvent, event.id)
    if link is not None:
        db.session.add(ProgrammeEvent(event_id=copy.id, programme_id=link.programme_id))
    record(copy, "event_created", account=account)
    db.session.commit()
    return copy
