"""Instructions per check-in scan in the app, counted by valgrind's callgrind.

    .venv/bin/python benchmarks/checkin_instructions.py [--scans 100] [--auth session,token]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin]

Wall-clock figures on a shared 2-core VM move by a third from one minute to the next;
instruction counts do not. Seeds the same scratch database as checkin_wrk.py (dropped and
made again), signs the staff member in through the login form, warms up with 30 scans, then
counts the instructions of SCANS more scans (each a first check-in of a new badge, through
the Flask test client, PostgreSQL's own work not included) and prints the count per scan:
signed in (session cookie and X-CSRFToken) and with a station token (Authorization: Bearer).
Needs valgrind (apt-get install valgrind); runs itself under it.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WARM_UP = 30


def measure(database_url: str, codes_file: Path, scans: int, auth: str, station_token: str) -> None:
    """Runs under callgrind with instrumentation off; switches it on around the measured scans."""
    os.environ.update(SECRET_KEY=secrets.token_hex(32), DATABASE_URL=database_url, MAIL_DELIVERY="worker",
                      RATELIMIT_ENABLED="false", LOG_REQUESTS="false")
    from checkin_wrk import DAY, PASSWORD, SLUG, STAFF_EMAIL

    from eventapp import create_app

    app = create_app("production")
    client = app.test_client()
    # Production cookies are Secure: speak https to the test client.
    client.environ_base.update({"wsgi.url_scheme": "https", "HTTP_REFERER": "https://localhost/"})
    if auth == "token":
        headers = {"Authorization": f"Bearer {station_token}"}
    else:
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/auth/login", data={"csrf_token": token, "email": STAFF_EMAIL, "password": PASSWORD})
        page = client.get(f"/checkin/{SLUG}/?day={DAY.isoformat()}").get_data(as_text=True)
        headers = {"X-CSRFToken": re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)}
    codes = codes_file.read_text().split()
    offset = 0 if auth == "session" else WARM_UP + scans

    def scan(n: int) -> None:
        response = client.post(f"/api/events/{SLUG}/checkins", headers=headers,
                               json={"scan_id": f"instr-{auth}-{n}", "code": codes[offset + n],
                                     "day": DAY.isoformat()})
        if response.status_code != 201:
            raise RuntimeError(f"scan {n} answered {response.status_code}: {response.get_data(as_text=True)}")

    for n in range(WARM_UP):
        scan(n)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    for n in range(WARM_UP, WARM_UP + scans):
        scan(n)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=100)
    parser.add_argument("--auth", default="session,token", help="session, token or both (comma-separated)")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin",
                        help="a scratch PostgreSQL database: it is dropped and made again")
    parser.add_argument("--measure", nargs=3, metavar=("DATABASE_URL", "CODES", "AUTH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]), args.scans, args.measure[2],
                os.environ.get("BENCH_STATION_TOKEN", ""))
        return
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")

    from checkin_wrk import seed

    folder = Path(tempfile.mkdtemp(prefix="checkin-instr-"))
    codes_file = folder / "codes.txt"
    station_token = seed(args.database_url, 2 * (WARM_UP + args.scans), codes_file)
    for auth in args.auth.split(","):
        log = folder / f"callgrind-{auth}.log"
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
             f"--log-file={log}", sys.executable, __file__, "--scans", str(args.scans),
             "--measure", args.database_url, str(codes_file), auth],
            check=True, cwd=ROOT, env=dict(os.environ, BENCH_STATION_TOKEN=station_token),
        )
        collected = int(re.search(r"Collected : (\d+)", log.read_text()).group(1))
        print(f"{args.scans} check-in scans (new badge each, {auth}) through the Flask test client on PostgreSQL: "
              f"{collected / args.scans / 1e6:.2f} million instructions per scan in the app")


if __name__ == "__main__":
    main()
