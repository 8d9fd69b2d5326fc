"""How fast is the attendance summary for 10,000 registrations and 30,000 check-ins?

Prints, on PostgreSQL database `bench_reports` (seeded on first run, `--reseed` to redo):
- the summary service and the whole page through the Flask test client: median, worst,
  and the number of SQL statements (equal for a 10-person event: fixed, not per row);
- the participant exports (CSV, XLSX) of the same event;
- HTTP under load with wrk against gunicorn (2 workers, port 5510), the summary page
  next to a bare Flask endpoint in the same app and run, and their ratio.

    .venv/bin/python benchmarks/reports_summary.py [--reseed] [--no-wrk]
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import reports_seed as seed  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import Event  # noqa: E402
from eventapp.reports.services import attendance_summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 5510
LOG = "/tmp/reports-bench-gunicorn.log"
RUNS = 7


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


@contextlib.contextmanager
def counting(engine):
    counter = Counter()
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)


def timed(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def service_figures(app) -> None:
    with app.app_context():
        event = db.session.scalar(sa.select(Event).where(Event.slug == "forum-10k"))
        with app.test_request_context("/"):
            with counting(db.engine) as counter:
                summary = attendance_summary(event)
            median, worst = timed(lambda: attendance_summary(event))
        print(f"summary service: {summary.registered} registrations, attended {summary.attended}, "
              f"per day {[r.attended for r in summary.per_day]}")
        print(f"  median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms, {counter.count} SQL statements")


def page_figures(app) -> str:
    client = app.test_client()
    client.post("/auth/login", data={"email": seed.ORGANISER_EMAIL, "password": seed.PASSWORD})
    with app.app_context():
        engine = db.engine
    for slug in ("forum-10k", "lista-2000"):
        with counting(engine) as counter:
            response = client.get(f"/events/{slug}/reports/")
        assert response.status_code == 200, response.status_code
        median, worst = timed(lambda s=slug: client.get(f"/events/{s}/reports/"))
        print(f"summary page {slug}: {len(response.data) // 1024} KiB, median {median * 1000:.0f} ms, "
              f"worst {worst * 1000:.0f} ms, {counter.count} SQL statements")
    for name in ("participants.csv", "participants.xlsx", "summary.xlsx"):
        median, worst = timed(lambda n=name: client.get(f"/events/forum-10k/reports/{n}"), runs=3)
        print(f"export {name}: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
    return client.get_cookie("session").value


def wrk(url: str, cookie: str, seconds: int = 10) -> tuple[float, str]:
    out = subprocess.run(["wrk", "-t2", "-c2", f"-d{seconds}s", "--latency", "-H", f"Cookie: session={cookie}", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, f"p50 {p50}, p99 {p99}" + (f", NON-2xx {non2xx.group(1)}" if non2xx else "")


def http_figures(cookie: str) -> None:
    env = dict(os.environ, DATABASE_URL=seed.BENCH_URL.replace("+psycopg", ""), EVENTAPP_CONFIG="production",
               SECRET_KEY=BENCH_SECRET, RATELIMIT_ENABLED="false")
    # The app logs one line per request: to a file, never to a pipe nobody reads (it would fill and block).
    log = open(LOG, "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning",
         "benchmarks.reports_wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        bare_rate, bare_lat = wrk(f"http://127.0.0.1:{PORT}/bench/bare", cookie)
        page_rate, page_lat = wrk(f"http://127.0.0.1:{PORT}/events/forum-10k/reports/", cookie)
        print("wrk -t2 -c2 -d10s (one connection per worker) against gunicorn -w 2 (production settings):")
        print(f"  bare endpoint:           {bare_rate:8.1f} req/s  ({bare_lat})")
        print(f"  summary page, 10k event: {page_rate:8.1f} req/s  ({page_lat})")
        print(f"  ratio summary/bare: {page_rate / bare_rate:.3f} ({bare_rate / page_rate:.0f}x slower)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


BENCH_SECRET = "bench-secret-key-that-is-long-enough"  # noqa: S105  (benchmark only)


def main() -> None:
    if "--reseed" in sys.argv or not seed.is_seeded():
        start = time.perf_counter()
        seed.seed()
        print(f"seeding took {time.perf_counter() - start:.0f} s")
    app = seed.bench_app(SECRET_KEY=BENCH_SECRET)
    service_figures(app)
    cookie = page_figures(app)
    with app.app_context():
        db.engine.dispose()
    if "--no-wrk" not in sys.argv:
        http_figures(cookie)


if __name__ == "__main__":
    main()
