"""Check-in rules without HTTP: outcomes, idempotence, races, undo, search, counts, lists, uploads."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin import services
from eventapp.checkin.services import DoorError, Outcome, QueuedScan, ScanIdReused
from eventapp.extensions import db
from eventapp.models import (
    CheckInConflict,
    CheckInSource,
    ConflictKind,
    Event,
    Registration,
    RegistrationStatus,
    utcnow,
)
from tests.checkin.helpers import D1, D2, all_checkins, build_world, live_checkins


@pytest.fixture
def world(ctx):
    return build_world()


def scan(door, code, staff=None, **kw):
    return services.check_in(door, scan_id=kw.pop("scan_id", str(uuid.uuid4())), staff=staff, code=code, **kw)


def test_a_confirmed_badge_is_checked_in_once_with_the_station_scan_time(world):
    door = services.door_for(world.event, D1)
    at = datetime(2026, 6, 16, 7, 45, tzinfo=UTC)
    result = scan(door, world.anna.badge_code, world.staff, scanned_at=at, station="wejście-1")
    assert result.outcome == Outcome.CHECKED_IN
    assert result.registration.full_name == "Anna Łukasiewicz"
    [row] = live_checkins()
    assert (row.registration_id, row.day, row.item_id, row.scanned_at, row.station, row.staff_id) == (
        world.anna.id, D1, None, at, "wejście-1", world.staff.id)


def test_a_second_scan_answers_already_with_when_and_by_whom(world):
    door = services.door_for(world.event, D1)
    first = scan(door, world.anna.badge_code, world.staff)
    second = scan(door, world.anna.badge_code, world.organiser)
    assert second.outcome == Outcome.ALREADY
    assert second.checkin.id == first.checkin.id
    assert second.checkin.staff.name == "Marta Bramka"
    assert len(all_checkins()) == 1


def test_retrying_the_same_scan_id_returns_the_same_answer_and_counts_once(world):
    door = services.door_for(world.event, D1)
    first = scan(door, world.anna.badge_code, world.staff, scan_id="stacja-1-0001")
    again = scan(door, world.anna.badge_code, world.staff, scan_id="stacja-1-0001")
    assert again.outcome == Outcome.CHECKED_IN and again.replayed
    assert again.checkin.id == first.checkin.id
    assert len(all_checkins()) == 1


def test_a_scan_id_reused_for_another_door_is_refused(world):
    scan(services.door_for(world.event, D1), world.anna.badge_code, scan_id="x-1")
    with pytest.raises(ScanIdReused):
        scan(services.door_for(world.event, D2), world.anna.badge_code, scan_id="x-1")


@pytest.mark.parametrize("who, outcome", [
    ("celina", Outcome.CANCELLED),
    ("dawid", Outcome.WAITLISTED),
    ("stranger", Outcome.OTHER_EVENT),
])
def test_people_who_may_not_enter_are_told_why_and_nothing_is_recorded(world, who, outcome):
    result = scan(services.door_for(world.event, D1), getattr(world, who).badge_code)
    assert result.outcome == outcome
    if outcome == Outcome.OTHER_EVENT:
        assert result.registration is None  # nothing about another event's participant
    assert all_checkins() == []


@pytest.mark.parametrize("code", ["A" * 32, "too-short", "", "https://example.org/" + "B" * 32])
def test_unknown_and_malformed_codes_are_unknown(world, code):
    assert scan(services.door_for(world.event, D1), code).outcome == Outcome.UNKNOWN
    assert all_checkins() == []


def test_workshop_door_needs_a_confirmed_seat(world):
    door = services.door_for(world.event, None, world.workshop.id)
    assert door.day == D2
    assert scan(door, world.bartek.badge_code).outcome == Outcome.NOT_SIGNED_UP
    assert scan(door, world.ewa.badge_code).outcome == Outcome.NOT_SIGNED_UP  # waiting list
    assert scan(door, world.anna.badge_code).outcome == Outcome.CHECKED_IN
    [row] = all_checkins()
    assert (row.item_id, row.day) == (world.workshop.id, D2)


def test_a_lecture_door_takes_everyone_confirmed_and_is_separate_from_the_day(world):
    day = services.door_for(world.event, D1)
    lecture = services.door_for(world.event, D1, world.lecture.id)
    assert scan(day, world.bartek.badge_code).outcome == Outcome.CHECKED_IN
    assert scan(lecture, world.bartek.badge_code).outcome == Outcome.CHECKED_IN
    assert scan(lecture, world.bartek.badge_code).outcome == Outcome.ALREADY
    assert len(all_checkins()) == 2


def test_doors_outside_the_event_are_refused(world):
    with pytest.raises(DoorError):
        services.door_for(world.event, D1 - timedelta(days=1))
    with pytest.raises(DoorError):
        services.door_for(world.other_event, D1, world.lecture.id)
    with pytest.raises(DoorError):
        services.door_for(world.event, D2, world.lecture.id)  # the lecture is on day 1


def test_a_scan_time_from_a_station_clock_far_ahead_is_replaced_by_the_server_time(world):
    result = scan(services.door_for(world.event, D1), world.anna.badge_code,
                  scanned_at=utcnow() + timedelta(hours=3))
    assert result.checkin.scanned_at <= utcnow()


def test_undo_keeps_the_check_in_in_the_history_and_allows_a_new_scan(world):
    door = services.door_for(world.event, D1)
    first = scan(door, world.anna.badge_code, world.staff)
    undone = services.undo(world.event, first.checkin.id, world.organiser)
    assert undone.undone_at is not None and undone.undone_by_id == world.organiser.id
    assert services.undo(world.event, first.checkin.id, world.staff).undone_by_id == world.organiser.id
    assert services.counts(door).checked_in == 0
    again = scan(door, world.anna.badge_code, world.staff)
    assert again.outcome == Outcome.CHECKED_IN and again.checkin.id != first.checkin.id
    assert len(all_checkins()) == 2 and len(live_checkins()) == 1


def test_undo_of_another_events_check_in_is_none(world):
    result = scan(services.door_for(world.event, D1), world.anna.badge_code)
    assert services.undo(world.other_event, result.checkin.id, world.other_staff) is None
    assert live_checkins()[0].undone_at is None


def test_search_ignores_case_and_polish_accents(world):
    door = services.door_for(world.event, D1)
    assert [a.last_name for a in services.search(door, "LUKASIEWICZ")] == ["Łukasiewicz"]
    assert [a.last_name for a in services.search(door, "łąka")] == ["Łukasiewicz"]
    assert [a.last_name for a in services.search(door, "zdzblo")] == ["Źdźbło"]
    assert [a.last_name for a in services.search(door, "laka.org")] == ["Łukasiewicz"]
    assert [a.first_name for a in services.search(door, "anna fundacja")] == ["Anna"]
    assert services.search(door, "obcy") == []  # another event's people are not found
    assert services.search(door, "   ") == []


def test_search_results_say_the_state_at_the_door(world):
    door = services.door_for(world.event, None, world.workshop.id)
    scan(door, world.anna.badge_code, world.staff)
    states = {a.first_name: (a.state, a.checked_in_by) for a in services.search(door, "a")}
    assert states["Anna"] == ("confirmed", "Marta Bramka")
    assert states["Ewa"] == ("not_signed_up_for_item", None)
    assert states["Celina"] == ("cancelled", None)
    assert states["Dawid"] == ("waitlisted", None)


def test_a_search_result_can_be_checked_in_by_its_id_but_not_another_events(world):
    door = services.door_for(world.event, D1)
    result = services.check_in(door, scan_id="s1", staff=world.staff, registration_id=world.bartek.id,
                               source=CheckInSource.SEARCH)
    assert result.outcome == Outcome.CHECKED_IN
    result = services.check_in(door, scan_id="s2", staff=world.staff, registration_id=world.stranger.id)
    assert result.outcome == Outcome.UNKNOWN


def test_counts_against_expected(world):
    day = services.door_for(world.event, D1)
    workshop = services.door_for(world.event, None, world.workshop.id)
    assert services.counts(day) == services.Counts(0, 3)  # anna, bartek, ewa
    assert services.counts(workshop) == services.Counts(0, 1)  # only anna has a seat
    scan(day, world.anna.badge_code)
    scan(day, world.bartek.badge_code)
    scan(workshop, world.anna.badge_code)
    assert services.counts(day) == services.Counts(2, 3)
    assert services.counts(workshop) == services.Counts(1, 1)
    assert services.counts(services.door_for(world.event, D2)) == services.Counts(0, 3)


def test_the_offline_list_carries_hashes_not_codes_and_later_syncs_only_changes(world):
    door = services.door_for(world.event, D1)
    first = services.attendee_list(door)
    assert first.full
    by_name = {a.first_name: a for a in first.people}
    assert set(by_name) == {"Anna", "Bartosz", "Celina", "Dawid", "Ewa"}
    assert by_name["Anna"].code_hash == services.code_hash(world.anna.badge_code)
    assert world.anna.badge_code not in repr(first.people)
    assert by_name["Celina"].state == "cancelled"

    since = utcnow()
    scan(door, world.anna.badge_code, world.staff)
    world.bartek.status = RegistrationStatus.CANCELLED
    db.session.commit()
    later = services.attendee_list(door, since=since)
    assert not later.full
    assert {a.first_name: (a.state, a.checked_in_by) for a in later.people} == {
        "Anna": ("confirmed", "Marta Bramka"), "Bartosz": ("cancelled", None)}
    assert later.cursor < utcnow()
    assert services.attendee_list(door, since=utcnow() + timedelta(minutes=1)).people == []


def test_offline_uploads_keep_scan_times_and_report_conflicts(world):
    door = services.door_for(world.event, D1)
    t0 = datetime(2026, 6, 16, 7, 30, tzinfo=UTC)
    # Meanwhile, online: Bartosz came in at another station and Anna's registration was cancelled.
    scan(door, world.bartek.badge_code, world.organiser, station="wejście-2")
    anna = db.session.get(Registration, world.anna.id)
    anna.status = RegistrationStatus.CANCELLED
    db.session.commit()
    queued = [
        QueuedScan("off-1", D1, t0, code=world.ewa.badge_code),
        QueuedScan("off-2", D1, t0 + timedelta(minutes=1), code=world.bartek.badge_code),
        QueuedScan("off-3", D1, t0 + timedelta(minutes=2), code=world.anna.badge_code),
        QueuedScan("off-4", D1 - timedelta(days=3), t0, code=world.ewa.badge_code),
    ]
    results = services.upload_scans(world.event, queued, staff=world.staff, station="wejście-1")
    assert [r.outcome for r in results] == [Outcome.CHECKED_IN, Outcome.ALREADY, Outcome.CANCELLED,
                                            Outcome.INVALID]
    ewa_row = live_checkins(world.ewa.id)[0]
    assert (ewa_row.scanned_at, ewa_row.source, ewa_row.station) == (t0, CheckInSource.OFFLINE, "wejście-1")
    conflicts = services.open_conflicts(world.event)
    assert [(c.kind, c.registration_id, c.scanned_at) for c in conflicts] == [
        (ConflictKind.DUPLICATE, world.bartek.id, t0 + timedelta(minutes=1)),
        (ConflictKind.CANCELLED, world.anna.id, t0 + timedelta(minutes=2)),
    ]
    assert conflicts[0].existing_checkin.station == "wejście-2"

    # The station did not hear the answer and uploads again: same answers, nothing twice.
    again = services.upload_scans(world.event, queued, staff=world.staff, station="wejście-1")
    assert [(r.outcome, r.replayed) for r in again] == [
        (Outcome.CHECKED_IN, True), (Outcome.ALREADY, True), (Outcome.CANCELLED, True), (Outcome.INVALID, False)]
    assert len(all_checkins()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckInConflict)) == 2

    services.resolve_conflict(world.event, conflicts[0].id, world.staff)
    assert [c.kind for c in services.open_conflicts(world.event)] == [ConflictKind.CANCELLED]
    assert services.resolve_conflict(world.other_event, conflicts[1].id, world.other_staff) is None


def _race(app, event_id, day, codes_and_ids, pause_after_check: bool):
    """Scan in threads that each pass the 'already checked in?' check before any inserts."""
    barrier = threading.Barrier(len(codes_and_ids), timeout=60)  # generous: CI machines can be busy
    original = services._look_up
    waited: set[int] = set()

    def look_up_then_wait(*args):
        found = original(*args)
        me = threading.get_ident()
        if pause_after_check and me not in waited:
            waited.add(me)
            barrier.wait()
        return found

    results, errors = [], []

    def worker(code, scan_id):
        with app.app_context():
            try:
                door = services.door_for(db.session.get(Event, event_id), day)
                result = services.check_in(door, scan_id=scan_id, staff=None, code=code)
                results.append((result.outcome, result.replayed, result.checkin.id if result.checkin else None))
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    services._look_up = look_up_then_wait
    try:
        threads = [threading.Thread(target=worker, args=pair) for pair in codes_and_ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=90)
    finally:
        services._look_up = original
    assert errors == []
    return results


def test_two_stations_scanning_one_badge_at_once_record_one_check_in(app, ctx):
    world = build_world()
    # On PostgreSQL both transactions pass the check before either inserts, so the unique index
    # decides; SQLite serialises writers (BEGIN IMMEDIATE), so there the second simply sees the first.
    postgres = db.engine.dialect.name == "postgresql"
    code, event_id = world.anna.badge_code, world.event.id
    db.session.commit()  # the main thread holds no transaction (SQLite's write lock) while they race
    results = _race(app, event_id, D1, [(code, "station-a-1"), (code, "station-b-1")], postgres)
    assert sorted(r[0] for r in results) == [Outcome.ALREADY, Outcome.CHECKED_IN]
    assert results[0][2] == results[1][2]  # the loser names the winner's check-in
    db.session.expire_all()
    assert len(all_checkins()) == 1


def test_the_same_scan_retried_concurrently_is_counted_once(app, ctx):
    world = build_world()
    postgres = db.engine.dialect.name == "postgresql"
    code, event_id = world.anna.badge_code, world.event.id
    db.session.commit()
    results = _race(app, event_id, D1, [(code, "retry-1"), (code, "retry-1")], postgres)
    assert sorted((r[0], r[1]) for r in results) == [(Outcome.CHECKED_IN, False), (Outcome.CHECKED_IN, True)]
    db.session.expire_all()
    assert len(all_checkins()) == 1
