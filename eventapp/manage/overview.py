"""The event overview's live numbers and the sign-ups chart (read only, a few queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from eventapp.extensions import db
from eventapp.models import CheckIn, Event, Registration, RegistrationStatus, utcnow
from eventapp.reports.charts import Chart, column_chart
from eventapp.templating import format_locale

# A sign-up chart longer than this many days shows weeks instead.
MAX_DAYS = 45


@dataclass
class Numbers:
    confirmed: int
    waiting: int
    cancelled: int
    checked_in_today: int
    today: date

    def as_dict(self) -> dict:
        return {"confirmed": self.confirmed, "waiting": self.waiting, "cancelled": self.cancelled,
                "checked_in_today": self.checked_in_today}


def numbers(event: Event, now: datetime | None = None) -> Numbers:
    """Confirmed, waiting, cancelled, and people checked in today (the event's day, its zone)."""
    today = (now or utcnow()).astimezone(event.tz).date()
    confirmed, waiting, cancelled = db.session.execute(
        select(*(func.count(case((Registration.status == status, 1))) for status in (
            RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED)))
        .where(Registration.event_id == event.id)
    ).one()
    arrived = db.session.scalar(
        select(func.count(func.distinct(CheckIn.registration_id)))
        .where(CheckIn.event_id == event.id, CheckIn.item_id.is_(None), CheckIn.undone_at.is_(None),
               CheckIn.day == today)
    ) or 0
    return Numbers(confirmed or 0, waiting or 0, cancelled or 0, arrived, today)


@dataclass
class SignupSeries:
    """Sign-ups per day (or per week when the period is long), oldest first."""

    rows: list[tuple[date, int]]
    weekly: bool
    chart: Chart | None


def signups_over_time(event: Event, now: datetime | None = None) -> SignupSeries:
    """Registrations by the day they were made (in the event's zone), for the chart and its table."""
    from babel.dates import format_date

    tz = event.tz
    made = [created.astimezone(tz).date() for created in db.session.scalars(
        select(Registration.created_at).where(Registration.event_id == event.id))]
    if not made:
        return SignupSeries([], False, None)
    first = min(made)
    last = max(max(made), min((now or utcnow()).astimezone(tz).date(), event.end_date))
    weekly = (last - first).days + 1 > MAX_DAYS
    if weekly:
        first -= timedelta(days=first.weekday())
    step = 7 if weekly else 1
    starts = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]
    counts = dict.fromkeys(starts, 0)
    for day in made:
        counts[first + timedelta(days=((day - first).days // step) * step)] += 1
    rows = list(counts.items())
    label_every = max(1, len(rows) // 8)
    columns = [(format_date(start, "d.MM", locale=format_locale()) if i % label_every == 0 else None, n)
               for i, (start, n) in enumerate(rows)]
    title = _("Sign-ups per week") if weekly else _("Sign-ups per day")
    return SignupSeries(rows, weekly, column_chart(title, columns, chart_id="signups-chart"))
