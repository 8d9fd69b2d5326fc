"""When reminders go out and to whom: the event's zone and DST, confirmed people only, late
after a worker was down but never after the start, once per person and reminder."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import OutboundEmail, Registration, ReminderSent
from eventapp.privacy.services import anonymise_registrations
from eventapp.registration import services
from eventapp.reminders import schedule
from eventapp.reminders.sending import send_due_reminders
from tests.factories import local, make_event, make_item
from tests.registration.helpers import details


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def reminder_rows() -> list[OutboundEmail]:
    return list(db.session.scalars(select(OutboundEmail).where(OutboundEmail.kind == "reminders.reminder")
                                   .order_by(OutboundEmail.id)))


def people(event, count: int) -> list[Registration]:
    return [services.register(event, details(f"osoba{n}-{event.id}@example.org")).registration for n in range(count)]


def test_the_default_reminder_is_the_day_before_at_ten_in_the_events_zone(ctx):
    warsaw = make_event(start_date=date(2027, 6, 15))
    new_york = make_event(start_date=date(2027, 6, 15), timezone="America/New_York")
    for event in (warsaw, new_york):
        make_item(event, datetime(2027, 6, 15, 9, 0, tzinfo=event.tz))
    db.session.commit()
    people(warsaw, 2)
    people(new_york, 1)

    default = schedule.reminders(warsaw)
    assert [(r.days_before, r.at_local) for r in default] == [(1, time(10, 0))]
    assert schedule.due_at(warsaw, default[0]) == utc(2027, 6, 14, 8, 0)  # 10:00 CEST
    assert schedule.due_at(new_york, default[0]) == utc(2027, 6, 14, 14, 0)  # 10:00 EDT

    assert send_due_reminders(utc(2027, 6, 14, 7, 59)) == 0
    assert send_due_reminders(utc(2027, 6, 14, 8, 0)) == 2
    assert {row.event_id for row in reminder_rows()} == {warsaw.id}
    assert send_due_reminders(utc(2027, 6, 14, 13, 59)) == 0
    assert send_due_reminders(utc(2027, 6, 14, 14, 0)) == 1
    assert send_due_reminders(utc(2027, 6, 14, 20, 0)) == 0  # nobody twice
    assert len(reminder_rows()) == 3


def test_reminders_across_the_october_clock_change(ctx):
    # Summer time ends on Sunday 25 October 2026 at 03:00 in Warsaw: the event is on the Monday.
    event = make_event(start_date=date(2026, 10, 26))
    make_item(event, local(date(2026, 10, 26), 9))
    db.session.commit()
    people(event, 1)
    schedule.add_reminder(event, 2, time(10, 0))
    two_days, one_day = schedule.reminders(event)
    assert schedule.due_at(event, two_days) == utc(2026, 10, 24, 8, 0)  # Saturday, CEST (UTC+2)
    assert schedule.due_at(event, one_day) == utc(2026, 10, 25, 9, 0)  # Sunday, CET (UTC+1)

    assert send_due_reminders(utc(2026, 10, 25, 8, 59)) == 1  # only the Saturday one
    assert send_due_reminders(utc(2026, 10, 25, 9, 0)) == 1
    keys = sorted(db.session.scalars(select(ReminderSent.reminder_key)))
    assert keys == ["1d10:00", "2d10:00"]


def test_only_confirmed_people_who_are_still_there_are_reminded(ctx):
    event = make_event(start_date=date(2027, 3, 10), capacity=3)
    make_item(event, local(date(2027, 3, 10), 9))
    db.session.commit()
    stays, cancels, anonymised = people(event, 3)
    waiting = services.register(event, details("czeka@example.org")).registration
    assert waiting.status.value == "waitlisted"
    services.cancel(cancels)
    # Cancelling freed a seat: the first on the waiting list is confirmed and is reminded too.
    db.session.refresh(waiting)
    later = services.register(event, details("pozniej@example.org")).registration
    assert later.status.value == "waitlisted"
    anonymise_registrations([anonymised])
    db.session.commit()

    assert send_due_reminders(utc(2027, 3, 9, 12, 0)) == 2
    assert sorted(row.recipient for row in reminder_rows()) == sorted([stays.email, waiting.email])


def test_a_worker_down_at_the_time_sends_late_but_never_after_the_start(ctx):
    event = make_event(start_date=date(2027, 5, 20))
    make_item(event, local(date(2027, 5, 20), 9, 30))
    db.session.commit()
    people(event, 2)
    # The worker was down from the day before at 10:00 until the morning of the event.
    assert send_due_reminders(utc(2027, 5, 20, 7, 29)) == 2  # 09:29 in Warsaw: before the start

    other = make_event(start_date=date(2027, 5, 20))
    make_item(other, local(date(2027, 5, 20), 9, 30))
    db.session.commit()
    people(other, 2)
    assert send_due_reminders(utc(2027, 5, 20, 7, 30)) == 0  # 09:30: the event has begun
    assert send_due_reminders(utc(2027, 5, 21, 7, 0)) == 0
    assert {row.event_id for row in reminder_rows()} == {event.id}


def test_switched_off_reminders_and_removed_ones_send_nothing(ctx):
    event = make_event(start_date=date(2027, 4, 1))
    make_item(event, local(date(2027, 4, 1), 9))
    db.session.commit()
    people(event, 1)
    schedule.switch(event, False)
    assert schedule.reminders(event) == []
    assert send_due_reminders(utc(2027, 3, 31, 12, 0)) == 0
    schedule.switch(event, True)
    (default,) = schedule.reminders(event)
    schedule.remove_reminder(event, default.id)
    assert send_due_reminders(utc(2027, 3, 31, 12, 0)) == 0
    assert reminder_rows() == []


def test_two_runs_at_the_same_moment_send_each_reminder_once(app, make_app):
    """Two workers' sweeps (two apps, two connections) race over the same people."""
    with app.app_context():
        event = make_event(start_date=date(2027, 9, 1))
        make_item(event, local(date(2027, 9, 1), 9))
        db.session.commit()
        people(event, 12)
    other = make_app()
    start = threading.Barrier(2, timeout=30)
    counts: dict[int, int] = {}
    errors: list[BaseException] = []

    def sweep(index: int, application) -> None:
        try:
            with application.app_context():
                start.wait()
                counts[index] = send_due_reminders(utc(2027, 8, 31, 9, 0))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sweep, args=(i, a)) for i, a in enumerate((app, other))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(counts.values()) == 12
    with app.app_context():
        assert len(reminder_rows()) == 12
        per_person = db.session.execute(
            select(OutboundEmail.registration_id, func.count()).where(OutboundEmail.kind == "reminders.reminder")
            .group_by(OutboundEmail.registration_id)).all()
        assert len(per_person) == 12 and all(n == 1 for _, n in per_person)


@pytest.mark.parametrize(("days", "at", "message"), [
    (31, time(10, 0), "od 0 do 30 dni"),
    (0, time(9, 0), "nie przypada przed początkiem"),
    (1, time(10, 0), "ma już takie przypomnienie"),
])
def test_a_reminder_the_rules_refuse_changes_nothing(ctx, days, at, message):
    from eventapp.manage.errors import Refusal

    event = make_event(start_date=date.today() + timedelta(days=20))
    make_item(event, local(event.start_date, 9))
    db.session.commit()
    with pytest.raises(Refusal, match=message):
        schedule.add_reminder(event, days, at)
    assert schedule.settings(event) is None  # still the default, nothing half-written
