"""Check-in under gunicorn with wrk, as years of check-ins pile up, with a session and with a
station token, beside a bare Flask endpoint and a one-UPDATE PostgreSQL endpoint.

    .venv/bin/python benchmarks/checkin_wrk.py [--seconds 10] [--workers 2] [--runs 8]
        [--stored 0,50000,200000] [--people 20000]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin]

Builds a scratch PostgreSQL database (`bench_checkin`, dropped and made again) holding one
published event with PEOPLE confirmed registrations, a staff account and a station token,
and 50 past events with 4,000 registrations each. Starts three gunicorns on loopback with
the same settings: eventapp with production settings (port 5300), a Flask app whose one
view answers "ok" (5301), and a Flask app whose one view runs one UPDATE of a random row in
PostgreSQL in its own transaction (5302). For each number of check-ins already stored
(the past events' people checked in, then ANALYZE), wrk POSTs to
/api/events/<slug>/checkins with a distinct badge code and scan id per request, so each is a
real first check-in (look-up, insert under the unique indexes, commit): once signed in
through the real login form (cookie and X-CSRFToken), once with `Authorization: Bearer` and
a station token. The event's own check-ins are deleted between runs (the stored ones stay).
Prints req/s, p50/p90/p99, the ratio to the bare endpoint, the check-ins each run recorded,
and each scan's rate with N stored against the rate with none.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventapp import create_app  # noqa: E402
from eventapp.auth.services import create_account, grant  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.manage.station_tokens import create_token  # noqa: E402
from eventapp.models import (  # noqa: E402
    CheckIn,
    Event,
    EventRoleKind,
    EventStatus,
    OrganisationType,
    Registration,
    RegistrationStatus,
)
from eventapp.tokens import new_token  # noqa: E402

APP_PORT, BARE_PORT, UPDATE_PORT = 5300, 5301, 5302
PAST_EVENTS, PAST_PEOPLE = 50, 4_000
SLUG = "bench-checkin"
DAY = date(2026, 9, 15)
STAFF_EMAIL = "bramka@bench.example.org"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway benchmark account)

BARE_APP = '''
from flask import Flask

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def hello():
    return "ok"
'''

# One statement, one transaction: what a single-row write costs through Flask and psycopg.
UPDATE_APP = '''
import os
import random

import psycopg
from flask import Flask

app = Flask(__name__)
_conn = None


@app.route("/", methods=["GET", "POST"])
def update():
    global _conn
    if _conn is None:
        _conn = psycopg.connect(os.environ["BENCH_PSYCOPG_URL"], autocommit=True)
    _conn.execute("UPDATE bench_rows SET n = n + 1 WHERE id = %s", (random.randint(1, 1000),))
    return "ok"
'''

# Each wrk thread takes every n-th code of the file, so no two requests share a badge.
LUA = r'''
local codes = {}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
  stride = tonumber(args[2])
  auth = args[3]
  secret = args[4]
  csrf = args[5]
  day = args[6]
  run = args[7]
  pace = tonumber(args[8] or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if auth == "token" then
    wrk.headers["Authorization"] = "Bearer " .. secret
  else
    wrk.headers["Cookie"] = secret
    wrk.headers["X-CSRFToken"] = csrf
  end
end

function request()
  local n = index + counter * stride + 1
  counter = counter + 1
  local code = codes[((n - 1) % #codes) + 1]
  local body = string.format('{"scan_id":"%s-%d-%d","code":"%s","day":"%s","station":"wrk"}',
                             run, index, counter, code, day)
  return wrk.format(nil, nil, nil, body)
end

-- A station's think time between scans in ms (0: send the next scan as soon as the answer comes).
function delay()
  return pace
end
'''


def seed(database_url: str, people: int, codes_file: Path) -> str:
    """The scratch database; returns the station token (shown once, as in the back office)."""
    admin_url = sa.engine.make_url(database_url).set(database="postgres")
    name = sa.engine.make_url(database_url).database
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.create_all()
        event = Event(slug=SLUG, title="Forum wydajności", start_date=DAY, end_date=DAY,
                      status=EventStatus.PUBLISHED, capacity=None)
        db.session.add(event)
        db.session.add_all([Event(slug=f"archiwum-{n}", title=f"Forum {n}", start_date=DAY, end_date=DAY,
                                  status=EventStatus.PUBLISHED, capacity=None) for n in range(PAST_EVENTS)])
        db.session.flush()
        staff = create_account(STAFF_EMAIL, "Bramka Testowa", PASSWORD)
        db.session.flush()
        grant(staff, event, EventRoleKind.STAFF)
        codes = [new_token() for _ in range(people)]
        db.session.execute(sa.insert(Registration), [
            {"event_id": event.id, "first_name": "Osoba", "last_name": f"Testowa {n}",
             "email": f"osoba{n}@bench.example.org", "organisation": f"Organizacja {n % 400}",
             "organisation_type": OrganisationType.NGO, "status": RegistrationStatus.CONFIRMED,
             "manage_token": new_token(), "badge_code": code, "calendar_token": new_token()}
            for n, code in enumerate(codes)
        ])
        db.session.execute(sa.text("""
            INSERT INTO registrations (event_id, first_name, last_name, email, organisation, organisation_type,
                                       position, language, status, source, manage_token, badge_code,
                                       calendar_token, photo_consent, created_at, updated_at)
            SELECT e.id, 'Osoba', 'Numer ' || g, 'osoba' || g || '@example.org', '', 'ngo', '', 'pl',
                   'confirmed', 'online', md5('m' || e.id || '-' || g), md5('b' || e.id || '-' || g),
                   md5('c' || e.id || '-' || g), false, now(), now()
            FROM events e CROSS JOIN generate_series(1, :people) g
            WHERE e.slug LIKE 'archiwum-%'
        """), {"people": PAST_PEOPLE})
        db.session.execute(sa.text("CREATE TABLE bench_rows (id integer PRIMARY KEY, n integer NOT NULL)"))
        db.session.execute(sa.text("INSERT INTO bench_rows SELECT g, 0 FROM generate_series(1, 1000) g"))
        db.session.commit()
        _token, clear = create_token(event, "wrk", staff)
        db.engine.dispose()
    codes_file.write_text("\n".join(codes) + "\n")
    return clear


def store_checkins(engine: sa.Engine, total: int) -> None:
    """Check the past events' people in until `total` check-ins of theirs are stored, then ANALYZE."""
    with engine.begin() as conn:
        have = conn.scalar(sa.text("SELECT count(*) FROM checkins"))
        if total > have:
            conn.execute(sa.text("""
                INSERT INTO checkins (event_id, registration_id, day, item_id, scanned_at, recorded_at,
                                      scan_id, station, source)
                SELECT r.event_id, r.id, :day, NULL, now(), now(), 'archiwum-' || r.id, 'wejście', 'scanner'
                FROM registrations r JOIN events e ON e.id = r.event_id
                WHERE e.slug LIKE 'archiwum-%'
                  AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id)
                ORDER BY r.id LIMIT :more
            """), {"day": DAY, "more": total - have})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _get(port: int, path: str, cookie: str = "") -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.headers, body


def _session_cookie(headers) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return ""


def sign_in() -> tuple[str, str]:
    """The session cookie and CSRF token of the staff member, through the real login form."""
    _status, headers, body = _get(APP_PORT, "/auth/login")
    cookie = _session_cookie(headers)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": STAFF_EMAIL, "password": PASSWORD})
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    conn.request("POST", "/auth/login", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    cookie = _session_cookie(response.headers) or cookie
    conn.close()
    status, _headers, page = _get(APP_PORT, f"/checkin/{SLUG}/?day={DAY.isoformat()}", cookie)
    if status != 200:
        raise RuntimeError(f"signing in failed: the station answered {status}")
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return cookie, csrf


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _get(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer within {timeout} s")


def run_wrk(url: str, script: Path, args: list[str], seconds: int, connections: int) -> dict:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url,
               "--", *args[:1], str(threads), *args[1:]]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: re.search(rf"\s{p}%\s+([\d.]+\w+)", output).group(1) for p in ("50", "90", "99")}
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {"rps": rps, "latency": latency, "total": total, "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "errors": errors.group(1) if errors else ""}


def count_and_clear_checkins(engine: sa.Engine) -> int:
    """The run's check-ins at the benchmark event, then deleted (the stored ones stay)."""
    time.sleep(2)  # requests still in flight when wrk stopped finish first
    with engine.begin() as conn:
        event_id = conn.scalar(sa.select(Event.id).where(Event.slug == SLUG))
        table = CheckIn.__table__
        count = conn.scalar(sa.select(sa.func.count()).select_from(table).where(table.c.event_id == event_id))
        conn.execute(sa.delete(table).where(table.c.event_id == event_id))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE checkins"))
    return count


def _row(name: str, connections: int, result: dict, bare: dict, made: str) -> None:
    lat = result["latency"]
    note = (f"  non-2xx: {result['non_2xx']}" if result["non_2xx"] else "") + (
        f"  socket errors: {result['errors']}" if result["errors"] else "")
    print(f"{name:34} {connections:>4} {result['rps']:8.1f} {lat['50']:>9} {lat['90']:>9} {lat['99']:>9} "
          f"{result['rps'] / bare['rps']:9.3f} {made:>9}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn's -k: sync as README advises, or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--stored", default="0,50000,200000",
                        help="comma-separated numbers of check-ins stored (at past events) before each round")
    parser.add_argument("--runs", default="8",
                        help="comma-separated connections, each optionally @pace in ms between a station's scans")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin",
                        help="a scratch PostgreSQL database: it is dropped and made again")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    stored_levels = [int(n) for n in args.stored.split(",")]
    if max(stored_levels) > PAST_EVENTS * PAST_PEOPLE:
        sys.exit(f"at most {PAST_EVENTS * PAST_PEOPLE} stored check-ins")

    folder = Path(tempfile.mkdtemp(prefix="checkin-wrk-"))
    codes_file = folder / "codes.txt"
    started = time.monotonic()
    station_token = seed(args.database_url, args.people, codes_file)
    print(f"seeded {args.people} registrations (+{PAST_EVENTS * PAST_PEOPLE} at past events) "
          f"in {time.monotonic() - started:.1f} s")
    (folder / "bare_app.py").write_text(BARE_APP)
    (folder / "update_app.py").write_text(UPDATE_APP)
    script = folder / "checkin.lua"
    script.write_text(LUA)

    url = sa.engine.make_url(args.database_url)
    psycopg_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    env = dict(os.environ, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=args.database_url, MAIL_DELIVERY="worker", RATELIMIT_ENABLED="false", LOG_REQUESTS="false",
               BENCH_PSYCOPG_URL=psycopg_url)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    common = ["-w", str(args.workers), "-k", args.worker_class, "--threads", str(args.threads), "--log-level", "warning"]
    servers = [
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{APP_PORT}", "wsgi:app"], cwd=ROOT, env=env),
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{BARE_PORT}", "bare_app:app"], cwd=folder, env=env),
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{UPDATE_PORT}", "update_app:app"], cwd=folder,
                         env=env),
    ]
    engine = sa.create_engine(args.database_url)
    checkins_url = f"http://127.0.0.1:{APP_PORT}/api/events/{SLUG}/checkins"
    try:
        for port in (BARE_PORT, UPDATE_PORT, APP_PORT):
            wait_for(port)
        cookie, csrf = sign_in()
        auths = {"session": [cookie, csrf], "token": [station_token, "-"]}
        # Warm every server up (imports, connection pools, prepared statements in every worker)
        # so that the first measured run does not time a cold start.
        for auth in ("session", "token"):
            warm_args = [str(codes_file), auth, *auths[auth], DAY.isoformat(), f"warm-{auth}", "0"]
            run_wrk(checkins_url, script, warm_args, 3, 8)
        run_wrk(f"http://127.0.0.1:{BARE_PORT}/", script, warm_args, 3, 8)
        run_wrk(f"http://127.0.0.1:{UPDATE_PORT}/", script, warm_args, 3, 8)
        count_and_clear_checkins(engine)
        print(f"gunicorn -w {args.workers} -k {args.worker_class} --threads {args.threads} (all servers); "
              f"wrk -d{args.seconds}s --latency, POST with a distinct badge and scan id per request; "
              f"database postgresql; cores {os.cpu_count()}; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        runs = [(int(c), int(p or 0)) for c, _, p in (r.partition("@") for r in args.runs.split(","))]
        rates: dict[tuple, float] = {}
        for stored in stored_levels:
            store_checkins(engine, stored)
            print(f"\n{stored} check-ins stored")
            print(f"{'endpoint':34} {'conc':>4} {'req/s':>8} {'p50':>9} {'p90':>9} {'p99':>9} {'this/bare':>9} "
                  f"{'check-ins':>9}")
            for run, (connections, pace) in enumerate(runs):
                paced = f", every {pace} ms" if pace else ""
                base_args = [str(codes_file), "session", *auths["session"], DAY.isoformat(), f"s{stored}-{run}",
                             str(pace)]
                bare = run_wrk(f"http://127.0.0.1:{BARE_PORT}/", script, base_args, args.seconds, connections)
                _row(f"bare Flask endpoint{paced}", connections, bare, bare, "")
                update = run_wrk(f"http://127.0.0.1:{UPDATE_PORT}/", script, base_args, args.seconds, connections)
                _row(f"one UPDATE in PostgreSQL{paced}", connections, update, bare, "")
                for auth in ("session", "token"):
                    lua_args = [str(codes_file), auth, *auths[auth], DAY.isoformat(), f"{auth}{stored}-{run}",
                                str(pace)]
                    result = run_wrk(checkins_url, script, lua_args, args.seconds, connections)
                    recorded = count_and_clear_checkins(engine)
                    rates[(auth, connections, pace, stored)] = result["rps"]
                    _row(f"check-in, {auth}{paced}", connections, result, bare, str(recorded))
                    if recorded < result["total"]:
                        print(f"  note: {result['total']} requests but {recorded} check-ins: badges reused "
                              f"past {args.people} (raise --people)")
        print("\nscan rate with N stored / rate with none")
        for (auth, connections, pace, stored), rps in rates.items():
            empty = rates.get((auth, connections, pace, stored_levels[0]))
            if stored != stored_levels[0] and empty:
                print(f"  {auth:8} c{connections}{'@' + str(pace) if pace else ''}: {stored:>7} stored "
                      f"{rps:8.1f} / {empty:8.1f} = {rps / empty:.3f}")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        engine.dispose()


if __name__ == "__main__":
    main()
