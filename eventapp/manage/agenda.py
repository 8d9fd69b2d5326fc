"""Building the agenda: items, the people in them, speakers' profiles, and the clash rules.

Two items may not share a room at the same time, and a speaker may not be in two places at
once (across all events: a speaker is one person). Every check runs under row locks (the
event, and the speakers involved) so that two organisers saving at once cannot both pass.
Every change is recorded in the history and marks the item as changed for calendars; changes
people must hear about leave notices for the digest (`notices`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, union
from sqlalchemy.orm import selectinload

from eventapp.agenda.services import touch_item
from eventapp.extensions import db
from eventapp.history.services import apply_changes, record
from eventapp.mail.outbox import deliver_after_commit
from eventapp.manage import notices
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.services import event_room, lock_event
from eventapp.manage.times import on_day
from eventapp.models import (
    Account,
    AgendaItem,
    ChangeRecord,
    Event,
    ItemKind,
    ItemSpeaker,
    ItemStatus,
    Role,
    SignupStatus,
    Speaker,
    WorkshopSignup,
)
from eventapp.registration import services as registration_services
from eventapp.templating import event_time, medium_date

# Changing these fields moves an item; the history calls that "item_moved".
WHERE_AND_WHEN = ("start_dt", "end_dt", "room_id")


def event_item(event: Event, item_id: int) -> AgendaItem | None:
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def manage_agenda(event: Event) -> dict[date, list[AgendaItem]]:
    """Every item, cancelled ones too, per local day, with rooms and people loaded."""
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id)
        .options(selectinload(AgendaItem.room),
                 selectinload(AgendaItem.speaker_roles).selectinload(ItemSpeaker.speaker))
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    )
    days: dict[date, list[AgendaItem]] = {day: [] for day in event.days}
    for item in items:
        days.setdefault(item.start_dt.astimezone(event.tz).date(), []).append(item)
    return dict(sorted(days.items()))


# Clashes


def _when(item: AgendaItem) -> str:
    tz = item.event.tz
    return (f"{medium_date(item.start_dt.astimezone(tz).date())}, "
            f"{event_time(item.start_dt, tz)}–{event_time(item.end_dt, tz)}")


def _overlapping(start: datetime, end: datetime, exclude_id: int | None):
    query = select(AgendaItem).where(
        AgendaItem.status == ItemStatus.SCHEDULED, AgendaItem.start_dt < end, AgendaItem.end_dt > start
    )
    if exclude_id is not None:
        query = query.where(AgendaItem.id != exclude_id)
    return query


def clashes(event: Event, start: datetime, end: datetime, room_id: int | None,
            speaker_ids: list[int], exclude_id: int | None = None) -> list[str]:
    """Messages naming every clash of a planned time and place; empty when there is none."""
    found: list[str] = []
    if room_id is not None:
        for other in db.session.scalars(
            _overlapping(start, end, exclude_id).where(AgendaItem.room_id == room_id)
            .options(selectinload(AgendaItem.room)).order_by(AgendaItem.start_dt)
        ):
            found.append(_("%(room)s is taken at that time by “%(title)s” (%(when)s).",
                           room=other.room.name, title=other.title, when=_when(other)))
    if speaker_ids:
        rows = db.session.execute(
            _overlapping(start, end, exclude_id).add_columns(Speaker)
            .join(ItemSpeaker, ItemSpeaker.item_id == AgendaItem.id)
            .join(Speaker, Speaker.id == ItemSpeaker.speaker_id)
            .where(ItemSpeaker.speaker_id.in_(speaker_ids))
            .order_by(AgendaItem.start_dt)
        )
        for other, speaker in rows:
            where = other.title if other.event_id == event.id else f"{other.title} — {other.event.title}"
            found.append(_("%(name)s is already in “%(title)s” (%(when)s) at that time.",
                           name=speaker.name, title=where, when=_when(other)))
    return found


def _lock_speakers(speaker_ids: list[int]) -> None:
    if speaker_ids:
        db.session.execute(
            select(Speaker.id).where(Speaker.id.in_(sorted(speaker_ids))).order_by(Speaker.id).with_for_update()
        )


def _refuse_clashes(event: Event, values: dict[str, Any], speaker_ids: list[int],
                    exclude_id: int | None) -> None:
    lock_event(event)
    _lock_speakers(speaker_ids)
    found = clashes(event, values["start_dt"], values["end_dt"], values["room_id"], speaker_ids, exclude_id)
    if found:
        raise Refusal(" ".join(found))


# Items


def item_values(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Form data (day, local start and end times, room id …) as the item's own field values."""
    tz = event.tz
    day = data["day"] if isinstance(data["day"], date) else date.fromisoformat(data["day"])
    if day not in event.days:
        raise Refusal(_("Please choose one of the event's days."), field="day")
    start_at, end_at = data["start"], data["end"]
    if not isinstance(start_at, time) or not isinstance(end_at, time):
        raise Refusal(_("Please give the start and end times."), field="start")
    if end_at <= start_at:
        raise Refusal(_("The item must end after it starts."), field="end")
    room_id = int(data["room_id"]) if data.get("room_id") else None
    if room_id is not None and event_room(event, room_id) is None:
        raise Refusal(_("Please choose one of the event's rooms."), field="room_id")
    title = (data.get("title") or "").strip()
    if not title:
        raise Refusal(_("Please give the item a title."), field="title")
    requires_signup = bool(data.get("requires_signup"))
    seat_limit = data.get("seat_limit")
    if seat_limit is not None and not requires_signup:
        raise Refusal(_("A seat limit needs the item's own sign-up."), field="seat_limit")
    if seat_limit is not None and seat_limit < 0:
        raise Refusal(_("The seat limit cannot be negative."), field="seat_limit")
    return {
        "kind": ItemKind(data["kind"]),
        "title": title,
        "abstract": (data.get("abstract") or "").strip(),
        "start_dt": on_day(day, start_at, tz, field="start"),
        "end_dt": on_day(day, end_at, tz, field="end"),
        "room_id": room_id,
        "requires_signup": requires_signup,
        "seat_limit": seat_limit,
    }


def _speaker_ids(item: AgendaItem) -> list[int]:
    return [part.speaker_id for part in item.speaker_roles]


def _confirmed_seats(item: AgendaItem) -> int:
    return db.session.scalar(
        select(func.count(WorkshopSignup.id)).where(WorkshopSignup.item_id == item.id,
                                                   WorkshopSignup.status == SignupStatus.CONFIRMED)
    ) or 0


@rolls_back_on_refusal
def create_item(event: Event, data: dict[str, Any], account: Account) -> AgendaItem:
    """Add an item to the agenda unless its room is taken then."""
    values = item_values(event, data)
    _refuse_clashes(event, values, [], None)
    item = AgendaItem(event_id=event.id, **values)
    db.session.add(item)
    db.session.flush()
    record(event, "item_created", item=item, account=account,
           changes={"title": [None, item.title], "start_dt": [None, item.start_dt.isoformat()]})
    db.session.commit()
    return item


@rolls_back_on_refusal
def update_item(event: Event, item: AgendaItem, data: dict[str, Any], account: Account) -> dict:
    """Change or move an item; a move is checked for clashes of its room and its people."""
    values = item_values(event, data)
    if item.is_cancelled:
        raise Refusal(_("This item is cancelled: restore it before changing it."))
    _refuse_clashes(event, values, _speaker_ids(item), item.id)
    db.session.refresh(item, with_for_update=True)
    if values["seat_limit"] is not None:
        taken = _confirmed_seats(item)
        if values["seat_limit"] < taken:
            raise Refusal(_("%(count)d people already have a seat: the limit cannot be lower.", count=taken),
                          field="seat_limit")
    room_before = item.room.name if item.room else None
    changes = apply_changes(item, values)
    if not changes:
        return {}
    if "room_id" in changes:
        # The history shows room names, not ids.
        db.session.flush()
        db.session.refresh(item, ["room"])
        changes["room"] = [room_before, item.room.name if item.room else None]
        del changes["room_id"]
    moved = any(field in changes for field in ("start_dt", "end_dt", "room"))
    entry = record(event, "item_moved" if moved else "item_changed", item=item, account=account,
                   changes=changes)
    touch_item(item)
    notices.item_changed(event, item, entry)
    if item.requires_signup and "seat_limit" in changes:
        # New seats go to the people waiting for this item, in order (the item row is locked above).
        registration_services.fill_item_from_waitlist(item)
    db.session.commit()
    deliver_after_commit()
    return changes


@rolls_back_on_refusal
def cancel_item(event: Event, item: AgendaItem, account: Account) -> None:
    lock_event(event)
    db.session.refresh(item, with_for_update=True)
    if item.is_cancelled:
        raise Refusal(_("This item is already cancelled."))
    changes = apply_changes(item, {"status": ItemStatus.CANCELLED})
    entry = record(event, "item_cancelled", item=item, account=account, changes=changes)
    touch_item(item)
    notices.item_changed(event, item, entry)
    db.session.commit()


@rolls_back_on_refusal
def restore_item(event: Event, item: AgendaItem, account: Account) -> None:
    """Put a cancelled item back, unless its room or people are taken by now."""
    if not item.is_cancelled:
        raise Refusal(_("This item is not cancelled."))
    values = {"start_dt": item.start_dt, "end_dt": item.end_dt, "room_id": item.room_id}
    _refuse_clashes(event, values, _speaker_ids(item), item.id)
    changes = apply_changes(item, {"status": ItemStatus.SCHEDULED})
    entry = record(event, "item_restored", item=item, account=account, changes=changes)
    touch_item(item)
    notices.item_changed(event, item, entry)
    db.session.commit()


# People in items


def event_part(item: AgendaItem, part_id: int) -> ItemSpeaker | None:
    part = db.session.get(ItemSpeaker, part_id)
    return part if part is not None and part.item_id == item.id else None


@rolls_back_on_refusal
def add_person(event: Event, item: AgendaItem, speaker: Speaker, role: Role, account: Account) -> ItemSpeaker:
    """Add a speaker to an item in a role, last in order, unless they are elsewhere then."""
    if any(part.speaker_id == speaker.id for part in item.speaker_roles):
        raise Refusal(_("%(name)s already takes part in this item.", name=speaker.name), field="speaker_id")
    if not item.is_cancelled:
        values = {"start_dt": item.start_dt, "end_dt": item.end_dt, "room_id": None}
        _refuse_clashes(event, values, [speaker.id], item.id)
    position = max((part.position for part in item.speaker_roles), default=-1) + 1
    part = ItemSpeaker(item=item, speaker=speaker, role=role, position=position)
    db.session.add(part)
    entry = record(event, "person_added", item=item, speaker=speaker, account=account,
                   changes={"speaker": [None, speaker.name], "role": [None, role.value]})
    touch_item(item)
    notices.item_changed(event, item, entry)
    db.session.commit()
    return part


@rolls_back_on_refusal
def change_role(event: Event, item: AgendaItem, part: ItemSpeaker, role: Role, account: Account) -> None:
    changes = apply_changes(part, {"role": role})
    if not changes:
        return
    entry = record(event, "role_changed", item=item, speaker=part.speaker, account=account, changes=changes)
    touch_item(item)
    notices.item_changed(event, item, entry)
    db.session.commit()


@rolls_back_on_refusal
def move_person(event: Event, item: AgendaItem, part: ItemSpeaker, step: int, account: Account) -> None:
    """Move a person one place up (step -1) or down (+1) in the item's order."""
    parts = sorted(item.speaker_roles, key=lambda p: (p.position, p.id))
    index = parts.index(part)
    target = index + step
    if not 0 <= target < len(parts):
        return
    parts[index], parts[target] = parts[target], parts[index]
    for position, each in enumerate(parts):
        each.position = position
    record(event, "people_reordered", item=item, speaker=part.speaker, account=account,
           changes={"order": [None, [p.speaker.name for p in parts]]})
    touch_item(item)
    db.session.commit()


@rolls_back_on_refusal
def remove_person(event: Event, item: AgendaItem, part: ItemSpeaker, account: Account) -> None:
    speaker = part.speaker
    entry = record(event, "person_removed", item=item, speaker=speaker, account=account,
                   changes={"speaker": [speaker.name, None], "role": [part.role.value, None]})
    # The person taken off the item is told too, though no longer among its people.
    notices.item_changed(event, item, entry, extra_speakers=[speaker])
    db.session.delete(part)
    touch_item(item)
    db.session.commit()


# Speakers


SPEAKER_FIELDS = ("name", "organisation", "position", "bio", "email", "phone", "website")


def event_speakers(event: Event) -> list[Speaker]:
    """Speakers in the event's items, and those created for it that have no item yet."""
    in_items = (select(ItemSpeaker.speaker_id).join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
                .where(AgendaItem.event_id == event.id))
    created = select(ChangeRecord.speaker_id).where(ChangeRecord.event_id == event.id,
                                                    ChangeRecord.speaker_id.is_not(None))
    return list(db.session.scalars(
        select(Speaker).where(Speaker.id.in_(union(in_items, created))).order_by(Speaker.name, Speaker.id)
    ))


def event_speaker(event: Event, speaker_id: int) -> Speaker | None:
    """A speaker of this event; None for a speaker who only appears at other events."""
    return next((s for s in event_speakers(event) if s.id == speaker_id), None)


def _speaker_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: (data.get(name) or "").strip() for name in SPEAKER_FIELDS}
    if not values["name"]:
        raise Refusal(_("Please give the speaker's name."), field="name")
    values["email"] = values["email"].lower() or None
    values["phone"] = values["phone"] or None
    values["website"] = values["website"] or None
    return values


@rolls_back_on_refusal
def create_speaker(event: Event, data: dict[str, Any], account: Account) -> Speaker:
    speaker = Speaker(**_speaker_values(data))
    db.session.add(speaker)
    db.session.flush()
    record(event, "speaker_created", speaker=speaker, account=account, changes={"name": [None, speaker.name]})
    db.session.commit()
    return speaker


@rolls_back_on_refusal
def update_speaker(event: Event, speaker: Speaker, data: dict[str, Any], account: Account) -> dict:
    changes = apply_changes(speaker, _speaker_values(data))
    if changes:
        record(event, "speaker_changed", speaker=speaker, account=account, changes=changes)
        db.session.commit()
    return changes
