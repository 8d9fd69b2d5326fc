"""Two app servers (gunicorn, two workers each) on one PostgreSQL: sign-ups and check-ins
sent to both at once. Nothing is lost, nothing counted twice, capacity holds.

Everything goes over real HTTP with CSRF tokens and session cookies, as browsers send it.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import CheckIn, EventRoleKind, Registration, RegistrationStatus
from tests import factories
from tests.conftest import free_port

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[2]
SEATS = 40
SIGNUPS = 120
BADGES = 50


class Browser:
    """One person's cookie jar against one server."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, data: dict | None = None, *, json_body=None, headers=None):
        body, all_headers = None, dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=body, headers=all_headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def hidden_fields(self, path: str) -> dict:
        status, page = self.open(path)
        assert status == 200, (path, status)
        fields = {}
        for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
        return fields


def _server(database_url: str, tmp_path: Path, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    factory = (f"eventapp:create_app('testing', SQLALCHEMY_DATABASE_URI={database_url!r}, "
               f"WTF_CSRF_ENABLED=True, MAIL_FOLDER={str(tmp_path / name)!r}, "
               "REGISTRATION_MIN_FILL_SECONDS=0, RATELIMIT_ENABLED=False)")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "--log-level", "warning", factory],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = process.stdout.read().decode()[-2000:]
    process.stdout.close()
    raise AssertionError(f"{name} did not start: {output}")


@pytest.fixture
def two_servers(database_url, postgres_url, make_app, tmp_path):
    if database_url != postgres_url:
        pytest.skip("two servers share one PostgreSQL database")
    if shutil.which("gunicorn") is None and not (Path(sys.executable).parent / "gunicorn").exists():
        pytest.skip("gunicorn is not installed")
    app = make_app(SQLALCHEMY_DATABASE_URI=postgres_url)
    with app.app_context():
        signup_event = factories.make_event(slug="forum-miejsc", capacity=SEATS)
        door_event = factories.make_event(slug="bramka", capacity=500)
        staff = factories.make_account("bramka@example.org", event=door_event, role=EventRoleKind.STAFF)
        badges = [factories.make_registration(door_event).badge_code for _ in range(BADGES)]
        db.session.commit()
        world = {"signup": signup_event.slug, "door": door_event.slug, "day": door_event.start_date.isoformat(),
                 "staff": staff.email, "badges": badges}
    servers = [_server(postgres_url, tmp_path, name) for name in ("one", "two")]
    try:
        yield app, [base for _process, base in servers], world
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(timeout=30)
            process.stdout.close()


def _sign_up(base: str, slug: str, n: int) -> int:
    browser = Browser(base)
    form = browser.hidden_fields(f"/events/{slug}/register")
    form.update(first_name="Zofia", last_name=f"Równoległa {n}", email=f"osoba{n}@example.org",
                organisation="Stowarzyszenie Sąsiedzkie", organisation_type="ngo", position="Koordynatorka",
                phone="", consent_data="y", website="")
    status, page = browser.open(f"/events/{slug}/register", form)
    return status if status == 200 else (status, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[-600:])


def _staff_session(base: str, email: str, slug: str) -> tuple[Browser, str]:
    browser = Browser(base)
    login = browser.hidden_fields("/auth/login")
    status, _ = browser.open("/auth/login", {**login, "email": email, "password": factories.PASSWORD})
    assert status == 200
    status, page = browser.open(f"/checkin/{slug}/")
    assert status == 200, status
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return browser, token


def test_two_servers_share_capacity_and_count_each_check_in_once(two_servers):
    app, bases, world = two_servers

    # 120 people sign up at once for 40 seats, half through each server.
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(lambda n: _sign_up(bases[n % 2], world["signup"], n), range(SIGNUPS)))
    assert statuses.count(200) == SIGNUPS, statuses

    # Every badge is scanned at both servers at the same moment, by two stations.
    sessions = [_staff_session(base, world["staff"], world["door"]) for base in bases]
    start = threading.Barrier(2)

    def scan_at_both(code: str) -> list[str]:
        outcomes = []

        def scan(index: int) -> None:
            browser, token = sessions[index]
            scan_id = str(uuid.uuid4())
            start.wait()
            status, body = browser.open(f"/api/events/{world['door']}/checkins",
                                        json_body={"scan_id": scan_id, "code": code, "day": world["day"],
                                                   "station": f"station-{index}"},
                                        headers={"X-CSRFToken": token})
            assert status in (200, 201), (status, body)
            outcomes.append(json.loads(body)["outcome"])
            # The station retries the same scan (lost answer): the server recognises it.
            status, body = browser.open(f"/api/events/{world['door']}/checkins",
                                        json_body={"scan_id": scan_id, "code": code, "day": world["day"]},
                                        headers={"X-CSRFToken": token})
            assert status == 200, (status, body)

        threads = [threading.Thread(target=scan, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return outcomes

    all_outcomes = [scan_at_both(code) for code in world["badges"]]
    for outcomes in all_outcomes:
        assert sorted(outcomes) == ["already", "checked_in"], outcomes

    with app.app_context():
        people = db.session.execute(
            sa.select(Registration.status, Registration.waitlist_position)
            .join(Registration.event).where(Registration.event.has(slug=world["signup"]))
        ).all()
        assert len(people) == SIGNUPS  # nothing lost
        confirmed = [p for p in people if p.status == RegistrationStatus.CONFIRMED]
        waiting = sorted(p.waitlist_position for p in people if p.status == RegistrationStatus.WAITLISTED)
        assert len(confirmed) == SEATS  # capacity held across processes
        assert waiting == list(range(1, SIGNUPS - SEATS + 1))
        live = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)
                                 .where(CheckIn.undone_at.is_(None)))
        assert live == BADGES  # each badge counted once
