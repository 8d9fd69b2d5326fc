"""How fast is the programme report for 20 events of 500 people each?

Seeds a scratch database (SQLite file by default, or --database-url) with a programme of 20
two-day events, 500 registrations each (a quarter of the people come to several events,
so 10,000 registrations are about 7,800 people), ~70 % checked in each day, a workshop per
event with door check-ins, four targets. Prints:
- the report service (counting, targets): median, worst, SQL statements;
- the report page and the XLSX through the Flask test client;
- with --wrk: HTTP under load with wrk against gunicorn (2 workers, port 5515), the report
  page next to a bare Flask endpoint in the same app and run, and their ratio.

    .venv/bin/python benchmarks/programme_report.py [--database-url URL] [--wrk]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventapp import create_app  # noqa: E402
from eventapp.auth.services import create_account  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import (  # noqa: E402
    AgendaItem,
    CheckIn,
    Event,
    EventStatus,
    ItemKind,
    OrganisationType,
    Programme,
    ProgrammeEvent,
    ProgrammeManager,
    ProgrammeTarget,
    Registration,
    RegistrationStatus,
    TargetUnit,
)
from eventapp.programmes.report import build_report  # noqa: E402
from eventapp.tokens import new_token  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 5515
EMAIL, PASSWORD = "kierownik@bench.example.org", "bench-password-1"
SECRET = "bench-secret-key-that-is-long-enough"  # noqa: S105  (benchmark only)
EVENTS, PEOPLE = 20, 500


@contextlib.contextmanager
def counting(engine):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def timed(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def seed(app) -> None:
    rng = random.Random(15)  # noqa: S311  (repeatable benchmark data)
    types = list(OrganisationType)
    with app.app_context():
        db.drop_all()
        db.create_all()
        account = create_account(EMAIL, "Kierownik", PASSWORD)
        programme = Programme(slug="bench", name="Program testowy", funder="EFS+")
        db.session.add(programme)
        db.session.flush()
        db.session.add(ProgrammeManager(programme_id=programme.id, account_id=account.id))
        for name, unit, goal, criteria in (("Wszyscy", TargetUnit.PEOPLE, 5000, {}),
                                           ("Dwa dni", TargetUnit.PEOPLE, 2000, {"min_days": 2}),
                                           ("Warsztaty", TargetUnit.PEOPLE, 1000, {"item_kind": "workshop"}),
                                           ("NGO", TargetUnit.ORGANISATIONS, 197, {"organisation_type": "ngo"})):
            db.session.add(ProgrammeTarget(programme_id=programme.id, name=name, unit=unit, goal=goal,
                                           criteria=criteria))
        pool = [(f"osoba{n}@bench.example.org", f"Imię{n}", f"Nazwisko{n}", f"Organizacja {n % 900}",
                 types[n % len(types)]) for n in range(2500)]
        next_person = 2500
        for e in range(EVENTS):
            start = date(2026, 1, 12) + timedelta(days=14 * e)
            event = Event(slug=f"bench-{e}", title=f"Seminarium {e}", start_date=start,
                          end_date=start + timedelta(days=1), status=EventStatus.FINISHED)
            db.session.add(event)
            db.session.flush()
            db.session.add(ProgrammeEvent(event_id=event.id, programme_id=programme.id))
            items = []
            for d in range(2):
                day_start = datetime(start.year, start.month, start.day, 8, tzinfo=UTC) + timedelta(days=d)
                item = AgendaItem(event_id=event.id, kind=ItemKind.WORKSHOP if d == 0 else ItemKind.LECTURE,
                                  title=f"Punkt {d}", start_dt=day_start, end_dt=day_start + timedelta(hours=6))
                db.session.add(item)
                items.append(item)
            db.session.flush()
            people = rng.sample(pool, 125)
            for _ in range(PEOPLE - 125):
                people.append((f"nowa{next_person}@bench.example.org", f"Imię{next_person}",
                               f"Nazwisko{next_person}", f"Organizacja {next_person % 900}",
                               types[next_person % len(types)]))
                next_person += 1
            rows = [dict(event_id=event.id, email=email, first_name=first, last_name=last, organisation=org,
                         organisation_type=org_type, status=RegistrationStatus.CONFIRMED, manage_token=new_token(),
                         badge_code=new_token(), calendar_token=new_token())
                    for email, first, last, org, org_type in people]
            db.session.execute(sa.insert(Registration), rows)
            ids = db.session.scalars(sa.select(Registration.id).where(Registration.event_id == event.id)).all()
            checkins = []
            for reg_id in ids:
                for d, day in enumerate(event.days):
                    if rng.random() < 0.7:
                        at = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                        checkins.append(dict(event_id=event.id, registration_id=reg_id, day=day, scanned_at=at,
                                             recorded_at=at, scan_id=new_token(), source="scanner"))
                        if d == 0 and rng.random() < 0.3:
                            checkins.append(dict(event_id=event.id, registration_id=reg_id, day=day,
                                                 item_id=items[0].id, scanned_at=at, recorded_at=at,
                                                 scan_id=new_token(), source="scanner"))
            db.session.execute(sa.insert(CheckIn), checkins)
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="sqlite:////tmp/eventapp-programme-bench.sqlite")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--wrk", action="store_true")
    args = parser.parse_args()
    app = create_app("production", SQLALCHEMY_DATABASE_URI=args.database_url, SECRET_KEY=SECRET,
                     RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False)
    start = time.perf_counter()
    seed(app)
    print(f"seeded in {time.perf_counter() - start:.0f} s ({args.database_url.split(':')[0]})")
    with app.app_context(), app.test_request_context("/"):
        programme = db.session.scalar(sa.select(Programme))
        with counting(db.engine) as statements:
            report = build_report(programme)
        print(f"{len(report.per_event)} events, {sum(r.registered for r in report.per_event)} registrations, "
              f"{report.registered_people} people, {report.attended_people} attended, "
              f"{len(report.repeat_people)} at more than one event, {report.organisations} organisations")
        print("targets: " + ", ".join(f"{t.target.name} {t.count}/{t.target.goal}" for t in report.targets))
        median, worst = timed(lambda: build_report(programme), args.runs)
        cpu = time.process_time()
        build_report(programme)
        cpu = time.process_time() - cpu
        print(f"report service: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms, "
              f"CPU {cpu * 1000:.0f} ms, {len(statements)} SQL statements")
    client = app.test_client()
    client.post("/auth/login", data={"email": EMAIL, "password": PASSWORD})
    for path in ("/manage/programmes/bench/report/", "/manage/programmes/bench/report.xlsx"):
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        median, worst = timed(lambda p=path: client.get(p), max(3, args.runs // 2))
        print(f"{path}: {len(response.data) // 1024} KiB, median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
    if args.wrk:
        http_figures(args.database_url, client.get_cookie("session").value)


def wrk(url: str, cookie: str) -> tuple[float, str]:
    out = subprocess.run(["wrk", "-t2", "-c2", "-d10s", "--latency", "-H", f"Cookie: session={cookie}", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, f"p50 {p50}" + (f", NON-2xx {non2xx.group(1)}" if non2xx else "")


def http_figures(url: str, cookie: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, EVENTAPP_CONFIG="production", SECRET_KEY=SECRET,
               RATELIMIT_ENABLED="false", SESSION_COOKIE_SECURE="false")
    log = open("/tmp/programme-bench-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{PORT}",
                               "--log-level", "warning", "benchmarks.reports_wsgi:app"],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        bare_rate, bare_lat = wrk(f"http://127.0.0.1:{PORT}/bench/bare", cookie)
        page_rate, page_lat = wrk(f"http://127.0.0.1:{PORT}/manage/programmes/bench/report/", cookie)
        print("wrk -t2 -c2 -d10s against gunicorn -w 2 (production settings):")
        print(f"  bare endpoint:  {bare_rate:8.1f} req/s ({bare_lat})")
        print(f"  report page:    {page_rate:8.1f} req/s ({page_lat})")
        print(f"  ratio report/bare: {page_rate / bare_rate:.4f} ({bare_rate / page_rate:.0f}x slower)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
