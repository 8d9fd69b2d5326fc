"""Seeding for the reports benchmarks: a PostgreSQL database `bench_reports` with

- `forum-10k`: 3 days, 10,000 registrations, 30,000 check-ins (25,500 day check-ins,
  300 of them undone and scanned again, plus 4,200 at workshop doors), 6 workshops;
- `lista-2000`: 1 day, 2,000 confirmed registrations (the attendance-list PDF).

Not a test. Used by benchmarks/reports_summary.py and benchmarks/reports_attendance_list.py.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the shared virtualenv may point `eventapp` at another checkout

from eventapp import create_app  # noqa: E402
from eventapp.extensions import Base, db  # noqa: E402
from eventapp.models import (  # noqa: E402
    AgendaItem,
    CheckIn,
    CheckInSource,
    Event,
    EventOrganisation,
    EventRoleKind,
    EventStatus,
    ItemKind,
    OrganisationPart,
    OrganisationType,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.tokens import new_token  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports")
WARSAW = ZoneInfo("Europe/Warsaw")
DAYS = [date(2026, 5, 12), date(2026, 5, 13), date(2026, 5, 14)]
ORGANISER_EMAIL = "organizator@bench.example.org"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway benchmark account)
SURNAMES = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zielińska",
            "Szymański", "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Kwiatkowski", "Krawczyk",
            "Piotrowska", "Grabowski", "Nowakowska", "Pawłowski", "Michalska", "Król", "Wieczorek", "Jabłoński",
            "Wróbel", "Majewska", "Olszewski", "Stępień", "Malinowski", "Jaworska", "Żak", "Śliwa", "Łuczak",
            "Ćwik", "Źrebiec"]
FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Łukasz", "Agnieszka", "Paweł", "Ewa", "Michał",
         "Żaneta", "Grzegorz", "Joanna", "Jędrzej", "Zofia", "Łucja"]


def ensure_database() -> None:
    name = sa.engine.make_url(BENCH_URL).database
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def bench_app(**overrides):
    return create_app("testing", SQLALCHEMY_DATABASE_URI=BENCH_URL, REPORTS_JOBS="inline", **overrides)


def _at(day: date, minutes_after_eight: float) -> datetime:
    return (datetime(day.year, day.month, day.day, 8, tzinfo=WARSAW) + timedelta(minutes=minutes_after_eight))


def _event(slug: str, title: str, days: list[date]) -> Event:
    event = Event(slug=slug, title=title, start_date=days[0], end_date=days[-1], status=EventStatus.FINISHED,
                  venue_name="Centrum Kongresowe „Łąka”", venue_address="ul. Żeromskiego 12", venue_city="Łódź",
                  capacity=12000, eu_funded=True,
                  funding_note="Projekt współfinansowany ze środków Unii Europejskiej w ramach Europejskiego "
                               "Funduszu Społecznego Plus.")
    event.organisations = [
        EventOrganisation(name="Ośrodek Wsparcia Ekonomii Społecznej Jura", part=OrganisationPart.ORGANISER),
        EventOrganisation(name="Europejski Fundusz Społeczny Plus", part=OrganisationPart.FUNDER),
    ]
    db.session.add(event)
    db.session.flush()
    return event


def _registrations(event: Event, count: int, rng: random.Random, *, statuses=True) -> list[int]:
    types = list(OrganisationType)
    rows = []
    waitlist = 0
    for n in range(count):
        roll = rng.random()
        status, source, position = RegistrationStatus.CONFIRMED, RegistrationSource.ONLINE, None
        if statuses and roll < 0.06:
            status = RegistrationStatus.CANCELLED
        elif statuses and roll < 0.10:
            waitlist += 1
            status, position = RegistrationStatus.WAITLISTED, waitlist
        elif statuses and roll < 0.13:
            source = RegistrationSource.WALK_IN
        rows.append(dict(
            event_id=event.id, first_name=rng.choice(FIRST), last_name=f"{rng.choice(SURNAMES)}-{n}",
            email=f"osoba{n}@{event.slug}.example.org", organisation=f"Organizacja {rng.randrange(400)}",
            organisation_type=rng.choice(types), status=status, waitlist_position=position, source=source,
            language="en" if n % 12 == 0 else "pl", manage_token=new_token(), badge_code=new_token(),
        ))
    db.session.execute(sa.insert(Registration), rows)
    return list(db.session.scalars(
        sa.select(Registration.id).where(Registration.event_id == event.id).order_by(Registration.id)))


def _checkin(event_id, registration_id, day, at, item_id=None, undone=False) -> dict:
    return dict(event_id=event_id, registration_id=registration_id, day=day, item_id=item_id, scanned_at=at,
                recorded_at=at, scan_id=new_token(), source=CheckInSource.SCANNER,
                undone_at=at + timedelta(minutes=1) if undone else None)


def seed() -> None:
    """Drop and rebuild the benchmark database (about a minute)."""
    ensure_database()
    app = bench_app()
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        Base.metadata.create_all(db.engine)
        from eventapp.auth.services import create_account, grant

        rng = random.Random(2026)  # noqa: S311  (test data, not secrets)
        event = _event("forum-10k", "Forum Ekonomii Społecznej 2026", DAYS)
        workshops = []
        for n in range(6):
            day = DAYS[1 + n % 2]
            start = _at(day, 120)
            item = AgendaItem(event=event, kind=ItemKind.WORKSHOP, title=f"Warsztat {n + 1}: źródła finansowania",
                              start_dt=start, end_dt=start + timedelta(hours=2), requires_signup=True, seat_limit=800)
            db.session.add(item)
            workshops.append(item)
        db.session.flush()
        ids = _registrations(event, 10_000, rng)
        signups = [dict(registration_id=rid, item_id=workshops[i % 6].id, status=SignupStatus.CONFIRMED)
                   for i, rid in enumerate(ids[:4200])]
        db.session.execute(sa.insert(WorkshopSignup), signups)
        # 25,500 day check-ins: 9,000 + 8,500 + 8,000, arrivals over 2½ hours; 300 undone and redone.
        checkins = []
        for day, number in zip(DAYS, (9000, 8500, 8000), strict=True):
            for rid in rng.sample(ids, number):
                checkins.append(_checkin(event.id, rid, day, _at(day, max(0.0, rng.gauss(60, 30)))))
        for row in checkins[:300]:
            checkins.append(dict(row, scan_id=new_token(), undone_at=row["scanned_at"] + timedelta(minutes=1)))
        # 4,200 check-ins at the workshop doors.
        for i, rid in enumerate(ids[:4200]):
            item = workshops[i % 6]
            checkins.append(_checkin(event.id, rid, item.start_dt.astimezone(WARSAW).date(),
                                     item.start_dt - timedelta(minutes=5), item_id=item.id))
        db.session.execute(sa.insert(CheckIn), checkins)

        listed = _event("lista-2000", "Seminarium: lista obecności 2 000 osób", [DAYS[0]])
        _registrations(listed, 2000, rng, statuses=False)

        organiser = create_account(ORGANISER_EMAIL, "Organizatorka Benchmarku", PASSWORD)
        db.session.flush()
        grant(organiser, event, EventRoleKind.ORGANISER)
        grant(organiser, listed, EventRoleKind.ORGANISER)
        db.session.commit()
        counts = {table: db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                  for table in ("registrations", "checkins", "workshop_signups")}
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        print("seeded", counts)
        db.engine.dispose()


def is_seeded() -> bool:
    ensure_database()
    engine = sa.create_engine(BENCH_URL)
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(sa.text("SELECT count(*) FROM checkins")) == 30_000)
    except sa.exc.ProgrammingError:
        return False
    finally:
        engine.dispose()


if __name__ == "__main__":
    seed()
