"""The station as staff see it at the door, in real Chromium: on a 390×844 phone the camera
view and the search results fit without sideways scroll, cancelled people are marked in the
results, an offline conflict shows the code that was scanned, an early scan warns."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventapp.auth.services import grant
from eventapp.extensions import db
from eventapp.models import Account, EventRoleKind, utcnow
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.browser.test_checkin_station import open_station, scan_like_a_scanner
from tests.checkin.helpers import build_world
from tests.factories import make_event, make_registration


@pytest.fixture
def world(live_server):
    with live_server.app.app_context():
        world = build_world()
        make_registration(world.event, first_name="Aleksandra", last_name="Konstantynopolitańczykiewicz",
                          organisation="Stowarzyszenie Przyjaciół Bardzo Długich Nazw Organizacji Pozarządowych",
                          email="aleksandra.konstantynopolitanczykiewicz@bardzo-dluga-domena-stowarzyszenia.org.pl")
        today = utcnow().astimezone(world.event.tz).date()
        coming = make_event(slug="wkrotce", title="Forum za tydzień", start_date=today + timedelta(days=7))
        grant(db.session.get(Account, world.staff.id), coming, EventRoleKind.STAFF)
        ola = make_registration(coming, first_name="Ola", last_name="Wcześniak")
        db.session.commit()
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "ola": ola.badge_code,
                "bartek": world.bartek.badge_code, "workshop": world.workshop.id}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_the_camera_and_the_search_results_fit_the_screen(live_server, browser, world):
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])
    try:
        context = camera_browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL",
                                             has_touch=True, is_mobile=True, device_scale_factor=3)
        context.grant_permissions(["camera"], origin=live_server.url)
        phone = context.new_page()
        phone.set_default_timeout(15_000)
        open_station(phone, live_server, world, list_size=6)
        phone.get_by_role("button", name="Skanuj kamerą").click()
        phone.locator("#camera-toggle[aria-pressed='true']").wait_for()
        phone.wait_for_function("document.getElementById('camera-video').videoWidth > 0")
        video = phone.locator("#camera-video").bounding_box()
        assert video["x"] >= 0 and video["x"] + video["width"] <= 390
        assert fits(phone)

        phone.fill("#search-q", "a")
        phone.locator("#search-results li").nth(3).wait_for()
        assert fits(phone)
        for box in phone.locator("#search-results li").evaluate_all(
                "items => items.map(li => li.getBoundingClientRect().right)"):
            assert box <= 390
        long_one = phone.locator("#search-results li").filter(has_text="Konstantynopolitańczykiewicz")
        assert long_one.get_by_role("button").bounding_box()["x"] + 10 < 390

        # Cancelled people are marked, not only named.
        phone.fill("#search-q", "zając")
        cancelled = phone.locator("#search-results li.person-cancelled")
        cancelled.wait_for()
        assert cancelled.locator(".state-mark").inner_text() == "Anulowane"
        assert fits(phone)
        assert axe_violations(phone) == []
        context.close()
    finally:
        camera_browser.close()


def test_an_offline_conflict_shows_the_scanned_code_and_an_early_scan_warns(live_server, page, world):
    open_station(page, live_server, world, list_size=6)
    page.context.set_offline(True)
    page.locator("#net-status").filter(has_text="Bez sieci").wait_for()
    scan_like_a_scanner(page, "KOD-Z-INNEGO-SYSTEMU-42")
    page.locator("#result[data-outcome='unknown']").wait_for()
    page.context.set_offline(False)
    conflicts = page.locator("#conflicts")
    conflicts.wait_for(timeout=20_000)
    assert "Zeskanowany kod: KOD-Z-INNEGO-SYSTEMU-42" in conflicts.inner_text()

    page.goto(live_server("/checkin/wkrotce/"))
    assert "Za wcześnie" in page.locator("#early-warning").inner_text()
    page.locator("#station[data-ready='1']").wait_for(state="attached")
    scan_like_a_scanner(page, world["ola"])
    result = page.locator("#result[data-outcome='checked_in'][data-warning='1']")
    result.wait_for()
    assert "Ola Wcześniak" in result.inner_text() and "Za wcześnie" in result.inner_text()


def test_staff_give_a_free_workshop_seat_at_its_door(live_server, page, world):
    open_station(page, live_server, world, list_size=6)
    page.goto(live_server(f"/checkin/{world['slug']}/?item={world['workshop']}"))
    page.locator("#station[data-ready='1']").wait_for(state="attached")
    scan_like_a_scanner(page, world["bartek"])
    page.locator("#result[data-outcome='not_signed_up_for_item']").wait_for()
    page.get_by_role("button", name="Daj wolne miejsce i zamelduj: Bartosz Lis").click()
    page.locator("#result[data-outcome='checked_in']").filter(has_text="Bartosz Lis").wait_for()
    assert page.locator("#seat-offer").is_hidden()
    page.locator("#count-in").filter(has_text="1").wait_for()
    assert axe_violations(page) == []
