"""Events and rooms: creating, editing, publishing, cancelling, finishing.

Each function does its reads and writes and commits once; a rule that says no raises
`Refusal` before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from eventapp.agenda.services import touch_item
from eventapp.auth.services import grant, roles_at
from eventapp.extensions import db
from eventapp.history.services import apply_changes, record
from eventapp.mail.outbox import deliver_after_commit
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.times import to_utc
from eventapp.models import (
    Account,
    AgendaItem,
    Event,
    EventOrganisation,
    EventRole,
    EventRoleKind,
    EventStatus,
    ItemStatus,
    OrganisationPart,
    Room,
    utcnow,
)
from eventapp.registration import services as registration_services
from eventapp.uploads.services import UploadRejected, save_image
from eventapp.uploads.services import delete as delete_upload

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Fields of the event form that hold wall-clock times in the event's zone.
LOCAL_TIME_FIELDS = ("registration_opens_at", "registration_closes_at", "speaker_edit_deadline")
EVENT_FIELDS = (
    "title", "slug", "summary", "description", "timezone", "start_date", "end_date",
    "venue_name", "venue_address", "venue_city", "capacity", *LOCAL_TIME_FIELDS,
    "eu_funded", "funding_note", "speaker_changes_need_approval",
)


def timezone_names() -> list[str]:
    return sorted(name for name in available_timezones() if "/" in name and not name.startswith("Etc/"))


def slugify(text: str) -> str:
    """An ASCII address from a Polish title: 'Forum Ekonomii Społecznej' → 'forum-ekonomii-spolecznej'."""
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def may_create_events(account: Account) -> bool:
    """Administrators, and accounts that already organise an event, may create events."""
    if account.is_admin:
        return True
    return db.session.scalar(
        select(EventRole.id).where(EventRole.account_id == account.id,
                                   EventRole.role == EventRoleKind.ORGANISER).limit(1)
    ) is not None


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The event's own field values from form data: trimmed text, UTC instants, rules checked."""
    out = {name: values[name] for name in EVENT_FIELDS if name in values}
    for name in ("title", "slug", "summary", "description", "venue_name", "venue_address", "venue_city"):
        if name in out:
            out[name] = (out[name] or "").strip()
    out["funding_note"] = (out.get("funding_note") or "").strip() or None
    if not out.get("title"):
        raise Refusal(_("Please give the event a title."), field="title")
    out["slug"] = out.get("slug") or slugify(out["title"])
    if not SLUG_PATTERN.match(out["slug"]):
        raise Refusal(_("Use lower-case letters, digits and hyphens only."), field="slug")
    if out.get("timezone") not in available_timezones():
        raise Refusal(_("Please choose a time zone from the list."), field="timezone")
    tz = ZoneInfo(out["timezone"])
    if out["end_date"] < out["start_date"]:
        raise Refusal(_("The event cannot end before it starts."), field="end_date")
    for name in LOCAL_TIME_FIELDS:
        local = out.get(name)
        out[name] = to_utc(local, tz, field=name) if isinstance(local, datetime) else None
    opens, closes = out["registration_opens_at"], out["registration_closes_at"]
    if opens and closes and closes <= opens:
        raise Refusal(_("Registration must close after it opens."), field="registration_closes_at")
    if out.get("eu_funded") and not out["funding_note"]:
        raise Refusal(_("An EU-funded event must show its funding note (the text required by the funding "
                        "rules)."), field="funding_note")
    return out


def _slug_taken(slug: str, event_id: int | None) -> bool:
    query = select(Event.id).where(Event.slug == slug)
    if event_id is not None:
        query = query.where(Event.id != event_id)
    return db.session.scalar(query) is not None


@rolls_back_on_refusal
def create_event(values: dict[str, Any], account: Account) -> Event:
    """A new draft event; its creator becomes its organiser."""
    if not may_create_events(account):
        raise Refusal(_("Only administrators and organisers may create events."))
    fields = _clean(values)
    if _slug_taken(fields["slug"], None):
        raise Refusal(_("Another event already uses this address."), field="slug")
    event = Event(status=EventStatus.DRAFT, **fields)
    db.session.add(event)
    try:
        db.session.flush()
        grant(account, event, EventRoleKind.ORGANISER)
        record(event, "event_created", account=account, changes={"title": [None, event.title]})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal(_("Another event already uses this address."), field="slug") from None
    return event


def _items_outside(event: Event, start: date, end: date) -> list[AgendaItem]:
    tz = ZoneInfo(event.timezone)
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
    )
    return [i for i in items if not start <= i.start_dt.astimezone(tz).date() <= end]


@rolls_back_on_refusal
def update_event(event: Event, values: dict[str, Any], account: Account) -> dict[str, list]:
    """Change an event's fields; its days may not shrink away from scheduled items."""
    fields = _clean(values)
    if _slug_taken(fields["slug"], event.id):
        raise Refusal(_("Another event already uses this address."), field="slug")
    has_items = db.session.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.event_id == event.id))
    if fields["timezone"] != event.timezone and has_items:
        raise Refusal(_("The time zone cannot change once the agenda has items: their times would shift."),
                      field="timezone")
    outside = _items_outside(event, fields["start_date"], fields["end_date"])
    if outside:
        raise Refusal(_("“%(title)s” is scheduled outside the new dates: move or cancel it first.",
                        title=outside[0].title), field="start_date")
    if fields.get("capacity") != event.capacity:
        # Counting seats and promoting needs the event row locked, like every sign-up.
        registration_services.lock_event_row(event)
    changes = apply_changes(event, fields)
    if changes:
        record(event, "event_changed", account=account, changes=changes)
    if "capacity" in changes:
        # A raised capacity goes to the people waiting, in order, before any newcomer.
        registration_services.promote_from_waitlist(event)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal(_("Another event already uses this address."), field="slug") from None
    deliver_after_commit()
    return changes


def lock_event(event: Event) -> None:
    """Re-read the event under a row lock: two organisers' clicks cannot both pass the checks."""
    db.session.refresh(event, with_for_update=True)


def _set_status(event: Event, status: EventStatus, account: Account, action: str,
                extra: dict[str, list] | None = None) -> None:
    changes = apply_changes(event, {"status": status})
    record(event, action, account=account, changes={**changes, **(extra or {})})
    db.session.commit()


@rolls_back_on_refusal
def publish_event(event: Event, account: Account) -> None:
    """Make a draft public: it needs a title and at least one day."""
    lock_event(event)
    if event.status != EventStatus.DRAFT:
        raise Refusal(_("Only a draft can be published."))
    if not event.title.strip() or not event.start_date or not event.end_date:
        raise Refusal(_("An event needs a title and at least one day before it is published."))
    if event.eu_funded and not (event.funding_note or "").strip():
        raise Refusal(_("An EU-funded event must show its funding note (the text required by the funding "
                        "rules)."))
    _set_status(event, EventStatus.PUBLISHED, account, "event_published")


# The longest message an organiser may send with a cancellation (the form says the same).
CANCEL_MESSAGE_MAX = 2000


@rolls_back_on_refusal
def cancel_event(event: Event, account: Account, message: str | None = None) -> int:
    """Call off a draft or published event; its page stays up and says so.

    In the same transaction everyone still registered (confirmed or waiting) gets an email in
    their language, with the organiser's message if given. Returns how many were told.
    """
    message = (message or "").strip()
    if len(message) > CANCEL_MESSAGE_MAX:
        raise Refusal(_("The message may have at most %(max)d characters.", max=CANCEL_MESSAGE_MAX),
                      field="message")
    lock_event(event)
    if not event.can_be_cancelled:
        raise Refusal(_("Only a draft or published event can be cancelled."))
    told = registration_services.tell_event_cancelled(event, message or None)
    # Every calendar entry of the event now says CANCELLED: as for one cancelled item, clients
    # replace the copy they hold only when SEQUENCE (and LAST-MODIFIED) rise.
    for item in event.agenda_items:
        touch_item(item)
    extra = {"notified": [None, told]}
    if message:
        extra["cancellation_message"] = [None, message]
    _set_status(event, EventStatus.CANCELLED, account, "event_cancelled", extra)
    deliver_after_commit()
    return told


@rolls_back_on_refusal
def finish_event(event: Event, account: Account, today: date | None = None) -> None:
    """Mark a published event as over, once its first day has come."""
    lock_event(event)
    if event.status != EventStatus.PUBLISHED:
        raise Refusal(_("Only a published event can be marked as finished."))
    today = today or utcnow().astimezone(event.tz).date()
    if today < event.start_date:
        raise Refusal(_("The event has not started yet."))
    _set_status(event, EventStatus.FINISHED, account, "event_finished")


def organiser_events(account: Account) -> list[Event]:
    from eventapp.auth.services import events_for

    return events_for(account, EventRoleKind.ORGANISER)


def is_organiser(account: Account, event: Event) -> bool:
    return EventRoleKind.ORGANISER in roles_at(account, event)


# Rooms


def _room_values(name: str, capacity: int | None) -> dict[str, Any]:
    name = (name or "").strip()
    if not name:
        raise Refusal(_("Please name the room."), field="name")
    if capacity is not None and capacity < 0:
        raise Refusal(_("The capacity cannot be negative."), field="capacity")
    return {"name": name, "capacity": capacity}


def _room_name_taken(event: Event, name: str, room_id: int | None) -> bool:
    query = select(Room.id).where(Room.event_id == event.id, func.lower(Room.name) == name.lower())
    if room_id is not None:
        query = query.where(Room.id != room_id)
    return db.session.scalar(query) is not None


def event_room(event: Event, room_id: int) -> Room | None:
    room = db.session.get(Room, room_id)
    return room if room is not None and room.event_id == event.id else None


@rolls_back_on_refusal
def add_room(event: Event, name: str, capacity: int | None, account: Account) -> Room:
    values = _room_values(name, capacity)
    if _room_name_taken(event, values["name"], None):
        raise Refusal(_("This event already has a room with this name."), field="name")
    position = db.session.scalar(select(func.coalesce(func.max(Room.position), -1)).where(Room.event_id == event.id))
    room = Room(event_id=event.id, position=position + 1, **values)
    db.session.add(room)
    record(event, "room_added", account=account, changes={"name": [None, room.name]})
    db.session.commit()
    return room


@rolls_back_on_refusal
def update_room(event: Event, room: Room, name: str, capacity: int | None, account: Account) -> dict:
    values = _room_values(name, capacity)
    if _room_name_taken(event, values["name"], room.id):
        raise Refusal(_("This event already has a room with this name."), field="name")
    changes = apply_changes(room, values)
    if changes:
        record(event, "room_changed", account=account, changes=changes)
    db.session.commit()
    return changes


@rolls_back_on_refusal
def remove_room(event: Event, room: Room, account: Account) -> None:
    """Remove a room no scheduled item uses."""
    used = db.session.scalar(
        select(AgendaItem.title).where(AgendaItem.room_id == room.id, AgendaItem.status == ItemStatus.SCHEDULED)
        .limit(1)
    )
    if used:
        raise Refusal(_("“%(title)s” takes place in this room: move it first.", title=used))
    record(event, "room_removed", account=account, changes={"name": [room.name, None]})
    db.session.delete(room)
    db.session.commit()


# Organisations behind the event


def event_organisation(event: Event, organisation_id: int) -> EventOrganisation | None:
    found = db.session.get(EventOrganisation, organisation_id)
    return found if found is not None and found.event_id == event.id else None


def _organisation_values(data: dict[str, Any]) -> dict[str, Any]:
    name = (data.get("name") or "").strip()
    if not name:
        raise Refusal(_("Please give the organisation's name."), field="name")
    url = (data.get("url") or "").strip() or None
    if url is not None and not url.startswith(("https://", "http://")):
        raise Refusal(_("Please enter a full web address (https://…)."), field="url")
    return {"name": name, "part": OrganisationPart(data["part"]), "url": url}


def _store_logo(logo: FileStorage | None) -> str | None:
    """Save an uploaded logo (checked by content, resized); None when no file was chosen."""
    if logo is None or not logo.filename:
        return None
    try:
        return save_image(logo, kind="logos", max_side=400)
    except UploadRejected as rejected:
        raise Refusal(str(rejected), field="logo") from None


@rolls_back_on_refusal
def add_organisation(event: Event, data: dict[str, Any], logo: FileStorage | None,
                     account: Account) -> EventOrganisation:
    """An organisation with its part (organiser, partner, funder …) and optional logo, last in order."""
    values = _organisation_values(data)
    values["logo_path"] = _store_logo(logo)
    position = db.session.scalar(
        select(func.coalesce(func.max(EventOrganisation.position), -1)).where(EventOrganisation.event_id == event.id)
    )
    organisation = EventOrganisation(event_id=event.id, position=position + 1, **values)
    db.session.add(organisation)
    record(event, "organisation_added", account=account,
           changes={"name": [None, organisation.name], "part": [None, organisation.part.value]})
    db.session.commit()
    return organisation


@rolls_back_on_refusal
def update_organisation(event: Event, organisation: EventOrganisation, data: dict[str, Any],
                        logo: FileStorage | None, account: Account, *, remove_logo: bool = False) -> dict:
    values = _organisation_values(data)
    new_logo = _store_logo(logo)
    old_logo = organisation.logo_path
    if new_logo is not None:
        values["logo_path"] = new_logo
    elif remove_logo:
        values["logo_path"] = None
    changes = apply_changes(organisation, values)
    if changes:
        if "logo_path" in changes:
            changes["logo_path"] = [bool(changes["logo_path"][0]), bool(changes["logo_path"][1])]
        record(event, "organisation_changed", account=account,
               changes={"name": [organisation.name, organisation.name], **changes}
               if "name" not in changes else changes)
    db.session.commit()
    if old_logo and organisation.logo_path != old_logo:
        delete_upload(old_logo)
    return changes


@rolls_back_on_refusal
def move_organisation(event: Event, organisation: EventOrganisation, step: int, account: Account) -> None:
    """One place up (-1) or down (+1) among the event's organisations."""
    ordered = sorted(event.organisations, key=lambda o: (o.position, o.id))
    index = ordered.index(organisation)
    if not 0 <= index + step < len(ordered):
        return
    ordered[index], ordered[index + step] = ordered[index + step], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    db.session.commit()


@rolls_back_on_refusal
def remove_organisation(event: Event, organisation: EventOrganisation, account: Account) -> None:
    logo = organisation.logo_path
    record(event, "organisation_removed", account=account,
           changes={"name": [organisation.name, None], "part": [organisation.part.value, None]})
    db.session.delete(organisation)
    db.session.commit()
    delete_upload(logo)


@rolls_back_on_refusal
def set_funding_note(event: Event, eu_funded: bool, note: str, account: Account) -> dict:
    """The funding note shown on the event page and certificates; EU funding needs one."""
    note = (note or "").strip() or None
    if eu_funded and not note:
        raise Refusal(_("An EU-funded event must show its funding note (the text required by the funding "
                        "rules)."), field="funding_note")
    changes = apply_changes(event, {"eu_funded": eu_funded, "funding_note": note})
    if changes:
        record(event, "funding_note_changed", account=account, changes=changes)
    db.session.commit()
    return changes
