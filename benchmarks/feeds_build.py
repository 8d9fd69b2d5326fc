"""How long building a 500-item feed takes, and how many queries it needs.

    .venv/bin/python benchmarks/feeds_build.py [--runs 50] [--database-url URL]

Builds the whole-event feed and a participant's feed inside a request (as the view does:
queries, iCalendar text, hash for the ETag), prints percentiles of the build time and the
number of SQL statements per build. Default database: a fresh SQLite file in /tmp.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import feeds_data  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.feeds import services  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(app, name: str, build, runs: int) -> None:
    timings, cpu, queries = [], [], []
    with app.app_context():
        engine = db.engine
    for _ in range(runs):
        statements = []

        def count(_conn, _cursor, statement, *_args, statements=statements):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", count)
        with app.test_request_context("/"):
            started, started_cpu = time.perf_counter(), time.process_time()
            feed = build()
            _ = feed.etag
            elapsed = time.perf_counter() - started
            cpu.append((time.process_time() - started_cpu) * 1000)
            db.session.remove()
        sa.event.remove(engine, "before_cursor_execute", count)
        timings.append(elapsed * 1000)
        queries.append(len(statements))
    entries = feed.body.count(b"BEGIN:VEVENT")
    print(f"{name}: {entries} entries, {len(feed.body) / 1024:.0f} KiB, queries per build: "
          f"{sorted(set(queries))}")
    print(f"  build ms  p50 {percentile(timings, .5):.1f}  p90 {percentile(timings, .9):.1f}  "
          f"p99 {percentile(timings, .99):.1f}  max {max(timings):.1f}  mean {statistics.mean(timings):.1f}")
    # CPU time of this process: what the build costs without the other processes' share of the CPU.
    print(f"  cpu ms    p50 {percentile(cpu, .5):.1f}  p90 {percentile(cpu, .9):.1f}  p99 {percentile(cpu, .99):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default="",
                        help="a scratch database (its tables are dropped and made again); default: SQLite in /tmp")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='feeds-bench-')}/bench.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, PUBLIC_BASE_URL="https://wydarzenia.example.pl")
    with app.app_context():
        if args.database_url:
            db.drop_all()  # a scratch database: see --help
        db.create_all()
        slug, token = feeds_data.load()
    print(f"database: {url.split('@')[-1]}  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          f"  cores: {os.cpu_count()}")

    def event_feed():
        return services.event_feed(services.find_public_event(slug))

    def participant_feed():
        return services.participant_feed(services.find_registration_by_calendar_token(token))

    measure(app, "whole event feed", event_feed, args.runs)
    measure(app, "participant feed", participant_feed, args.runs)


if __name__ == "__main__":
    main()
