"""A check-in station running on a station token in real Chromium: an organiser makes the
token in the back office, the station device pastes it once and scans with no account
signed in; the API calls carry the bearer token (no cookie, no CSRF); revoked, it stops."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import CheckIn
from tests.browser.conftest import axe_violations
from tests.browser.test_checkin_station import scan_like_a_scanner, sign_in
from tests.checkin.helpers import build_world


@pytest.fixture
def world(live_server):
    with live_server.app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "bartek": world.bartek.badge_code}


def test_a_station_paired_with_a_token_scans_without_anyone_signed_in(live_server, browser, page, world):
    sign_in(page, live_server, "organizator@example.org")
    page.goto(live_server(f"/manage/events/{world['slug']}/stations"))
    page.fill("#name", "Wejście A")
    page.locator("form.form button[type=submit]").click()
    token = page.locator("#new-token").input_value()
    assert len(token) >= 40
    assert axe_violations(page) == []

    device = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL", has_touch=True)
    try:
        station = device.new_page()
        station.set_default_timeout(10_000)
        station.goto(live_server("/checkin/pair"))
        assert axe_violations(station) == []
        station.fill("#token", token)
        station.locator("#pair-form button[type=submit]").click()
        station.wait_for_url(f"**/checkin/{world['slug']}/")
        assert token not in station.url
        station.locator("#station[data-ready='1']").wait_for(state="attached")
        station.locator("#station[data-list-size='5']").wait_for(state="attached")
        assert station.locator("#station").get_attribute("data-auth") == "token"

        sent = []
        station.on("request", lambda r: sent.append(r) if "/api/events/" in r.url and r.method == "POST" else None)
        scan_like_a_scanner(station, world["anna"])
        station.locator("#result[data-outcome='checked_in']").filter(has_text="Anna Łukasiewicz").wait_for()
        headers = sent[0].all_headers()
        assert headers["authorization"] == f"Bearer {token}"
        assert "x-csrftoken" not in headers and "cookie" not in headers
        with live_server.app.app_context():
            row = db.session.scalar(sa.select(CheckIn))
            assert (row.station, row.staff_id) == ("Wejście A", None)
        scan_like_a_scanner(station, world["anna"])
        station.locator("#result[data-outcome='already']").filter(has_text="Wejście A").wait_for()
        assert station.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(station) == []

        # Revoked in the back office: the station's next scan is refused and says why.
        page.goto(live_server(f"/manage/events/{world['slug']}/stations"))
        page.locator("form[action$='/revoke'] button").click()
        page.wait_for_load_state()
        scan_like_a_scanner(station, world["bartek"])
        station.locator("#result").filter(has_text="Token tego stanowiska").wait_for()
        with live_server.app.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    finally:
        device.close()
