"""Real-browser fixtures: the app served on loopback, Debian's Chromium driven by Playwright.

Without /usr/bin/chromium (or Playwright) the browser tests skip, saying why.
`.ci/run` installs Chromium, so in CI they always run.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db
from tests import tools

# Debian's Chromium, or CHROMIUM_PATH, or a `chromium` on PATH (None when there is none).
CHROMIUM = tools.find("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    app: object
    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    """The app on a free loopback port with its own SQLite file, in a background thread."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}",
        MAIL_FOLDER=str(tmp_path / "mail"),
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    tools.require("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: browser tests skipped")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


# Every impact level counts: a "minor" heading-order or "moderate" landmark finding is still
# something a screen-reader user trips over.
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, impacts=ALL_IMPACTS) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules and axe's best practices, such as heading
    order and unique landmark names) in the page; its findings at the given impact levels.

    axe is evaluated through the DevTools protocol, which the page's strict CSP does not
    govern, so the policy under test stays exactly as served.
    """
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v["impact"] in impacts]


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) with a phone-sized or laptop-sized window."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
