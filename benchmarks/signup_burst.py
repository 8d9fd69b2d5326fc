"""1,000 sign-ups at once to a 70-seat event through gunicorn (4 workers) on PostgreSQL,
against a bare Flask endpoint under the same gunicorn settings in the same run.

    .venv/bin/python benchmarks/signup_burst.py [--signups 1000] [--capacity 70] [--workers 4]
        [--connections 1000] [--threads 4]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test_badges_bench]

What it does:
1. creates the scratch database if it does not exist (refuses the name "test"), drops and
   makes its tables again, and seeds one published event with `--capacity` seats and an
   open registration window;
2. starts gunicorn with the real app (wsgi:app, production settings) on 127.0.0.1:5210 and
   a bare Flask app (one POST view answering "ok") on 127.0.0.1:5211, both `-w <workers>`;
3. fetches the sign-up form once, like a browser: the session cookie, its CSRF token and the
   signed time the form was shown (the app refuses forms sent within 3 s of being shown, so
   the burst starts after that), then lets wrk post the form `--signups` times with unique
   emails — every request exactly once: a Lua `delay()` hands each connection one of the
   sign-ups and parks it once all are given out, and each thread stops when its last
   answer arrives (so wrk's latency histogram holds the sign-ups and nothing else);
4. the same burst against the bare endpoint (the ceiling), then prints sign-ups per second,
   latency p50/p95/p99, confirmed, waitlisted and errors, and the ratio;
5. checks with SQL that confirmed == capacity, that the waiting list is numbered 1..n without
   gaps, and that no email is registered twice.

Choices for the run (also in docs/performance.md): rate limits are off (RATELIMIT_ENABLED=0),
since 1,000 sign-ups from one address is exactly what they exist to stop; CSRF stays ON
(one session and token fetched beforehand, as one browser would; all requests share it);
email is queued in the outbox table as in production but not delivered during the run
(MAIL_DELIVERY=worker: no `flask mail deliver` worker is started); request logging is off.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]

import sqlalchemy as sa  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import Event, EventStatus, utcnow  # noqa: E402

APP_PORT, BARE_PORT = 5210, 5211
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test_badges_bench"
SLUG = "forum-burst"

BARE_APP = '''
from flask import Flask

app = Flask(__name__)


@app.post("/events/<slug>/register")
def register(slug):
    return "ok"
'''

# One sign-up per request; `delay()` runs before each request is built, so it is where a
# connection is given a sign-up (or parked, once they are all given out).
LUA = r'''
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  local share = math.floor(TOTAL / THREADS)
  if next_id <= TOTAL % THREADS then share = share + 1 end
  thread:set("quota", share)
  table.insert(threads, thread)
  next_id = next_id + 1
end

function init(args)
  given, built, answered = 0, 0, 0
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = COOKIE
end

function delay()
  if given < quota then
    given = given + 1
    return 0
  end
  return 3600000  -- parked: every sign-up of this thread is out
end

function request()
  built = built + 1
  local n = string.format("%d-%04d", id, built)
  local body = BODY:gsub("{n}", n)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if answered == quota then
    -- wrk's main thread sleeps for the whole -d; this line tells the harness to end it.
    io.stderr:write("THREAD-DONE\n")
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    local tally = thread:get("statuses")
    for status, count in pairs(tally) do
      by_status[tostring(status)] = (by_status[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  io.write(string.format(
    'BURST {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, "status_errors": %d, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status, table.concat(parts, ", ")))
end
'''


def lua_script(total: int, threads: int, cookie: str, body: str) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    # `id` and `quota` become globals of each thread's Lua state through thread:set() in setup().
    return f"TOTAL = {total}\nTHREADS = {threads}\nCOOKIE = {quoted(cookie)}\nBODY = {quoted(body)}\n" + LUA


def ensure_database(url: str) -> None:
    target = sa.engine.make_url(url)
    if target.database in (None, "", "test", "postgres"):
        sys.exit(f"refusing to use the database {target.database!r}: pick a scratch database")
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def seed(url: str, capacity: int) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = date.today() + timedelta(days=30)
        db.session.add(Event(
            slug=SLUG, title="Forum Ekonomii Społecznej — zapisy", start_date=start, end_date=start,
            venue_name="Centrum Konferencyjne", venue_city="Zielonowo", status=EventStatus.PUBLISHED,
            capacity=capacity, registration_opens_at=utcnow() - timedelta(days=1),
            registration_closes_at=utcnow() + timedelta(days=20),
        ))
        db.session.commit()
        db.engine.dispose()


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except urllib.error.HTTPError:
            return  # it answers (405 for GET on the bare POST view)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def fetch_form(url: str) -> tuple[str, dict[str, str]]:
    """The session cookie and hidden fields of the sign-up form, as a browser gets them."""
    with urllib.request.urlopen(url) as response:  # noqa: S310 (loopback only)
        page = response.read().decode()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    hidden = {name: html.unescape(value) for name, value in re.findall(
        r'<input[^>]*name="(csrf_token|started)"[^>]*value="([^"]*)"', page)}
    if "csrf_token" not in hidden or "started" not in hidden:
        sys.exit("the sign-up form has no csrf_token/started field: has the form changed?")
    return "; ".join(cookies), hidden


def form_body(hidden: dict[str, str]) -> str:
    fields = {
        **hidden,
        "first_name": "Zażółć", "last_name": "Gęślą-{n}", "email": "uczestnik-{n}@burst.example.org",
        "organisation": "Fundacja Łódzkich Inicjatyw", "organisation_type": "ngo",
        "position": "Koordynatorka projektów", "phone": "", "consent_data": "y", "website": "",
    }
    # {n} must survive the encoding: Lua fills it in with the thread and request number.
    return urllib.parse.urlencode(fields).replace("%7Bn%7D", "{n}")


def run_burst(url: str, script: Path, threads: int, connections: int) -> dict:
    """Run wrk until every thread has had all its answers; the wall time is measured here,
    from starting wrk to the last answer (wrk's own duration would include its -d sleep)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", "-d600s", "--timeout", "300s", "-s", str(script), url]
    started = time.perf_counter()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finished = 0
    for line in wrk.stderr:
        if line.strip() == "THREAD-DONE":
            finished += 1
            if finished == threads:
                break
    elapsed = time.perf_counter() - started
    wrk.send_signal(signal.SIGINT)  # ends wrk's sleep: it joins the threads and prints the summary
    output, errors = wrk.communicate(timeout=60)
    line = next((line for line in output.splitlines() if line.startswith("BURST ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{output}\n{errors}")
    result = json.loads(line[len("BURST "):])
    result["seconds"] = elapsed
    return result


def verify(url: str, capacity: int) -> dict:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        event_id = conn.scalar(sa.text("SELECT id FROM events WHERE slug = :s"), {"s": SLUG})
        counts = dict(conn.execute(sa.text(
            "SELECT status, count(*) FROM registrations WHERE event_id = :e GROUP BY status"), {"e": event_id}).all())
        duplicates = conn.scalar(sa.text(
            "SELECT count(*) FROM (SELECT email FROM registrations WHERE event_id = :e "
            "GROUP BY email HAVING count(*) > 1) d"), {"e": event_id})
        positions = [p for (p,) in conn.execute(sa.text(
            "SELECT waitlist_position FROM registrations WHERE event_id = :e AND status = 'waitlisted' "
            "ORDER BY waitlist_position"), {"e": event_id})]
        queued_mail = conn.scalar(sa.text("SELECT count(*) FROM outbound_emails"))
    engine.dispose()
    return {"confirmed": counts.get("confirmed", 0), "waitlisted": counts.get("waitlisted", 0),
            "total": sum(counts.values()), "duplicate_emails": duplicates,
            "waitlist_numbered_1_to_n": positions == list(range(1, len(positions) + 1)),
            "queued_emails": queued_mail, "capacity": capacity}


def ms(us: int) -> str:
    return f"{us / 1000:.0f} ms" if us < 10_000_000 else f"{us / 1e6:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=70)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="wrk threads")
    parser.add_argument("--connections", type=int, default=1000,
                        help="wrk connections (default: one per sign-up, all at once)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE,
                        help="a scratch PostgreSQL database (its tables are dropped and made again)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    connections = max(args.threads, min(args.connections, args.signups))

    ensure_database(args.database_url)
    seed(args.database_url, args.capacity)
    folder = Path(tempfile.mkdtemp(prefix="signup-burst-"))
    (folder / "bare_app.py").write_text(BARE_APP)
    env = dict(os.environ, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=args.database_url, PUBLIC_BASE_URL="https://wydarzenia.example.pl",
               MAIL_DELIVERY="worker", RATELIMIT_ENABLED="0", LOG_REQUESTS="0", LOG_LEVEL="WARNING",
               MAIL_FOLDER=str(folder / "mail"))
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    # Same settings for both: sync workers, default backlog (2048), a timeout the burst cannot hit.
    common = ["-w", str(args.workers), "--timeout", "300", "--log-level", "warning"]
    servers = [
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{APP_PORT}", "wsgi:app"], cwd=ROOT, env=env),
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{BARE_PORT}", "bare_app:app"], cwd=folder, env=env),
    ]
    try:
        register = f"http://127.0.0.1:{APP_PORT}/events/{SLUG}/register"
        bare = f"http://127.0.0.1:{BARE_PORT}/events/{SLUG}/register"
        wait_for(register)
        wait_for(bare)
        # Warm every worker (imports, first connection) with a few GETs of the form.
        for _ in range(4 * args.workers):
            fetch_form(register)
        cookie, hidden = fetch_form(register)
        time.sleep(3.2)  # the form must have been open for 3 s (REGISTRATION_MIN_FILL_SECONDS)
        script = folder / "burst.lua"
        script.write_text(lua_script(args.signups, args.threads, cookie, form_body(hidden)))

        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        signups = run_burst(register, script, args.threads, connections)
        ceiling = run_burst(bare, script, args.threads, connections)
        check = verify(args.database_url, args.capacity)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)

    print(f"database postgresql ({sa.engine.make_url(args.database_url).database}); gunicorn -w {args.workers} "
          f"(sync); wrk -t{args.threads} -c{connections}, {args.signups} POSTs, each sent once; "
          f"capacity {args.capacity}; load average before the burst {load}; cores {os.cpu_count()}")
    print(f"{'target':28} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'wall':>8}  answers")
    for name, result in (("sign-up (POST /register)", signups), ("bare Flask endpoint", ceiling)):
        seconds = result["seconds"]
        print(f"{name:28} {result['requests'] / seconds:8.1f} {ms(result['p50_us']):>8} {ms(result['p95_us']):>8} "
              f"{ms(result['p99_us']):>8} {ms(result['max_us']):>8} {seconds:7.2f}s  {result['statuses']}")
    rate = signups["requests"] / signups["seconds"]
    bare_rate = ceiling["requests"] / ceiling["seconds"]
    socket_errors = sum(signups[k] for k in ("connect", "read", "write", "timeout"))
    http_errors = sum(n for status, n in signups["statuses"].items() if status != "200")
    print(f"sign-ups per second: {rate:.1f}; bare endpoint: {bare_rate:.1f}; ratio bare/sign-up: {bare_rate / rate:.1f}")
    print(f"confirmed {check['confirmed']}, waitlisted {check['waitlisted']}, stored {check['total']} of "
          f"{args.signups}; errors: {http_errors} HTTP (non-200), {socket_errors} socket "
          f"(connect {signups['connect']}, read {signups['read']}, write {signups['write']}, "
          f"timeout {signups['timeout']})")
    ok = (check["confirmed"] == args.capacity and check["duplicate_emails"] == 0
          and check["waitlist_numbered_1_to_n"] and check["total"] == args.signups)
    print(f"SQL check: confirmed == {args.capacity}: {check['confirmed'] == args.capacity}; duplicate emails: "
          f"{check['duplicate_emails']}; waiting list numbered 1..{check['waitlisted']} without gaps: "
          f"{check['waitlist_numbered_1_to_n']}; emails queued in the outbox: {check['queued_emails']}"
          f" -> {'OK' if ok else 'FAILED'}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
