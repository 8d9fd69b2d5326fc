"""Check-in endpoint under gunicorn with wrk at concurrency 1, 8 and 32, beside a bare Flask endpoint.

    .venv/bin/python benchmarks/checkin_wrk.py [--seconds 10] [--workers 2] [--threads 4]
        [--people 20000] [--database-url postgresql://postgres@127.0.0.1:5432/bench_checkin]

Builds a scratch PostgreSQL database (`bench_checkin`, dropped and made again) holding one
published event with PEOPLE confirmed registrations and a staff account, starts two
gunicorns on loopback with the same settings (ports 5300 and 5301): eventapp with
production settings, and a Flask app whose one view answers "ok". Signs the staff member in
through the real login form (CSRF included) and runs wrk with a Lua script that POSTs to
/api/events/<slug>/checkins: every request carries a different badge code and a different
scan id, so each is a real first check-in (lookup, insert under the unique indexes, commit,
counts). Check-ins are emptied between runs; the check-ins column counts what each run
recorded (requests still in flight when wrk stopped are recorded but not counted by wrk). Prints req/s, p50/p90/p99 and the ratio to the
bare endpoint for each concurrency, and how many check-ins each run recorded.
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

APP_PORT, BARE_PORT = 5300, 5301
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
  cookie = args[3]
  csrf = args[4]
  day = args[5]
  run = args[6]
  pace = tonumber(args[7] or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = cookie
  wrk.headers["X-CSRFToken"] = csrf
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


def seed(database_url: str, people: int, codes_file: Path) -> None:
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
        db.session.commit()
        db.engine.dispose()
    codes_file.write_text("\n".join(codes) + "\n")


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
    time.sleep(2)  # requests still in flight when wrk stopped finish first
    with engine.begin() as conn:
        count = conn.scalar(sa.select(sa.func.count()).select_from(CheckIn.__table__))
        conn.execute(sa.text("TRUNCATE checkins CASCADE"))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", help="gunicorn's -k: sync as README advises, or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--runs", default="1,8,32,8@250",
                        help="comma-separated connections, each optionally @pace in ms between a station's scans")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin",
                        help="a scratch PostgreSQL database: it is dropped and made again")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    folder = Path(tempfile.mkdtemp(prefix="checkin-wrk-"))
    codes_file = folder / "codes.txt"
    started = time.monotonic()
    seed(args.database_url, args.people, codes_file)
    print(f"seeded {args.people} registrations in {time.monotonic() - started:.1f} s")
    (folder / "bare_app.py").write_text(BARE_APP)
    script = folder / "checkin.lua"
    script.write_text(LUA)

    env = dict(os.environ, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=args.database_url, RATELIMIT_ENABLED="false", LOG_REQUESTS="false")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    common = ["-w", str(args.workers), "-k", args.worker_class, "--threads", str(args.threads), "--log-level", "warning"]
    servers = [
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{APP_PORT}", "wsgi:app"], cwd=ROOT, env=env),
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{BARE_PORT}", "bare_app:app"], cwd=folder, env=env),
    ]
    engine = sa.create_engine(args.database_url)
    try:
        wait_for(BARE_PORT)
        wait_for(APP_PORT)
        cookie, csrf = sign_in()
        # Warm both servers up (imports, connection pools, prepared statements in every worker)
        # so that the first measured run does not time a cold start.
        warm_args = [str(codes_file), cookie, csrf, DAY.isoformat(), "warm", "0"]
        run_wrk(f"http://127.0.0.1:{BARE_PORT}/", script, warm_args, 3, 8)
        run_wrk(f"http://127.0.0.1:{APP_PORT}/api/events/{SLUG}/checkins", script, warm_args, 3, 8)
        count_and_clear_checkins(engine)
        print(f"gunicorn -w {args.workers} -k {args.worker_class} --threads {args.threads} (both servers); "
              f"wrk -d{args.seconds}s --latency, POST with a distinct badge and scan id per request; "
              f"database postgresql; cores {os.cpu_count()}; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'endpoint':34} {'conc':>4} {'req/s':>8} {'p50':>9} {'p90':>9} {'p99':>9} {'this/bare':>9} "
              f"{'check-ins':>9}")
        # Saturated runs (each connection scans again the moment it has an answer), then 8 stations
        # at a brisk door's pace: a scan every 250 ms each, 32 scans/s in all.
        runs = [(int(c), int(p or 0)) for c, _, p in (r.partition("@") for r in args.runs.split(","))]
        for run, (connections, pace) in enumerate(runs):
            lua_args = [str(codes_file), cookie, csrf, DAY.isoformat(), f"r{run}", str(pace)]
            bare = run_wrk(f"http://127.0.0.1:{BARE_PORT}/", script, lua_args, args.seconds, connections)
            checkin = run_wrk(f"http://127.0.0.1:{APP_PORT}/api/events/{SLUG}/checkins", script, lua_args,
                              args.seconds, connections)
            recorded = count_and_clear_checkins(engine)
            paced = f", every {pace} ms" if pace else ""
            for name, result, made in ((f"bare Flask endpoint{paced}", bare, ""),
                                       (f"check-in{paced}" if pace else "check-in (POST, new badge)", checkin,
                                        str(recorded))):
                lat = result["latency"]
                ratio = result["rps"] / bare["rps"]
                note = (f"  non-2xx: {result['non_2xx']}" if result["non_2xx"] else "") + (
                    f"  socket errors: {result['errors']}" if result["errors"] else "")
                print(f"{name:34} {connections:>4} {result['rps']:8.1f} {lat['50']:>9} {lat['90']:>9} {lat['99']:>9} "
                      f"{ratio:9.3f} {made:>9}{note}")
            if recorded < checkin["total"]:
                print(f"  note: {checkin['total']} requests but {recorded} check-ins: badges reused past "
                      f"{args.people} (raise --people)")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        engine.dispose()


if __name__ == "__main__":
    main()
