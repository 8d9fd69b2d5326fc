"""What counts as attendance, computed with a fixed number of aggregate queries.

The rules, the same on the summary page, in the CSV and XLSX exports, on the
attendance lists and on the certificates (and explained on the summary page):

- *Registered*: every registration of the event, whatever its status now.
- *Attended day D*: a live check-in for day D (one without an agenda item and not
  undone). Undone check-ins never count; they stay in the check-in history.
  A check-in at a workshop door alone does not make a day's attendance.
- *Attended*: attended at least one day. Presence is a fact, so it counts whatever
  the registration's status became: someone who cancelled after checking in, or a
  walk-in left on the waiting list, attended.
- *Attended an agenda item*: a live check-in for that item.
- *Walk-in*: registered at the door (source `walk_in`), whatever the status.
- *No-show*: a confirmed registration made in advance (not a walk-in) without any
  day attended; the no-show rate is their share of those registrations. Per day, the
  same registrations without a check-in that day.
- *Workshop fill rate*: confirmed seats of registrations that are not cancelled,
  divided by the seat limit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from eventapp.extensions import db
from eventapp.labels import label
from eventapp.models import (
    AgendaItem,
    CheckIn,
    Event,
    EventStatus,
    ItemKind,
    ItemStatus,
    OrganisationType,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
    utcnow,
)
from eventapp.questions.answers import answer_table
from eventapp.reports.collation import polish_key, surname_key

ARRIVAL_BUCKET_SECONDS = 15 * 60


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class GroupRow:
    """Registrations and attendance of one organisation type or one organisation."""

    key: str
    # The organisation as most people spelled it; for a type, its translated name.
    name: str = ""
    org_type: OrganisationType | None = None
    registered: int = 0
    confirmed: int = 0
    attended: int = 0
    per_day: dict[date, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return label(self.org_type) if self.org_type is not None else self.name


@dataclass
class DayRow:
    day: date
    attended: int = 0
    walk_ins: int = 0
    # Confirmed advance registrations that came that day, and those that did not.
    expected_attended: int = 0
    no_shows: int = 0
    no_show_rate: float | None = None


@dataclass
class ItemRow:
    item: AgendaItem
    attended: int = 0


@dataclass
class WorkshopRow:
    item: AgendaItem
    seat_limit: int | None
    confirmed: int = 0
    waitlisted: int = 0
    attended: int = 0

    @property
    def fill_rate(self) -> float | None:
        return _rate(self.confirmed, self.seat_limit or 0)


@dataclass
class ArrivalDay:
    day: date
    # (start of the 15 minutes in the event's time zone, check-ins), without gaps.
    buckets: list[tuple[datetime, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.buckets)


@dataclass
class AttendanceSummary:
    event: Event
    days: list[date]
    registered: int = 0
    by_status: dict[RegistrationStatus, int] = field(default_factory=dict)
    attended: int = 0
    attended_cancelled: int = 0
    attended_waitlisted: int = 0
    walk_ins: int = 0
    walk_ins_attended: int = 0
    expected: int = 0
    expected_attended: int = 0
    per_day: list[DayRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    workshops: list[WorkshopRow] = field(default_factory=list)
    by_type: list[GroupRow] = field(default_factory=list)
    by_organisation: list[GroupRow] = field(default_factory=list)
    arrivals: list[ArrivalDay] = field(default_factory=list)

    @property
    def confirmed(self) -> int:
        return self.by_status.get(RegistrationStatus.CONFIRMED, 0)

    @property
    def waitlisted(self) -> int:
        return self.by_status.get(RegistrationStatus.WAITLISTED, 0)

    @property
    def cancelled(self) -> int:
        return self.by_status.get(RegistrationStatus.CANCELLED, 0)

    @property
    def no_shows(self) -> int:
        return self.expected - self.expected_attended

    @property
    def no_show_rate(self) -> float | None:
        return _rate(self.no_shows, self.expected)

    def day_row(self, day: date) -> DayRow:
        return next(row for row in self.per_day if row.day == day)


def _live_day_checkins(event_id: int):
    return (CheckIn.event_id == event_id, CheckIn.item_id.is_(None), CheckIn.undone_at.is_(None))


def _live_item_checkins(event_id: int):
    return (CheckIn.event_id == event_id, CheckIn.item_id.is_not(None), CheckIn.undone_at.is_(None))


def _is_expected(status: RegistrationStatus, source: RegistrationSource) -> bool:
    return status == RegistrationStatus.CONFIRMED and source != RegistrationSource.WALK_IN


def organisation_key(name: str) -> str:
    """'Fundacja  ABC ' and 'fundacja abc' are one organisation."""
    return " ".join(name.split()).casefold()


def _scheduled_items(event: Event) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).options(joinedload(AgendaItem.room))
        .where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    ).unique())


def _item_attendance(event: Event) -> dict[int, int]:
    return dict(db.session.execute(
        select(CheckIn.item_id, func.count()).where(*_live_item_checkins(event.id)).group_by(CheckIn.item_id)
    ).all())


def _is_workshop(item: AgendaItem) -> bool:
    return item.requires_signup or item.kind == ItemKind.WORKSHOP


def tracked_items(items: list[AgendaItem], item_attendance: dict[int, int]) -> list[AgendaItem]:
    """Items whose attendance is reported: workshops and items checked in at their door."""
    return [i for i in items if _is_workshop(i) or item_attendance.get(i.id)]


def _bucket_expression():
    """Whole 15-minute periods since 1970 (UTC) of a check-in, in the database's dialect.

    Every time-zone offset in use is a multiple of 15 minutes, so a UTC quarter is
    also a quarter in the event's zone; Python then labels it in that zone.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", CheckIn.scanned_at)
        return sa.cast(func.floor(seconds / ARRIVAL_BUCKET_SECONDS), sa.BigInteger)
    seconds = sa.cast(func.strftime("%s", CheckIn.scanned_at), sa.Integer)
    return sa.cast(seconds / ARRIVAL_BUCKET_SECONDS, sa.Integer)


def _arrivals(event: Event) -> list[ArrivalDay]:
    bucket = _bucket_expression().label("bucket")
    rows = db.session.execute(
        select(CheckIn.day, bucket, func.count())
        .where(*_live_day_checkins(event.id))
        .group_by(CheckIn.day, bucket).order_by(CheckIn.day, bucket)
    ).all()
    per_day: dict[date, dict[int, int]] = defaultdict(dict)
    for day, number, count in rows:
        per_day[day][int(number)] = count
    result = []
    for day in sorted(per_day):
        counts = per_day[day]
        first, last = min(counts), max(counts)
        buckets = [
            (datetime.fromtimestamp(n * ARRIVAL_BUCKET_SECONDS, UTC).astimezone(event.tz), counts.get(n, 0))
            for n in range(first, last + 1)
        ]
        result.append(ArrivalDay(day, buckets))
    return result


def attendance_summary(event: Event) -> AttendanceSummary:
    """Everything on the summary page, in seven aggregate queries whatever the event's size."""
    attended_ids = (
        select(CheckIn.registration_id).where(*_live_day_checkins(event.id))
        .group_by(CheckIn.registration_id).subquery()
    )
    by_registration = db.session.execute(
        select(Registration.organisation_type, Registration.status, Registration.source,
               func.count(), func.count(attended_ids.c.registration_id))
        .outerjoin(attended_ids, attended_ids.c.registration_id == Registration.id)
        .where(Registration.event_id == event.id)
        .group_by(Registration.organisation_type, Registration.status, Registration.source)
    ).all()
    confirmed = sa.case((Registration.status == RegistrationStatus.CONFIRMED, 1))
    by_organisation = db.session.execute(
        select(Registration.organisation, func.count(), func.count(confirmed),
               func.count(attended_ids.c.registration_id))
        .outerjoin(attended_ids, attended_ids.c.registration_id == Registration.id)
        .where(Registration.event_id == event.id)
        .group_by(Registration.organisation)
    ).all()
    by_day = db.session.execute(
        select(CheckIn.day, Registration.organisation_type, Registration.status, Registration.source,
               func.count())
        .join(Registration, Registration.id == CheckIn.registration_id)
        .where(*_live_day_checkins(event.id))
        .group_by(CheckIn.day, Registration.organisation_type, Registration.status, Registration.source)
    ).all()
    items = _scheduled_items(event)
    item_attendance = _item_attendance(event)
    signups = db.session.execute(
        select(WorkshopSignup.item_id, WorkshopSignup.status, func.count())
        .join(Registration, Registration.id == WorkshopSignup.registration_id)
        .where(Registration.event_id == event.id, Registration.status != RegistrationStatus.CANCELLED)
        .group_by(WorkshopSignup.item_id, WorkshopSignup.status)
    ).all()
    arrivals = _arrivals(event)

    days = sorted(set(event.days) | {row[0] for row in by_day})
    summary = AttendanceSummary(event=event, days=days, arrivals=arrivals)
    summary.by_status = {status: 0 for status in RegistrationStatus}
    types = {t: GroupRow(t.value, org_type=t, per_day={d: 0 for d in days}) for t in OrganisationType}
    organisations: dict[str, GroupRow] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)

    for org_type, status, source, registered, attended in by_registration:
        summary.registered += registered
        summary.by_status[status] += registered
        summary.attended += attended
        if status == RegistrationStatus.CANCELLED:
            summary.attended_cancelled += attended
        elif status == RegistrationStatus.WAITLISTED:
            summary.attended_waitlisted += attended
        if source == RegistrationSource.WALK_IN:
            summary.walk_ins += registered
            summary.walk_ins_attended += attended
        if _is_expected(status, source):
            summary.expected += registered
            summary.expected_attended += attended
        row = types[org_type]
        row.registered += registered
        row.attended += attended
        if status == RegistrationStatus.CONFIRMED:
            row.confirmed += registered
    for organisation, registered, confirmed_count, attended in by_organisation:
        key = organisation_key(organisation or "")
        spellings[key][(organisation or "").strip()] += registered
        row = organisations.setdefault(key, GroupRow(key))
        row.registered += registered
        row.confirmed += confirmed_count
        row.attended += attended

    day_rows = {d: DayRow(d) for d in days}
    for day, org_type, status, source, count in by_day:
        row = day_rows[day]
        row.attended += count
        if source == RegistrationSource.WALK_IN:
            row.walk_ins += count
        if _is_expected(status, source):
            row.expected_attended += count
        types[org_type].per_day[day] += count
    for row in day_rows.values():
        row.no_shows = summary.expected - row.expected_attended
        row.no_show_rate = _rate(row.no_shows, summary.expected)
    summary.per_day = [day_rows[d] for d in days]

    summary.by_type = list(types.values())
    for key, row in organisations.items():
        # The spelling most people used names the organisation.
        row.name = min(spellings[key].items(), key=lambda pair: (-pair[1], pair[0]))[0]
    summary.by_organisation = sorted(
        organisations.values(), key=lambda r: (not r.key, -r.attended, -r.registered, polish_key(r.key))
    )

    seats: dict[int, dict[SignupStatus, int]] = defaultdict(dict)
    for item_id, status, count in signups:
        seats[item_id][status] = count
    for item in tracked_items(items, item_attendance):
        summary.items.append(ItemRow(item, item_attendance.get(item.id, 0)))
        if _is_workshop(item):
            summary.workshops.append(WorkshopRow(
                item, item.seat_limit,
                confirmed=seats[item.id].get(SignupStatus.CONFIRMED, 0),
                waitlisted=seats[item.id].get(SignupStatus.WAITLISTED, 0),
                attended=item_attendance.get(item.id, 0),
            ))
    return summary


# Participants, one row each: exports and attendance lists.


@dataclass
class ParticipantRow:
    registration: Registration  # or a row of EXPORT_COLUMNS: the same attribute names
    days: set[date] = field(default_factory=set)
    items: set[int] = field(default_factory=set)

    @property
    def attended(self) -> bool:
        return bool(self.days)


@dataclass
class ParticipantTable:
    days: list[date]
    items: list[AgendaItem]
    rows: list[ParticipantRow]
    # The event's own sign-up questions and the answers: {registration id: {question id: (value, declined)}}.
    questions: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)


def _sorted_by_surname(registrations) -> list[Registration]:
    return sorted(registrations, key=lambda r: surname_key(r.last_name, r.first_name, r.id))


# What the exports show of a registration: plain rows load several times faster than ORM objects.
EXPORT_COLUMNS = (
    Registration.id, Registration.last_name, Registration.first_name, Registration.email,
    Registration.organisation, Registration.organisation_type, Registration.position, Registration.status,
    Registration.source, Registration.language, Registration.created_at,
)


def participant_table(event: Event) -> ParticipantTable:
    """Every registration with the days and items attended and its answers, ordered by surname (six queries)."""
    registrations = db.session.execute(select(*EXPORT_COLUMNS).where(Registration.event_id == event.id)).all()
    rows = {r.id: ParticipantRow(r) for r in _sorted_by_surname(registrations)}
    live = db.session.execute(
        select(CheckIn.registration_id, CheckIn.day, CheckIn.item_id)
        .where(CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
    ).all()
    for registration_id, day, item_id in live:
        row = rows.get(registration_id)
        if row is None:
            continue
        if item_id is None:
            row.days.add(day)
        else:
            row.items.add(item_id)
    items = tracked_items(_scheduled_items(event), _item_attendance(event))
    days = sorted(set(event.days).union(*(row.days for row in rows.values())))
    questions, answers = answer_table(event)
    return ParticipantTable(days, items, list(rows.values()), questions, answers)


def day_list(event: Event, day: date) -> list[Registration]:
    """Who is on the attendance list of a day: confirmed registrations and anyone checked in that day."""
    checked_in = select(CheckIn.registration_id).where(*_live_day_checkins(event.id), CheckIn.day == day)
    return _sorted_by_surname(db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            sa.or_(Registration.status == RegistrationStatus.CONFIRMED, Registration.id.in_(checked_in)),
        )
    ))


def item_list(event: Event, item: AgendaItem) -> list[Registration]:
    """Who is on a workshop's list: confirmed seats (registration not cancelled) and anyone checked in there."""
    seated = select(WorkshopSignup.registration_id).where(
        WorkshopSignup.item_id == item.id, WorkshopSignup.status == SignupStatus.CONFIRMED
    )
    checked_in = select(CheckIn.registration_id).where(
        CheckIn.event_id == event.id, CheckIn.item_id == item.id, CheckIn.undone_at.is_(None)
    )
    return _sorted_by_surname(db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            sa.or_(
                sa.and_(Registration.id.in_(seated), Registration.status != RegistrationStatus.CANCELLED),
                Registration.id.in_(checked_in),
            ),
        )
    ))


def event_item(event: Event, item_id: int) -> AgendaItem | None:
    """A scheduled agenda item of this event (None for another event's item)."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id or item.status != ItemStatus.SCHEDULED:
        return None
    return item


# One participant's own attendance: the private page and the certificate.


@dataclass
class Attendance:
    registration: Registration
    days: list[date]
    items: list[AgendaItem]
    event_ended: bool

    @property
    def attended(self) -> bool:
        return bool(self.days)

    @property
    def certificate_available(self) -> bool:
        return self.attended and self.event_ended


def event_ended_at(event: Event) -> datetime:
    """When the event is over: the end of its last scheduled item, or midnight after its last day."""
    last_end = db.session.scalar(
        select(func.max(AgendaItem.end_dt))
        .where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
    )
    midnight = datetime.combine(event.end_date + timedelta(days=1), datetime.min.time(), tzinfo=event.tz)
    # An agenda that stops before the last day (or runs past midnight) does not end the event.
    if last_end is not None and last_end.astimezone(event.tz).date() == event.end_date:
        return last_end
    return midnight.astimezone(UTC)


def event_has_ended(event: Event, now: datetime | None = None) -> bool:
    if event.status == EventStatus.CANCELLED:
        return False
    if event.status == EventStatus.FINISHED:
        return True
    return (now or utcnow()) >= event_ended_at(event)


def attendance_of(registration: Registration, now: datetime | None = None) -> Attendance:
    """One participant's own days and items attended (live check-ins only) and whether
    their certificate can be downloaded; nothing about anyone else."""
    live = db.session.execute(
        select(CheckIn.day, CheckIn.item_id)
        .where(CheckIn.registration_id == registration.id, CheckIn.undone_at.is_(None))
    ).all()
    days = sorted({day for day, item_id in live if item_id is None})
    item_ids = {item_id for _, item_id in live if item_id is not None}
    items = []
    if item_ids:
        items = list(db.session.scalars(
            select(AgendaItem).where(AgendaItem.id.in_(item_ids), AgendaItem.status == ItemStatus.SCHEDULED)
            .order_by(AgendaItem.start_dt, AgendaItem.id)
        ))
    event = registration.event
    return Attendance(registration, days, items, event_has_ended(event, now))


def attendances_of_attendees(event: Event, now: datetime | None = None) -> list[Attendance]:
    """The attendance of everyone who attended at least one day, by surname (three queries):
    what the certificates of the whole event are made from."""
    ended = event_has_ended(event, now)
    live = db.session.execute(
        select(CheckIn.registration_id, CheckIn.day, CheckIn.item_id)
        .where(CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
    ).all()
    days: dict[int, set[date]] = defaultdict(set)
    item_ids: dict[int, set[int]] = defaultdict(set)
    for registration_id, day, item_id in live:
        if item_id is None:
            days[registration_id].add(day)
        else:
            item_ids[registration_id].add(item_id)
    items = {i.id: i for i in _scheduled_items(event)}
    attended = select(CheckIn.registration_id).where(*_live_day_checkins(event.id))
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.id.in_(attended))
    )
    result = []
    for registration in _sorted_by_surname(registrations):
        own_items = sorted((items[i] for i in item_ids[registration.id] if i in items),
                           key=lambda item: (item.start_dt, item.id))
        result.append(Attendance(registration, sorted(days[registration.id]), own_items, ended))
    return result
