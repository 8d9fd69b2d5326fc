"""What 15 sign-up questions cost: sign-ups per second with none and with 15 questions of
every type, through gunicorn on PostgreSQL, beside a bare Flask endpoint in the same app.

    .venv/bin/python benchmarks/questions_signup.py [--seconds 10] [--runs 3] [--workers 2]
        [--connections 4] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_questions]

1. makes the scratch database (refuses "test"/"postgres"), drops and creates the tables, and
   seeds two published events with no seat limit: "plain" without questions and "asked" with
   15 questions (2 short texts, a long text, 2 numbers, a date, 2 yes/no, 2 one-of-a-list,
   2 several-of-a-list, a county, a municipality, a consent; one of them asked only if);
2. starts gunicorn (sync, `--workers`) on 127.0.0.1:5230 with production settings except:
   CSRF and the minimum fill time off (every request is a fresh sign-up from one client, as
   no browser would send them), rate limits off, mail queued in the outbox but not delivered;
   the app also answers POST /bench/bare with "ok" (the ceiling of Flask under gunicorn);
3. wrk POSTs the sign-up form with a new email per request (Lua counter per thread), to the
   bare endpoint, the plain event and the asked event in turn, `--runs` times, rotating the
   order; prints req/s and latency p50/p99 per run, the medians, and the cost of a sign-up
   with 15 questions relative to one without (plain req/s ÷ asked req/s);
4. checks with SQL that each asked sign-up stored its 15 answers and that nothing failed;
5. then, in this process (the same settings, Flask's test client, no HTTP), `--inprocess`
   sign-ups of each kind alternately: the app's CPU time per sign-up (time.process_time, so
   other programs on a busy machine do not count) and the SQL statements each one runs.

`--inprocess-only` skips the gunicorn part (for a machine without wrk or too busy for it).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import Answer, Event, EventStatus, QuestionKind, Registration, utcnow  # noqa: E402
from eventapp.questions.services import QuestionDraft, add_question  # noqa: E402

PORT = 5230
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_questions"

WSGI = '''
import sys
sys.path.insert(0, {root!r})
from eventapp import create_app

app = create_app("production", WTF_CSRF_ENABLED=False, REGISTRATION_MIN_FILL_SECONDS=0,
                 RATELIMIT_ENABLED=False, MAIL_DELIVERY="worker", LOG_REQUESTS=False)


@app.post("/bench/bare")
def bare():
    return "ok"
'''

LUA = r'''
local counter = 0
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  counter = counter + 1
  local n = string.format("%s-%d-%d", RUN, id, counter)
  return wrk.format(nil, nil, nil, (BODY:gsub("{n}", n)))
end
'''

# 15 questions: (kind, label, options, extra fields, the answer sent).
QUESTIONS = [
    ("short_text", "Imię na identyfikatorze", "", {}, "Zosia"),
    ("short_text", "Stanowisko na identyfikatorze", "", {}, "Prezeska"),
    ("long_text", "O czym chcesz porozmawiać?", "", {}, "O współpracy z samorządem i o grantach."),
    ("number", "Liczba noclegów", "", {"required": True}, "2"),
    ("number", "Wiek", "", {}, "41"),
    ("date", "Data przyjazdu", "", {}, "2026-05-14"),
    ("yes_no", "Parking?", "", {}, "yes"),
    ("yes_no", "Pierwszy raz na forum?", "", {"allow_decline": True}, "no"),
    ("choice", "Dieta", "Mięsna | Meat\nWegańska | Vegan\nInna | Other", {"required": True}, "weganska"),
    ("choice", "Rozmiar koszulki", "S\nM\nL\nXL", {"widget": "select"}, "m"),
    ("multi_choice", "Tematy", "Finanse | Finance\nPrawo | Law\nPR | PR", {}, ["finanse", "prawo"]),
    ("multi_choice", "Udogodnienia", "PJM | Sign language\nPętla | Loop", {}, ["petla"]),
    ("county", "Powiat", "", {}, "podkarpackie/brzozowski"),
    ("municipality", "Gmina", "", {}, "podkarpackie/brzozowski"),
    ("consent", "Akceptuję regulamin", "", {"required": True}, "yes"),
]


def ensure_database(url: str) -> None:
    target = sa.engine.make_url(url)
    if target.database in (None, "", "test", "postgres"):
        sys.exit(f"refusing to use the database {target.database!r}: pick a scratch database")
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def seed(url: str) -> dict[str, str]:
    """The two events; returns the form body (with {n}) for each."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    base = {"first_name": "Zażółć", "last_name": "Gęślą-{n}", "email": "osoba-{n}@bench.example.org",
            "organisation": "Fundacja Łódzkich Inicjatyw", "organisation_type": "ngo",
            "position": "Koordynatorka projektów", "phone": "", "consent_data": "y", "website": ""}
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = date.today() + timedelta(days=30)
        for slug in ("plain", "asked"):
            db.session.add(Event(slug=slug, title=f"Forum {slug}", start_date=start, end_date=start,
                                 status=EventStatus.PUBLISHED, capacity=None,
                                 registration_opens_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        asked = db.session.scalar(sa.select(Event).where(Event.slug == "asked"))
        fields: list[tuple[str, str]] = []
        for kind, label, options, extra, value in QUESTIONS:
            question = add_question(asked, QuestionDraft(kind=QuestionKind(kind), label_pl=label, options_text=options,
                                                         **extra))
            name = f"q-{question.id}"
            for each in value if isinstance(value, list) else [value]:
                fields.append((name, each))
            if kind == "municipality":
                fields.append((f"{name}-name", "Nozdrzec"))
        db.engine.dispose()

    def body(extra):
        return urllib.parse.urlencode(list(base.items()) + extra).replace("%7Bn%7D", "{n}")

    return {"plain": body([]), "asked": body(fields)}


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def run_wrk(url: str, body: str, run: str, seconds: int, connections: int, folder: Path) -> dict:
    script = folder / f"{run}.lua"
    quoted = body.replace("\\", "\\\\").replace('"', '\\"')
    script.write_text(f'RUN = "{run}"\nBODY = "{quoted}"\n' + LUA)
    threads = min(2, connections)
    output = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                             "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def percentile(name: str) -> str:
        found = re.search(rf"^\s+{name}%\s+(\S+)", output, re.MULTILINE)
        return found.group(1) if found else "?"

    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"), "bad": int(bad.group(1)) if bad else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--inprocess", type=int, default=300, help="sign-ups of each kind measured in-process")
    parser.add_argument("--inprocess-only", action="store_true")
    args = parser.parse_args()
    ensure_database(args.database_url)
    bodies = seed(args.database_url)
    if not args.inprocess_only:
        over_http(args, bodies)
    in_process(args.database_url, bodies, args.inprocess)


def in_process(url: str, bodies: dict[str, str], count: int) -> None:
    """CPU time of the app per sign-up and SQL statements per sign-up, plain against asked."""
    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secrets.token_hex(32),
                     WTF_CSRF_ENABLED=False, REGISTRATION_MIN_FILL_SECONDS=0, RATELIMIT_ENABLED=False,
                     MAIL_DELIVERY="worker", LOG_REQUESTS=False)
    client = app.test_client()
    statements = {"n": 0}
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__("n", statements["n"] + 1))
    cpu: dict[str, list[float]] = {"plain": [], "asked": []}
    queries: dict[str, int] = {}
    for n in range(-20, count):  # the first 20 of each warm up and are not counted
        for name in ("plain", "asked"):
            body = bodies[name].replace("{n}", f"inproc-{name}-{n + 20}")
            before, started = statements["n"], time.process_time()
            response = client.post(f"/events/{name}/register", data=body,
                                   content_type="application/x-www-form-urlencoded")
            spent = time.process_time() - started
            if response.status_code != 200:
                sys.exit(f"{name} sign-up answered {response.status_code}")
            if n >= 0:
                cpu[name].append(spent)
                queries[name] = statements["n"] - before
    plain, asked = statistics.median(cpu["plain"]), statistics.median(cpu["asked"])
    print()
    print(f"in-process, {count} sign-ups of each kind (median CPU time of the app per sign-up):")
    print(f"  without questions: {plain * 1000:6.2f} ms CPU, {queries['plain']} SQL statements")
    print(f"  with 15 questions: {asked * 1000:6.2f} ms CPU, {queries['asked']} SQL statements")
    print(f"  a sign-up with 15 questions costs {asked / plain - 1:+.1%} CPU against one without")


def over_http(args, bodies: dict[str, str]) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk); --inprocess-only measures without it")
    folder = Path(tempfile.mkdtemp(prefix="bench-questions-"))
    (folder / "bench_wsgi.py").write_text(WSGI.format(root=str(ROOT)))
    env = {**os.environ, "DATABASE_URL": args.database_url, "SECRET_KEY": secrets.token_hex(32),
           "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(args.workers), "-b",
                               f"127.0.0.1:{PORT}", "--chdir", str(folder), "bench_wsgi:app"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: dict[str, list[dict]] = {"bare": [], "plain": [], "asked": []}
    try:
        wait_for(f"http://127.0.0.1:{PORT}/events/plain/register")
        targets = {"bare": ("/bench/bare", bodies["plain"]), "plain": ("/events/plain/register", bodies["plain"]),
                   "asked": ("/events/asked/register", bodies["asked"])}
        names = list(targets)
        # Warm-up: every worker imports templates and opens its connections.
        for name in names:
            run_wrk(f"http://127.0.0.1:{PORT}{targets[name][0]}", targets[name][1], f"warm{name}", 2,
                    args.connections, folder)
        for run in range(args.runs):
            order = names[run % 3:] + names[:run % 3]
            for name in order:
                path, body = targets[name]
                result = run_wrk(f"http://127.0.0.1:{PORT}{path}", body, f"r{run}{name}", args.seconds,
                                 args.connections, folder)
                results[name].append(result)
                print(f"run {run + 1} {name:5}  {result['rps']:8.1f} req/s  p50 {result['p50']:>8}  "
                      f"p99 {result['p99']:>8}  non-2xx {result['bad']}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    medians = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
    print()
    print(f"gunicorn sync -w {args.workers}, wrk -c{args.connections} -d{args.seconds}s, {args.runs} runs (medians):")
    for name, rps in medians.items():
        print(f"  {name:5} {rps:8.1f} req/s")
    print(f"  sign-up without questions: {medians['plain'] / medians['bare']:.1%} of the bare endpoint's rate")
    print(f"  a sign-up with 15 questions costs {medians['plain'] / medians['asked'] - 1:+.1%} "
          f"against one without (time per sign-up, from the medians)")
    engine = sa.create_engine(args.database_url)
    with engine.connect() as conn:
        asked_people = conn.scalar(sa.select(sa.func.count()).select_from(Registration).join(Event)
                                   .where(Event.slug == "asked"))
        stored = conn.scalar(sa.select(sa.func.count()).select_from(Answer))
    engine.dispose()
    print(f"  check: {asked_people} asked sign-ups stored {stored} answers "
          f"({'15 each' if stored == 15 * asked_people else 'NOT 15 each'})")


if __name__ == "__main__":
    main()
