"""Does a wrong sign-in, or "resend my link", answer as fast for an unknown address as for a known one?

    .venv/bin/python benchmarks/sign_in_timing.py [--rounds 60]

Serves the app with the production settings (scrypt password hashes) under gunicorn (one sync
worker) on a scratch SQLite file, with one account, one event and one registration; then sends,
in turn and one at a time over HTTP, ROUNDS of each of four requests: a wrong password for the
account, any password for an address without an account, "resend my link" for the registered
address and for an unknown one. Prints the median and 90th percentile of each and the ratio of
the medians (known / unknown). If the two differed much, timing would tell which addresses
have accounts or registrations.
"""

from __future__ import annotations

import argparse
import http.client
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UP = 10


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(folder: Path) -> dict:
    return {"SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "MAIL_DELIVERY": "worker",
            "MAIL_FOLDER": str(folder / "mail"), "LOG_REQUESTS": False, "SESSION_COOKIE_SECURE": False}


def _seed(settings: dict) -> None:
    from eventapp import create_app
    from eventapp.extensions import db
    from tests.factories import make_account, make_event, make_registration

    app = create_app("production", **settings)
    with app.app_context():
        db.create_all()
        event = make_event(slug="forum")
        make_registration(event, email="jest@example.org")
        make_account("ola@example.org", password="secret-password-1")
        db.session.commit()
        db.engine.dispose()


def _serve(settings: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    overrides = ", ".join(f"{key}={value!r}" for key, value in settings.items())
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level",
         "warning", f"eventapp:create_app('production', {overrides})"], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def _post(connection: http.client.HTTPConnection, path: str, fields: dict) -> float:
    body = urllib.parse.urlencode(fields)
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status not in (200, 302):
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed


CASES = {
    "sign-in, account exists (wrong password)": ("/auth/login", {"email": "ola@example.org", "password": "zle-haslo"}),
    "sign-in, no such account": ("/auth/login", {"email": "nikt@example.org", "password": "zle-haslo"}),
    "resend my link, registered": ("/events/forum/resend", {"email": "jest@example.org"}),
    "resend my link, unknown address": ("/events/forum/resend", {"email": "nie-ma@example.org"}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = _settings(Path(folder))
        _seed(settings)
        process, port = _serve(settings)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            times: dict[str, list[float]] = {name: [] for name in CASES}
            for round_ in range(WARM_UP + args.rounds):
                for name, (path, fields) in CASES.items():
                    elapsed = _post(connection, path, fields)
                    if round_ >= WARM_UP:
                        times[name].append(elapsed)
            connection.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    medians = {}
    print(f"{args.rounds} rounds, gunicorn 1 sync worker, production settings (scrypt), SQLite")
    for name, values in times.items():
        medians[name] = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"  {name:42s} median {medians[name] * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms")
    names = list(CASES)
    print(f"  sign-in known/unknown: {medians[names[0]] / medians[names[1]]:.2f}")
    print(f"  resend known/unknown:  {medians[names[2]] / medians[names[3]]:.2f}")


if __name__ == "__main__":
    main()
