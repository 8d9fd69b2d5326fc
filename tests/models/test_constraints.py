"""Rules the database itself enforces, on SQLite and on PostgreSQL."""

import contextlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from eventapp.extensions import db
from eventapp.models import CheckIn, CheckInSource, RegistrationStatus, SignupStatus, WorkshopSignup, utcnow
from eventapp.tokens import new_token
from tests.factories import make_event, make_item, make_registration


@contextlib.contextmanager
def refused(exc=IntegrityError):
    """The writes inside the block are refused by the database (at flush or commit)."""
    with pytest.raises(exc):
        yield
        db.session.commit()
    db.session.rollback()


def test_one_registration_per_email_per_event(ctx):
    event = make_event()
    other = make_event()
    make_registration(event, email="ala@example.org")
    make_registration(other, email="ala@example.org")  # another event: fine
    db.session.commit()
    with refused():
        make_registration(event, email="ala@example.org")


def test_tokens_are_unique(ctx):
    event = make_event()
    first = make_registration(event)
    db.session.commit()
    with refused():
        make_registration(event, badge_code=first.badge_code)
    with refused():
        make_registration(event, manage_token=first.manage_token)


def test_waitlist_position_exactly_when_waitlisted(ctx):
    event = make_event()
    with refused():
        make_registration(event, status=RegistrationStatus.WAITLISTED, waitlist_position=None)
    with refused():
        make_registration(event, status=RegistrationStatus.CONFIRMED, waitlist_position=3)
    make_registration(event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    db.session.commit()
    with refused():
        make_registration(event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)


def _checkin(reg, day, item=None, **fields):
    values = dict(event_id=reg.event_id, registration_id=reg.id, day=day, item_id=item.id if item else None,
                  scanned_at=utcnow(), scan_id=new_token(), source=CheckInSource.SCANNER)
    values.update(fields)
    row = CheckIn(**values)
    db.session.add(row)
    return row


def test_one_live_checkin_per_registration_per_day(ctx):
    event = make_event(end_date=make_event().start_date)
    reg = make_registration(event)
    day = event.start_date
    first = _checkin(reg, day)
    db.session.commit()
    with refused():
        _checkin(reg, day)
    # Another day is a separate check-in.
    _checkin(reg, day + timedelta(days=1))
    db.session.commit()
    # After an undo the person can be checked in again; the undone one stays in the history.
    first.undone_at = utcnow()
    db.session.commit()
    _checkin(reg, day)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 3


def test_one_live_checkin_per_registration_per_item(ctx):
    event = make_event()
    reg = make_registration(event)
    workshop = make_item(event)
    _checkin(reg, event.start_date, workshop)
    _checkin(reg, event.start_date)  # the day check-in is separate from the workshop one
    db.session.commit()
    with refused():
        _checkin(reg, event.start_date, workshop)


def test_scan_ids_are_never_recorded_twice(ctx):
    event = make_event()
    a, b = make_registration(event), make_registration(event)
    _checkin(a, event.start_date, scan_id="station-1-0001")
    db.session.commit()
    with refused():
        _checkin(b, event.start_date, scan_id="station-1-0001")


def test_one_workshop_signup_per_person_and_item(ctx):
    event = make_event()
    reg = make_registration(event)
    workshop = make_item(event, requires_signup=True, seat_limit=10)
    db.session.add(WorkshopSignup(registration=reg, item=workshop, status=SignupStatus.CONFIRMED))
    db.session.commit()
    with refused():
        db.session.add(WorkshopSignup(registration=reg, item=workshop, status=SignupStatus.CONFIRMED))


def test_agenda_item_must_end_after_it_starts(ctx):
    event = make_event()
    with refused():
        make_item(event, minutes=0)


def test_event_dates_in_order_and_capacity_not_negative(ctx):
    event = make_event()
    with refused():
        event.end_date = event.start_date - timedelta(days=1)
    with refused():
        event = make_event(capacity=-1)


def test_eu_funded_event_must_carry_a_funding_note(ctx):
    with refused():
        make_event(eu_funded=True, funding_note=None)
    with refused():
        make_event(eu_funded=True, funding_note="")
    make_event(eu_funded=True, funding_note="Współfinansowane ze środków UE.")
    db.session.commit()


def test_unknown_enum_values_are_refused(ctx):
    event = make_event()
    db.session.execute(sa.text("UPDATE events SET status = 'published' WHERE id = :id"), {"id": event.id})
    db.session.commit()
    with pytest.raises((IntegrityError, StatementError)):
        db.session.execute(sa.text("UPDATE events SET status = 'deleted' WHERE id = :id"), {"id": event.id})
        db.session.commit()
    db.session.rollback()


def test_deleting_an_event_removes_its_registrations(ctx):
    event = make_event()
    make_registration(event)
    db.session.commit()
    db.session.delete(event)
    db.session.commit()
    assert db.session.scalar(sa.text("SELECT count(*) FROM registrations")) == 0


def test_datetimes_come_back_aware_in_utc(ctx):
    event = make_event()
    item = make_item(event)
    db.session.commit()
    item_id = item.id
    db.session.expunge_all()
    from eventapp.models import AgendaItem

    again = db.session.get(AgendaItem, item_id)
    assert again.start_dt.utcoffset() == timedelta(0)
    assert again.end_dt - again.start_dt == timedelta(hours=1)
