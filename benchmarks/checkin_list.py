"""The station's offline list of a 5,000-person day: the first full download, then a sync of changes.

    .venv/bin/python benchmarks/checkin_list.py [--people 5000]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin_list]

Builds a scratch PostgreSQL database (dropped and made again) with one event of PEOPLE
confirmed registrations, 40% of them checked in, then through the Flask test client as a
signed-in staff member: GET /api/events/<slug>/attendees (the full list: time, bytes, rows),
checks in 50 more people and cancels 10, and GET …/attendees?since=<cursor> (only changes).
Prints the median of 5 for each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from checkin_wrk import DAY, PASSWORD, SLUG, STAFF_EMAIL, seed  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import CheckIn, CheckInSource, Registration, RegistrationStatus, utcnow  # noqa: E402
from eventapp.tokens import new_token  # noqa: E402


def timed(call, runs: int = 5):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin_list")
    args = parser.parse_args()
    codes = Path("/tmp/checkin-list-codes.txt")
    seed(args.database_url, args.people, codes)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=args.database_url)
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Registration.id).order_by(Registration.id)))
        event_id = db.session.scalar(sa.select(Registration.event_id).limit(1))
        # People registered weeks ago and the morning's arrivals an hour ago, as at a real door.
        earlier = utcnow() - timedelta(hours=1)
        db.session.execute(sa.update(Registration).values(updated_at=earlier - timedelta(days=20)))
        db.session.execute(sa.insert(CheckIn), [
            {"event_id": event_id, "registration_id": rid, "day": DAY, "scanned_at": earlier, "recorded_at": earlier,
             "scan_id": new_token(), "source": CheckInSource.SCANNER} for rid in ids[: int(len(ids) * 0.4)]])
        db.session.commit()
    client = app.test_client()
    client.post("/auth/login", data={"email": STAFF_EMAIL, "password": PASSWORD})
    url = f"/api/events/{SLUG}/attendees?day={DAY.isoformat()}"

    full_ms, response = timed(lambda: client.get(url))
    body = response.get_json()
    size = len(response.get_data())
    print(f"full list: {len(body['people'])} people, {size / 1024:.0f} KiB JSON, median {full_ms:.0f} ms")

    cursor = body["cursor"]
    with app.app_context():
        now = utcnow()
        db.session.execute(sa.insert(CheckIn), [
            {"event_id": event_id, "registration_id": rid, "day": DAY, "scanned_at": now, "recorded_at": now,
             "scan_id": new_token(), "source": CheckInSource.SCANNER} for rid in ids[-50:]])
        for registration in db.session.scalars(sa.select(Registration).where(Registration.id.in_(ids[-70:-60]))):
            registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
    sync_url = f"/api/events/{SLUG}/attendees"
    sync_ms, response = timed(lambda: client.get(sync_url, query_string={"day": DAY.isoformat(), "since": cursor}))
    changes = response.get_json()["people"]
    print(f"sync since the cursor: {len(changes)} people changed (50 checked in, 10 cancelled), "
          f"{len(response.get_data()) / 1024:.1f} KiB, median {sync_ms:.0f} ms")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
