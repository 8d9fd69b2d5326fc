"""Hundreds of sign-ups in the same second on PostgreSQL never overbook.

Each sign-up runs in its own thread with its own app context, session and connection, all
released at once. A control run with the row lock switched off shows that the test can see
a race at all: without the guard the same load overbooks.
Needs TEST_DATABASE_URL (skipped otherwise).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from eventapp import create_app
from eventapp.extensions import db
from eventapp.models import Event, Registration, RegistrationStatus, SignupStatus, WorkshopSignup
from eventapp.registration import services
from tests.conftest import queue_settings, truncate_all
from tests.factories import make_event, make_item, make_registration
from tests.registration.helpers import details

pytestmark = pytest.mark.postgres_only

SEATS = 70
PEOPLE = 150
CONNECTIONS = 40  # the server is shared with other test processes; threads queue for these


@pytest.fixture
def pg_app(postgres_url, tmp_path):
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=postgres_url, MAIL_FOLDER=str(tmp_path / "mail"),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": CONNECTIONS, "max_overflow": 0, "pool_timeout": 120},
        # A real queue: in immediate mode each delivery task would run inside the committing
        # request and need a second connection while the request still holds its own, so 40
        # threads would wait on each other for the pool's 40 connections.
        **queue_settings(tmp_path),
    )
    with app.app_context():
        # Tables of models that only create_app() imports (the session schema may predate them).
        db.create_all()
        truncate_all(db.engine)
    yield app
    with app.app_context():
        db.session.remove()
        truncate_all(db.engine)
        db.engine.dispose()


@dataclass
class Run:
    errors: list[BaseException]


def _all_at_once(app, count: int, work) -> Run:
    """Run work(n) in `count` threads released together, each in its own app context."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def one(n: int) -> None:
        start.wait()
        with app.app_context():
            try:
                work(n)
            except Exception as error:  # counted: the control run may hit unique violations
                errors.append(error)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    return Run(errors)


def _sign_up_everyone(app, event_id: int) -> Run:
    def work(n: int) -> None:
        event = db.session.get(Event, event_id)
        services.register(event, details(f"rownoczesny{n}@example.org"))

    return _all_at_once(app, PEOPLE, work)


def _new_event(app) -> int:
    with app.app_context():
        event = make_event(capacity=SEATS)
        db.session.commit()
        return event.id


def _event_statuses(app, event_id: int):
    with app.app_context():
        return db.session.execute(
            select(Registration.status, Registration.waitlist_position).where(Registration.event_id == event_id)
        ).all()


def test_150_simultaneous_sign_ups_for_70_seats(pg_app):
    event_id = _new_event(pg_app)
    run = _sign_up_everyone(pg_app, event_id)
    assert run.errors == []
    rows = _event_statuses(pg_app, event_id)
    assert len(rows) == PEOPLE
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = sorted(r.waitlist_position for r in rows if r.status == RegistrationStatus.WAITLISTED)
    assert len(confirmed) == SEATS
    assert waiting == list(range(1, PEOPLE - SEATS + 1))


def test_150_simultaneous_workshop_picks_for_70_seats(pg_app):
    with pg_app.app_context():
        event = make_event(capacity=None)
        item = make_item(event, requires_signup=True, seat_limit=SEATS)
        people = [make_registration(event).id for _ in range(PEOPLE)]
        db.session.commit()
        item_id = item.id

    def work(n: int) -> None:
        registration = db.session.get(Registration, people[n])
        services.sign_up_for_item(registration, db.session.get(type(item), item_id))

    run = _all_at_once(pg_app, PEOPLE, work)
    assert run.errors == []
    with pg_app.app_context():
        rows = db.session.execute(
            select(WorkshopSignup.status, WorkshopSignup.waitlist_position).where(WorkshopSignup.item_id == item_id)
        ).all()
    assert len(rows) == PEOPLE
    assert sum(1 for r in rows if r.status == SignupStatus.CONFIRMED) == SEATS
    assert sorted(r.waitlist_position for r in rows if r.status == SignupStatus.WAITLISTED) == list(
        range(1, PEOPLE - SEATS + 1))


def test_control_without_the_lock_the_same_load_overbooks(pg_app, monkeypatch):
    """Proof that the test above can see a race: switch the guard off and watch it overbook.

    A race is likely, not certain, so a run that happens not to overbook is tried again.
    """
    monkeypatch.setattr(services, "LOCK_ROWS", False)
    observed = []
    for _attempt in range(5):
        event_id = _new_event(pg_app)
        _sign_up_everyone(pg_app, event_id)  # errors expected: colliding waiting-list positions
        confirmed = sum(1 for r in _event_statuses(pg_app, event_id) if r.status == RegistrationStatus.CONFIRMED)
        observed.append(confirmed)
        if confirmed > SEATS:
            break
    assert max(observed) > SEATS, f"no overbooking seen without the lock in {len(observed)} runs: {observed}"
