"""HTTP load on the 500-item feed under gunicorn, against a bare Flask endpoint in the same run.

    .venv/bin/python benchmarks/feeds_wrk.py [--seconds 10] [--connections 8] [--workers 2]

Starts two gunicorns on loopback (ports 5200 and 5201, the feeds range): eventapp on a
fresh SQLite file holding a 500-item event, and a Flask app whose one view returns "ok".
Runs wrk against the bare endpoint, the whole-event feed, the same feed with a matching
If-None-Match (304) and a participant's private feed; prints requests per second, latency
and the ratio to the bare endpoint. Stops both servers at the end.

SQLite begins every transaction IMMEDIATE (eventapp/database.py), so gunicorn workers
reading feeds queue for its lock; PostgreSQL shows what the workers can do in parallel.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import feeds_data  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402

APP_PORT, BARE_PORT = 5200, 5201
BARE_APP = '''
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"
'''


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def run_wrk(url: str, seconds: int, connections: int, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: re.search(rf"\s{p}%\s+([\d.]+\w+)", output).group(1) for p in ("50", "90", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {"rps": rps, "latency": latency, "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "errors": errors.group(1) if errors else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="",
                        help="a scratch database (its tables are dropped and made again); default: SQLite in /tmp")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    folder = Path(tempfile.mkdtemp(prefix="feeds-wrk-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        if args.database_url:
            db.drop_all()
        db.create_all()
        slug, token = feeds_data.load()
        db.engine.dispose()
    (folder / "bare_app.py").write_text(BARE_APP)

    env = dict(os.environ, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=database_url, PUBLIC_BASE_URL="https://wydarzenia.example.pl",
               MAIL_DELIVERY="worker")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    common = ["-w", str(args.workers), "--log-level", "warning"]
    servers = [
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{APP_PORT}", "wsgi:app"], cwd=ROOT, env=env),
        subprocess.Popen([gunicorn, *common, "-b", f"127.0.0.1:{BARE_PORT}", "bare_app:app"], cwd=folder,
                         env=env),
    ]
    try:
        feed = f"http://127.0.0.1:{APP_PORT}/events/{slug}/calendar.ics"
        bare = f"http://127.0.0.1:{BARE_PORT}/"
        wait_for(bare)
        wait_for(feed)
        with urllib.request.urlopen(feed) as response:  # noqa: S310
            etag = response.headers["ETag"]
            size = len(response.read())
        print(f"database {database_url.split('://')[0]}; gunicorn -w {args.workers}; wrk -t2 -c{args.connections} -d{args.seconds}s; "
              f"feed {size / 1024:.0f} KiB; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"cores {os.cpu_count()}")
        runs = [
            ("bare Flask endpoint", bare, None),
            ("event feed, 500 items (200)", feed, None),
            ("event feed, If-None-Match (304)", feed, {"If-None-Match": etag}),
            ("participant feed (200)", f"http://127.0.0.1:{APP_PORT}/calendar/participant/{token}.ics", None),
        ]
        results = []
        for name, url, headers in runs:
            results.append((name, run_wrk(url, args.seconds, args.connections, headers)))
        base = results[0][1]["rps"]
        print(f"{'endpoint':34} {'req/s':>9} {'p50':>9} {'p90':>9} {'p99':>9} {'bare/this':>9}")
        for name, result in results:
            lat = result["latency"]
            print(f"{name:34} {result['rps']:9.1f} {lat['50']:>9} {lat['90']:>9} {lat['99']:>9} "
                  f"{base / result['rps']:9.1f}" + (f"  non-2xx/3xx: {result['non_2xx']}" if result["non_2xx"] else "")
                  + (f"  socket errors: {result['errors']}" if result["errors"] else ""))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
