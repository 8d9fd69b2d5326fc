"""Check-in at the door: scans, undo, search, counts, the offline list and queued uploads.

A *door* is where a station checks people in: an event's day, or one agenda item (a
workshop) of it. Every scan carries an id made by the station; the unique index on
`checkins.scan_id` makes a retried request return the first answer instead of counting
twice, and the partial unique indexes (one live check-in per registration per day and per
item) make two stations scanning one badge at the same moment record one check-in: the
second insert fails, and the loser answers "already checked in" with the winner's row.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, make_transient_to_detached, selectinload

from eventapp import database
from eventapp.auth.services import may
from eventapp.extensions import db
from eventapp.models import (
    Account,
    AgendaItem,
    CheckIn,
    CheckInConflict,
    CheckInSource,
    ConflictKind,
    Event,
    EventRoleKind,
    ItemStatus,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
    utcnow,
)
from eventapp.registration.services import RegistrationDetails, register_walk_in
from eventapp.reports.collation import polish_key
from eventapp.tokens import looks_like_token

# A scan time this far ahead of the server's clock is a wrong station clock, not the future.
CLOCK_SKEW = timedelta(minutes=5)
# A row written by a transaction that commits after a sync began is still picked up by the
# next sync when cursors overlap by this much (the station merges rows by id).
CURSOR_OVERLAP = timedelta(seconds=30)
SEARCH_LIMIT = 20
# People come to a workshop's door a little before it starts; earlier than this is worth a warning.
EARLY_MARGIN = timedelta(hours=1)


class Outcome(enum.StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY = "already"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    NOT_SIGNED_UP = "not_signed_up_for_item"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"
    # Only in batch uploads: the scan named a day or item that is not part of this event.
    INVALID = "invalid"


_CONFLICT_FOR = {
    Outcome.ALREADY: ConflictKind.DUPLICATE,
    Outcome.CANCELLED: ConflictKind.CANCELLED,
    Outcome.WAITLISTED: ConflictKind.WAITLISTED,
    Outcome.NOT_SIGNED_UP: ConflictKind.NOT_SIGNED_UP,
    Outcome.OTHER_EVENT: ConflictKind.OTHER_EVENT,
    Outcome.UNKNOWN: ConflictKind.UNKNOWN,
}
_OUTCOME_FOR = {kind: outcome for outcome, kind in _CONFLICT_FOR.items()}


class DoorError(ValueError):
    """The day or agenda item does not belong to the event (or the item is cancelled)."""


class ScanIdReused(ValueError):
    """A scan id already recorded for a different door or person: a station bug, never a retry."""


@dataclass(frozen=True)
class Door:
    """Where people are checked in: one day of an event, or one of its agenda items."""

    event: Event
    day: date
    item: AgendaItem | None = None

    @property
    def item_id(self) -> int | None:
        return self.item.id if self.item else None

    @property
    def needs_signup(self) -> bool:
        return bool(self.item and self.item.requires_signup)


@dataclass
class ScanResult:
    outcome: Outcome
    scan_id: str
    registration: Registration | None = None
    # The new check-in (checked_in) or the one that was there first (already).
    checkin: CheckIn | None = None
    # True when this scan id had been recorded before: the same answer, counted once.
    replayed: bool = False
    conflict: CheckInConflict | None = None


@dataclass(frozen=True)
class QueuedScan:
    """A scan a station recorded while offline, uploaded later with its original time."""

    scan_id: str
    day: date
    scanned_at: datetime
    code: str | None = None
    registration_id: int | None = None
    item_id: int | None = None
    source: CheckInSource = CheckInSource.OFFLINE


@dataclass(frozen=True)
class Counts:
    checked_in: int
    expected: int


@dataclass(frozen=True)
class Attendee:
    """One person as the station sees them at a door."""

    registration_id: int
    code_hash: str
    first_name: str
    last_name: str
    organisation: str
    email: str
    # confirmed, waitlisted, cancelled, or not_signed_up_for_item at a workshop door.
    state: str
    checkin_id: int | None
    checked_in_at: datetime | None
    checked_in_by: str | None


@dataclass
class AttendeeList:
    cursor: datetime
    full: bool
    people: list[Attendee] = field(default_factory=list)


# --- doors -------------------------------------------------------------------------------


def item_day(event: Event, item: AgendaItem) -> date:
    """The event-local date an agenda item starts on."""
    return item.start_dt.astimezone(event.tz).date()


def door_for(event: Event, day: date | None, item_id: int | None = None) -> Door:
    """The door for a day of the event, or for one of its items (its day is the item's)."""
    if item_id is not None:
        item = db.session.scalar(
            select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.event_id == event.id)
        )
        if item is None or item.status == ItemStatus.CANCELLED:
            raise DoorError("no such agenda item at this event")
        start = item_day(event, item)
        if day is not None and day != start:
            raise DoorError("the item is on another day")
        return Door(event, start, item)
    if day is None or day not in event.days:
        raise DoorError("the day is not one of the event's days")
    return Door(event, day)


def default_day(event: Event, today: date) -> date:
    """Today when the event is on, else its first day."""
    return today if today in event.days else event.start_date


def opens_later(door: Door, now: datetime) -> bool:
    """True when a scan now is early: the door's day is still to come, or its workshop starts
    more than EARLY_MARGIN from now. Staff are warned, never stopped (a test day, a clock)."""
    if door.item is not None:
        return now < door.item.start_dt - EARLY_MARGIN
    return now.astimezone(door.event.tz).date() < door.day


def station_order(events: list[Event], now: datetime) -> list[tuple[Event, bool]]:
    """A staff member's events for the station list, each with whether it is on today (in its
    own zone): today's first, then those to come (soonest first), then past ones (latest first)."""

    def key(event: Event):
        today = now.astimezone(event.tz).date()
        if today in event.days:
            return (0, event.start_date.toordinal(), event.id)
        if event.start_date > today:
            return (1, event.start_date.toordinal(), event.id)
        return (2, -event.end_date.toordinal(), event.id)

    return [(event, key(event)[0] == 0) for event in sorted(events, key=key)]


def door_items(event: Event) -> list[AgendaItem]:
    """The scheduled items a station may check people into, in order."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
            .order_by(AgendaItem.start_dt, AgendaItem.id)
        )
    )


# --- scanning ----------------------------------------------------------------------------


def _live_at(at_item: bool):
    """A live (not undone) check-in at a door: the day's (bound as `day`) or an item's (`item_id`)."""
    if at_item:
        door = CheckIn.item_id == sa.bindparam("item_id")
    else:
        door = CheckIn.item_id.is_(None) & (CheckIn.day == sa.bindparam("day"))
    return CheckIn.undone_at.is_(None) & door


def _door_params(door: Door) -> dict:
    return {"item_id": door.item.id} if door.item is not None else {"day": door.day}


def _live_checkin(door: Door, registration_id: int) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(CheckIn.registration_id == registration_id, _live_at(door.item is not None))
        .options(selectinload(CheckIn.staff)),
        _door_params(door),
    )


def _by_scan_id(scan_id: str) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(CheckIn.scan_id == scan_id).options(selectinload(CheckIn.registration))
    )


def _replay(door: Door, checkin: CheckIn) -> ScanResult:
    if checkin.event_id != door.event.id or checkin.day != door.day or checkin.item_id != door.item_id:
        raise ScanIdReused(checkin.scan_id)
    return ScanResult(Outcome.CHECKED_IN, checkin.scan_id, checkin.registration, checkin, replayed=True)


@dataclass
class _Found:
    """What one scan needs to know, read in one statement."""

    registration: Registration | None = None
    # The check-in recorded under this scan id (a retry), and the person's live one at the door.
    earlier: CheckIn | None = None
    live: CheckIn | None = None
    # The person's seat in the door's workshop (doors that need a sign-up only).
    seat: SignupStatus | None = None


@functools.cache
def _lookup_statement(by_code: bool, at_item: bool, with_seat: bool) -> sa.Select:
    """The statement behind `_look_up`, built once per shape; each scan only binds values.

    The retry (this scan id) and the live check-in at the door are two outer joins, not one
    join on `scan_id = … OR live at the door`: each condition then matches one unique index
    (`scan_id`; the partial `(registration_id, day)` or `(registration_id, item_id)`), and
    PostgreSQL never falls back to scanning the door's or the whole table's check-ins.
    """
    if by_code:
        person = Registration.badge_code == sa.bindparam("code")
    else:
        person = Registration.id == sa.bindparam("registration_id")
    earlier = aliased(CheckIn, name="earlier")
    live = aliased(CheckIn, name="live")
    if at_item:
        at_door = (live.item_id == sa.bindparam("item_id"))
    else:
        at_door = live.item_id.is_(None) & (live.day == sa.bindparam("day"))
    query = (
        select(Registration, earlier, live)
        .outerjoin(earlier, (earlier.scan_id == sa.bindparam("scan_id"))
                   & (earlier.registration_id == Registration.id))
        .outerjoin(live, (live.registration_id == Registration.id) & live.undone_at.is_(None) & at_door)
        .where(person)
    )
    if with_seat:
        query = query.add_columns(WorkshopSignup.status).outerjoin(
            WorkshopSignup, (WorkshopSignup.registration_id == Registration.id)
            & (WorkshopSignup.item_id == sa.bindparam("item_id")))
    return query


def _look_up(door: Door, scan_id: str, code: str | None, registration_id: int | None) -> _Found:
    """The person behind a badge code (or a registration id from search), a retry of this scan,
    their live check-in at the door and their workshop seat: one statement, as every scan at a
    busy door passes here."""
    params = {"scan_id": scan_id, **_door_params(door)}
    if code is not None:
        if not looks_like_token(code):
            return _Found()
        params["code"] = code
    elif registration_id:
        params["registration_id"] = registration_id
    else:
        return _Found()
    statement = _lookup_statement(code is not None, door.item is not None, door.needs_signup)
    row = db.session.execute(statement, params).first()
    if row is None:
        return _Found()
    return _Found(registration=row[0], earlier=row[1], live=row[2],
                  seat=row[3] if door.needs_signup else None)


def _refusal(door: Door, found: _Found) -> Outcome | None:
    """Why this person may not be checked in at this door, or None when they may."""
    registration = found.registration
    if registration is None:
        return Outcome.UNKNOWN
    if registration.event_id != door.event.id:
        return Outcome.OTHER_EVENT
    if registration.status == RegistrationStatus.CANCELLED:
        return Outcome.CANCELLED
    if registration.status == RegistrationStatus.WAITLISTED:
        return Outcome.WAITLISTED
    if door.needs_signup and found.seat != SignupStatus.CONFIRMED:
        return Outcome.NOT_SIGNED_UP
    return None


def _scan(door: Door, *, scan_id: str, staff: Account | None, code: str | None,
          registration_id: int | None, scanned_at: datetime | None, station: str | None,
          source: CheckInSource, savepoint: bool = True) -> ScanResult:
    found = _look_up(door, scan_id, code.strip() if code is not None else None, registration_id)
    registration = found.registration
    if registration is None or registration.event_id != door.event.id:
        # Ids are not secrets: never say where another event's registration id leads.
        if registration is not None and code is None:
            registration = None
        earlier = _by_scan_id(scan_id)
        if earlier is not None:
            return _replay(door, earlier)
        outcome = Outcome.UNKNOWN if registration is None else Outcome.OTHER_EVENT
        return ScanResult(outcome, scan_id)
    if found.earlier is not None:
        return _replay(door, found.earlier)
    refusal = _refusal(door, found)
    if refusal is not None:
        return ScanResult(refusal, scan_id, registration)
    if found.live is not None:
        return ScanResult(Outcome.ALREADY, scan_id, registration, found.live)

    now = utcnow()
    if scanned_at is None or scanned_at > now + CLOCK_SKEW:
        scanned_at = now
    values = dict(
        event_id=door.event.id, registration_id=registration.id, day=door.day, item_id=door.item_id,
        scanned_at=scanned_at, recorded_at=now, scan_id=scan_id, station=station, source=source,
        staff_id=staff.id if staff else None, undone_at=None, undone_by_id=None,
    )
    # Until here a scan only read: a re-scan, a refusal or a retry takes no write lock.
    database.start_writing(db.session())
    try:
        if savepoint:
            with db.session.begin_nested():
                checkin = _insert_checkin(values)
        else:
            # A single scan is the transaction's only write: a failed insert rolls it all back,
            # which spares the savepoint's round trip on every scan.
            checkin = _insert_checkin(values)
    except IntegrityError:
        # Another request won the race: the same scan retried, or another station.
        if not savepoint:
            db.session.rollback()
        earlier = _by_scan_id(scan_id)
        if earlier is not None:
            return _replay(door, earlier)
        live = _live_checkin(door, registration.id)
        if live is None:
            raise
        return ScanResult(Outcome.ALREADY, scan_id, registration, live)
    return ScanResult(Outcome.CHECKED_IN, scan_id, registration, checkin)


def _insert_checkin(values: dict) -> CheckIn:
    """Insert a check-in with one statement and add it to the session as if it had been loaded.

    The unit of work's flush costs a scan more than its SQL does; the row is complete, so
    reading it back (and the station's answer) needs no further statement.
    """
    table = CheckIn.__table__
    new_id = db.session.execute(sa.insert(table).returning(table.c.id), values).scalar_one()
    checkin = CheckIn(id=new_id, **values)
    make_transient_to_detached(checkin)
    db.session.add(checkin)
    return checkin


def check_in(door: Door, *, scan_id: str, staff: Account | None, code: str | None = None,
             registration_id: int | None = None, scanned_at: datetime | None = None,
             station: str | None = None, source: CheckInSource = CheckInSource.SCANNER) -> ScanResult:
    """Check a badge code (or a registration found by search) in at a door; idempotent per scan id."""
    result = _scan(door, scan_id=scan_id, staff=staff, code=code, registration_id=registration_id,
                   scanned_at=scanned_at, station=station, source=source, savepoint=False)
    _commit_keeping_loaded()
    return result


def _commit_keeping_loaded() -> None:
    """Commit without expiring what was just read and written.

    The answer to a scan shows the rows this transaction read or wrote itself; reloading the
    person, the check-in and the event after the commit would double the statements per scan.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def undo(event: Event, checkin_id: int, staff: Account | None) -> CheckIn | None:
    """Undo a mistaken check-in; the row stays in the history. None if not at this event."""
    query = select(CheckIn).where(CheckIn.id == checkin_id, CheckIn.event_id == event.id)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    checkin = db.session.scalar(query)
    if checkin is None:
        db.session.rollback()
        return None
    if checkin.undone_at is None:
        checkin.undone_at = utcnow()
        checkin.undone_by_id = staff.id if staff else None
    db.session.commit()
    return checkin


# --- offline uploads ---------------------------------------------------------------------


def _conflict_result(door: Door, conflict: CheckInConflict) -> ScanResult:
    if conflict.event_id != door.event.id or conflict.day != door.day or conflict.item_id != door.item_id:
        raise ScanIdReused(conflict.scan_id)
    return ScanResult(_OUTCOME_FOR[conflict.kind], conflict.scan_id, conflict.registration,
                      conflict.existing_checkin, replayed=True, conflict=conflict)


def _upload_one(door: Door, scan: QueuedScan, staff: Account | None, station: str | None) -> ScanResult:
    earlier = db.session.scalar(select(CheckInConflict).where(CheckInConflict.scan_id == scan.scan_id))
    if earlier is not None:
        return _conflict_result(door, earlier)
    result = _scan(door, scan_id=scan.scan_id, staff=staff, code=scan.code,
                   registration_id=scan.registration_id, scanned_at=scan.scanned_at,
                   station=station, source=scan.source)
    if result.outcome == Outcome.CHECKED_IN:
        return result
    conflict = CheckInConflict(
        event_id=door.event.id, registration=result.registration, day=door.day, item_id=door.item_id,
        kind=_CONFLICT_FOR[result.outcome], scan_id=scan.scan_id,
        code=scan.code.strip() if scan.code is not None else None,
        scanned_at=min(scan.scanned_at, utcnow()), station=station,
        staff_id=staff.id if staff else None,
        existing_checkin=result.checkin if result.outcome == Outcome.ALREADY else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(conflict)
    except IntegrityError:
        earlier = db.session.scalar(select(CheckInConflict).where(CheckInConflict.scan_id == scan.scan_id))
        if earlier is None:
            raise
        return _conflict_result(door, earlier)
    result.conflict = conflict
    return result


def upload_scans(event: Event, scans: list[QueuedScan], *, staff: Account | None,
                 station: str | None) -> list[ScanResult]:
    """Record scans queued offline with their scan times; what could not be recorded is a conflict.

    A scan of someone checked in meanwhile (another station), or whose registration was
    cancelled or waitlisted while the station was offline, is kept as a CheckInConflict and
    answered as such. Retrying an upload returns the same answers and records nothing twice.
    """
    doors: dict[tuple, Door | None] = {}
    results: list[ScanResult | None] = [None] * len(scans)
    for index in _lock_order(event, scans):
        scan = scans[index]
        key = (scan.day, scan.item_id)
        if key not in doors:
            try:
                doors[key] = door_for(event, scan.day, scan.item_id)
            except DoorError:
                doors[key] = None
        door = doors[key]
        if door is None:
            results[index] = ScanResult(Outcome.INVALID, scan.scan_id)
            continue
        results[index] = _upload_one(door, scan, staff, station)
    db.session.commit()
    return results


def _lock_order(event: Event, scans: list[QueuedScan]) -> list[int]:
    """The order in which to record a batch: by person, door and scan time.

    Two stations uploading scans of the same badges each take the rows' unique-index locks
    as they insert; in the order the scans were made, one could wait for the other's person
    A while holding person B that the other waits for, a deadlock on PostgreSQL. Recording
    every batch in registration id order makes all uploads take their locks the same way.
    """
    codes = {scan.code.strip() for scan in scans if scan.code is not None}
    codes = [code for code in codes if looks_like_token(code)]
    by_code = dict(db.session.execute(
        select(Registration.badge_code, Registration.id).where(
            Registration.badge_code.in_(codes), Registration.event_id == event.id)
    ).all()) if codes else {}

    def key(index: int):
        scan = scans[index]
        person = by_code.get(scan.code.strip()) if scan.code is not None else scan.registration_id
        return (person or 0, scan.day, scan.item_id or 0, scan.scanned_at, index)

    return sorted(range(len(scans)), key=key)


def open_conflicts(event: Event) -> list[CheckInConflict]:
    """Unresolved conflicts from offline uploads, oldest scan first."""
    return list(
        db.session.scalars(
            select(CheckInConflict)
            .where(CheckInConflict.event_id == event.id, CheckInConflict.resolved_at.is_(None))
            .options(
                selectinload(CheckInConflict.registration),
                selectinload(CheckInConflict.staff),
                selectinload(CheckInConflict.existing_checkin).selectinload(CheckIn.staff),
            )
            .order_by(CheckInConflict.scanned_at, CheckInConflict.id)
        )
    )


def resolve_conflict(event: Event, conflict_id: int, staff: Account | None) -> CheckInConflict | None:
    """Mark a conflict as seen and dealt with by staff; None if not at this event."""
    conflict = db.session.scalar(
        select(CheckInConflict).where(CheckInConflict.id == conflict_id, CheckInConflict.event_id == event.id)
    )
    if conflict is None:
        return None
    if conflict.resolved_at is None:
        conflict.resolved_at = utcnow()
        conflict.resolved_by_id = staff.id if staff else None
    db.session.commit()
    return conflict


# --- counts, search and the offline list -------------------------------------------------


def _door_checkins(door: Door):
    if door.item is None:
        return (CheckIn.event_id == door.event.id, CheckIn.day == door.day, CheckIn.item_id.is_(None))
    return (CheckIn.item_id == door.item.id,)


def counts(door: Door) -> Counts:
    """Live check-ins at the door against those expected (confirmed; signed up for workshops)."""
    checked_in = db.session.scalar(
        select(func.count()).select_from(CheckIn).where(*_door_checkins(door), CheckIn.undone_at.is_(None))
    )
    expected_query = select(func.count()).select_from(Registration).where(
        Registration.event_id == door.event.id, Registration.status == RegistrationStatus.CONFIRMED
    )
    if door.needs_signup:
        expected_query = expected_query.join(
            WorkshopSignup,
            (WorkshopSignup.registration_id == Registration.id)
            & (WorkshopSignup.item_id == door.item.id)
            & (WorkshopSignup.status == SignupStatus.CONFIRMED),
        )
    return Counts(checked_in or 0, db.session.scalar(expected_query) or 0)


def code_hash(code: str) -> str:
    """What the offline list carries instead of badge codes: a lost phone gives away no badges."""
    return hashlib.sha256(code.encode()).hexdigest()


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code):
            table[code] = base
    table.update({ord("ł"): "l", ord("Ł"): "l", ord("đ"): "d", ord("ø"): "o", ord("ß"): "ss"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without accents: 'Żółć' and 'zolc' match."""
    return " ".join(text.casefold().translate(_FOLD).split())


def _attendees(door: Door, *where, ids: list[int] | None = None) -> list[Attendee]:
    """The door's people (optionally only some), each with their state and live check-in.

    Three plain queries joined here rather than one outer join: on the morning of the event
    the check-ins table grows faster than PostgreSQL's statistics, and a planner that still
    believes it empty picks a nested loop that takes seconds for 5,000 people.
    """
    people = select(
        Registration.id, Registration.badge_code, Registration.first_name, Registration.last_name,
        Registration.organisation, Registration.email, Registration.status,
    ).where(Registration.event_id == door.event.id, *where)
    live = (
        select(CheckIn.registration_id, CheckIn.id, CheckIn.scanned_at, Account.name)
        .outerjoin(Account, Account.id == CheckIn.staff_id)
        .where(*_door_checkins(door), CheckIn.undone_at.is_(None))
    )
    if ids is not None:
        people = people.where(Registration.id.in_(ids))
        live = live.where(CheckIn.registration_id.in_(ids))
    checkins = {row[0]: row[1:] for row in db.session.execute(live)}
    seats = {}
    if door.needs_signup:
        seats = dict(db.session.execute(
            select(WorkshopSignup.registration_id, WorkshopSignup.status).where(WorkshopSignup.item_id == door.item.id)
        ).all())
    result = []
    for reg_id, badge_code, first, last, organisation, email, status in db.session.execute(people):
        state = str(status)
        if door.needs_signup and state == RegistrationStatus.CONFIRMED and seats.get(reg_id) != SignupStatus.CONFIRMED:
            state = Outcome.NOT_SIGNED_UP.value
        checkin_id, checked_in_at, checked_in_by = checkins.get(reg_id, (None, None, None))
        result.append(Attendee(reg_id, code_hash(badge_code), first, last, organisation, email, state,
                               checkin_id, checked_in_at, checked_in_by))
    return result


def search(door: Door, text: str, limit: int = SEARCH_LIMIT) -> list[Attendee]:
    """People of the event whose name, organisation or email contains every word typed.

    Case- and accent-insensitive ('zolkiewska' finds 'Żółkiewska'); surnames in Polish order.
    The event's people are matched in Python: a 5,000-person event is a few milliseconds.
    """
    words = fold(text).split()
    if not words:
        return []
    rows = db.session.execute(
        select(Registration.id, Registration.first_name, Registration.last_name,
               Registration.organisation, Registration.email)
        .where(Registration.event_id == door.event.id, Registration.anonymised_at.is_(None))
    ).all()
    found = []
    for reg_id, first, last, organisation, email in rows:
        haystack = fold(f"{first} {last} {organisation} {email}")
        if all(word in haystack for word in words):
            found.append((polish_key(last), polish_key(first), reg_id))
    found.sort()
    ids = [reg_id for *_key, reg_id in found[:limit]]
    if not ids:
        return []
    by_id = {attendee.registration_id: attendee for attendee in _attendees(door, ids=ids)}
    return [by_id[i] for i in ids if i in by_id]


def attendee_list(door: Door, since: datetime | None = None) -> AttendeeList:
    """The door's people for offline use; with `since` (a cursor from an earlier list) only changes.

    The cursor is the server's clock minus a small overlap, so a row committed while a sync
    was running is sent again next time rather than missed.
    """
    cursor = utcnow() - CURSOR_OVERLAP
    where = []
    if since is not None:
        changed_checkins = select(CheckIn.registration_id).where(
            *_door_checkins(door),
            sa.or_(CheckIn.recorded_at >= since, CheckIn.undone_at >= since),
        )
        changed = [Registration.updated_at >= since, Registration.id.in_(changed_checkins)]
        if door.needs_signup:
            changed.append(Registration.id.in_(
                select(WorkshopSignup.registration_id).where(
                    WorkshopSignup.item_id == door.item.id, WorkshopSignup.updated_at >= since
                )
            ))
        where.append(sa.or_(*changed))
    people = _attendees(door, *where)
    return AttendeeList(cursor=cursor, full=since is None, people=people)


# --- walk-ins ----------------------------------------------------------------------------


class OverrideRefused(PermissionError):
    """Only organisers may seat a walk-in beyond the event's capacity."""


def walk_in(door: Door, details: RegistrationDetails, *, staff: Account | None, scan_id: str,
            override_capacity: bool = False, station: str | None = None) -> tuple[Registration, ScanResult]:
    """Register someone at the desk and check them in at this door.

    Raises EventFull when no seat is left (unless an organiser overrides) and OverrideRefused
    when someone who is not an organiser (or a station token) asks to override. Retrying with the same details and
    scan id registers and counts them once.
    """
    if override_capacity and (staff is None or not may(staff, door.event, EventRoleKind.ORGANISER)):
        raise OverrideRefused()
    registration = register_walk_in(door.event, details, override_capacity=override_capacity)
    result = check_in(door, scan_id=scan_id, staff=staff, registration_id=registration.id,
                      station=station, source=CheckInSource.WALK_IN)
    return registration, result
