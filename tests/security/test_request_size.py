"""A body over MAX_CONTENT_LENGTH is refused with 413, whether it says its length or comes
chunked; a chunked body under the limit reaches the page whole.

Both through real servers on loopback (Werkzeug's and gunicorn), since the test client hands
the app a body the way no server does for chunked requests.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 64 * 1024
FORM = "application/x-www-form-urlencoded"


def _settings(tmp_path: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'size.sqlite'}", "MAX_CONTENT_LENGTH": LIMIT,
            "MAIL_FOLDER": str(tmp_path / "mail")}


def _werkzeug(tmp_path: Path) -> Iterator[int]:
    app = create_app("testing", **_settings(tmp_path))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def _gunicorn(tmp_path: Path) -> Iterator[int]:
    settings = _settings(tmp_path)
    app = create_app("testing", **settings)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    port = free_port()
    overrides = ", ".join(f"{key}={value!r}" for key, value in settings.items())
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", f"eventapp:create_app('testing', {overrides})"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("gunicorn did not start: " + process.stdout.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture(params=["werkzeug", "gunicorn"])
def port(request, tmp_path) -> Iterator[int]:
    yield from (_werkzeug if request.param == "werkzeug" else _gunicorn)(tmp_path)


def _post(port: int, path: str, body: bytes, content_type: str, *, chunked: bool) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        if chunked:
            pieces = (body[start:start + 8192] for start in range(0, len(body), 8192))
            connection.request("POST", path, body=pieces, headers={"Content-Type": content_type},
                               encode_chunked=True)
        else:
            connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["with-length", "chunked"])
def test_a_form_over_the_limit_is_refused_with_413(port, chunked):
    body = b"email=ola%40example.org&password=" + b"x" * (LIMIT * 3)
    status, page = _post(port, "/auth/login?lang=en", body, FORM, chunked=chunked)
    assert status == 413
    assert "too large" in page


@pytest.mark.parametrize("chunked", [False, True], ids=["with-length", "chunked"])
def test_json_over_the_limit_is_refused_with_413(port, chunked):
    body = b'{"scan_id": "s1", "code": "' + b"x" * (LIMIT * 3) + b'"}'
    status, answer = _post(port, "/api/events/forum/checkins", body, "application/json", chunked=chunked)
    assert status == 413
    assert '"error"' in answer


def test_a_chunked_form_under_the_limit_arrives_whole(port):
    # The address comes last: the page shows it back only if the whole body was read.
    body = b"password=" + b"x" * (LIMIT - 2000) + b"&email=ostatnie-pole%40example.org"
    assert len(body) < LIMIT
    status, page = _post(port, "/auth/login?lang=en", body, FORM, chunked=True)
    assert status == 200
    assert "ostatnie-pole@example.org" in page
