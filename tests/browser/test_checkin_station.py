"""The check-in station in real Chromium: handheld scanner, undo, search, offline queue, camera."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import CheckIn, CheckInConflict, CheckInSource, utcnow
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.checkin.helpers import D1, build_world
from tests.factories import PASSWORD
from tests.tools import run


@pytest.fixture
def world(live_server):
    with live_server.app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "anna": world.anna.badge_code, "bartek": world.bartek.badge_code,
                "ewa": world.ewa.badge_code, "ewa_id": world.ewa.id, "event_id": world.event.id,
                "anna_id": world.anna.id, "bartek_id": world.bartek.id}


def sign_in(page, live_server, email="bramka@example.org"):
    page.goto(live_server("/auth/login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def open_station(page, live_server, world, list_size=5):
    sign_in(page, live_server)
    page.goto(live_server("/checkin/"))
    page.locator(f"a[href='/checkin/{world['slug']}/']").click()
    page.wait_for_url(f"**/checkin/{world['slug']}/")
    page.locator("#station[data-ready='1']").wait_for(state="attached")
    page.locator(f"#station[data-list-size='{list_size}']").wait_for(state="attached")


def scan_like_a_scanner(page, code):
    page.locator("#scan-code").focus()
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def checkins(app):
    with app.app_context():
        return list(db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)))


def test_staff_sees_only_their_events_and_scans_a_badge_twice(live_server, page, world):
    open_station(page, live_server, world)
    assert page.locator("#scan-code").evaluate("el => el === document.activeElement")
    scan_like_a_scanner(page, world["anna"])
    result = page.locator("#result[data-outcome='checked_in']")
    result.wait_for()
    assert "Zameldowano" in result.inner_text() and "Anna Łukasiewicz" in result.inner_text()
    assert page.locator("#count-in").inner_text() == "1"
    assert page.locator("#scan-code").input_value() == ""

    scan_like_a_scanner(page, world["anna"])
    page.locator("#result[data-outcome='already']").wait_for()
    text = page.locator("#result").inner_text()
    assert "Już zameldowany(-a)" in text and "Marta Bramka" in text
    rows = checkins(live_server.app)
    assert len(rows) == 1 and rows[0].source == CheckInSource.SCANNER and rows[0].staff_id is not None

    # The undo button names whose check-in it undoes, and so does the answer.
    page.get_by_role("button", name="Cofnij zameldowanie: Anna Łukasiewicz").click()
    page.locator("#result").filter(has_text="Anna Łukasiewicz").filter(has_text="Cofnięto zameldowanie").wait_for()
    page.locator("#count-in").filter(has_text="0").wait_for()
    assert checkins(live_server.app)[0].undone_at is not None

    # Search without a badge, accents and case ignored; check in from the result.
    page.fill("#search-q", "LIS")
    page.get_by_role("button", name="Zamelduj: Bartosz Lis").click()
    page.locator("#result[data-outcome='checked_in']").filter(has_text="Bartosz Lis").wait_for()
    assert checkins(live_server.app)[-1].source == CheckInSource.SEARCH

    # A walk-in: a mistake keeps what was typed; corrected, they are registered and checked in.
    page.get_by_text("Zarejestruj osobę na miejscu").click()
    page.fill("#wi-first", "Krystyna")
    page.fill("#wi-last", "Wąsowska")
    page.fill("#wi-email", "to-nie-adres")
    page.get_by_role("button", name="Zarejestruj i zamelduj").click()
    page.locator("#walk-in-error").filter(has_text="Wpisz poprawny adres e-mail.").wait_for()
    assert page.locator("#wi-first").input_value() == "Krystyna"
    page.fill("#wi-email", "k.wasowska@example.org")
    page.get_by_role("button", name="Zarejestruj i zamelduj").click()
    page.locator("#result[data-outcome='checked_in']").filter(has_text="Krystyna Wąsowska").wait_for()
    walk_in = checkins(live_server.app)[-1]
    assert walk_in.source == CheckInSource.WALK_IN
    assert page.locator("#wi-first").input_value() == ""
    # Their badge, ready to print.
    badge = page.get_by_role("link", name="Drukuj identyfikator")
    href = badge.get_attribute("href")
    assert href == f"/events/{world['slug']}/registrations/{walk_in.registration_id}/badge.pdf"
    pdf = page.request.get(live_server(href))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    assert axe_violations(page) == []

    # Only the events this account is assigned to are listed.
    page.goto(live_server("/checkin/"))
    assert page.locator(".checkin-events li").count() == 1
    assert page.goto(live_server("/checkin/inne-forum/")).status == 403


def test_station_on_a_phone_held_in_one_hand(live_server, browser, world):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL", has_touch=True)
    try:
        phone = context.new_page()
        open_station(phone, live_server, world)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for selector in ("#undo", "#camera-toggle", "#scan-form button"):
            assert phone.locator(selector).bounding_box()["height"] >= 44
        scan_like_a_scanner(phone, "nieznany-kod")
        phone.locator("#result[data-outcome='unknown']").filter(has_text="Nieznany kod").wait_for()
        assert axe_violations(phone) == []
    finally:
        context.close()


def queued_scans(page, slug):
    return page.evaluate("slug => CheckinStore.queued(slug)", slug)


def test_offline_scans_are_queued_survive_a_reload_and_upload_with_their_times(live_server, page, world):
    open_station(page, live_server, world)
    # The service worker is in charge and holds this page for an offline reload.
    page.wait_for_function("""async () => {
        await navigator.serviceWorker.ready;
        const cache = await caches.open('checkin-pages');
        return !!(await cache.match(location.href));
    }""", polling=200)

    page.context.set_offline(True)
    page.locator("#net-status").filter(has_text="Bez sieci").wait_for()
    scan_like_a_scanner(page, world["anna"])
    page.locator("#result[data-outcome='checked_in']").filter(has_text="Anna Łukasiewicz").wait_for()
    scan_like_a_scanner(page, world["anna"])  # the station knows it just did this one
    page.locator("#result[data-outcome='already']").wait_for()
    scan_like_a_scanner(page, world["ewa"])
    page.locator("#station[data-queued='2']").wait_for(state="attached")
    assert page.locator("#queued").inner_text() == "Oczekuje na wysłanie: 2"
    queued = {s["code"]: s["scanned_at"] for s in queued_scans(page, world["slug"])}
    assert set(queued) == {world["anna"], world["ewa"]}
    assert checkins(live_server.app) == []

    # Meanwhile another station, online, checks Ewa in: her offline scan will be a conflict.
    with live_server.app.app_context():
        from eventapp.checkin import services
        from eventapp.models import Event
        door = services.door_for(db.session.get(Event, world["event_id"]), D1)
        services.check_in(door, scan_id="other-station-1", staff=None, code=world["ewa"], station="wejście-2")

    # Reloaded offline, the page comes from the service worker's cache, the list and the queue
    # from IndexedDB: the server is not asked (and could not answer).
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    page.locator("#station[data-ready='1']").wait_for(state="attached")
    page.locator("#station[data-list-size='5']").wait_for(state="attached")
    assert len(queued_scans(page, world["slug"])) == 2
    assert page.locator("#net-status").inner_text() == "Bez sieci"
    # The reloaded station still knows the day's badges.
    scan_like_a_scanner(page, world["bartek"])
    page.locator("#result[data-outcome='checked_in']").filter(has_text="Bartosz Lis").wait_for()
    page.locator("#station[data-queued='3']").wait_for(state="attached")

    page.context.set_offline(False)
    page.locator("#station[data-queued='0']").wait_for(state="attached", timeout=20_000)
    rows = {row.registration_id: row for row in checkins(live_server.app)}
    anna = rows[world["anna_id"]]
    assert anna.scanned_at == datetime.fromisoformat(queued[world["anna"]].replace("Z", "+00:00"))
    assert anna.scanned_at < anna.recorded_at <= utcnow()
    assert anna.source == CheckInSource.OFFLINE
    assert rows[world["bartek_id"]].source == CheckInSource.OFFLINE
    assert rows[world["ewa_id"]].station == "wejście-2"
    with live_server.app.app_context():
        conflict = db.session.scalar(sa.select(CheckInConflict))
        assert conflict.registration_id == world["ewa_id"]
        assert conflict.scanned_at == datetime.fromisoformat(queued[world["ewa"]].replace("Z", "+00:00"))
    conflicts = page.locator("#conflicts")
    conflicts.wait_for()
    assert "Ewa Źdźbło" in conflicts.inner_text() and "wejście-2" in conflicts.inner_text()
    page.get_by_role("button", name="Załatwione").click()
    conflicts.wait_for(state="hidden")


def badge_video(tmp_path, code: str) -> str:
    import qrcode

    png = tmp_path / "badge.png"
    qrcode.make(code, box_size=8, border=4).save(png)
    video = tmp_path / "badge.y4m"
    run("ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(png), "-t", "3", "-r", "10",
        "-vf", "scale=400:400,pad=640:480:120:40:white", "-pix_fmt", "yuv420p", str(video),
        check=True, timeout=60)
    return str(video)


def test_camera_scanning_with_chromiums_fake_camera(live_server, browser, world, tmp_path):
    video = badge_video(tmp_path, world["bartek"])
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"])
    try:
        context = camera_browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        open_station(page, live_server, world)
        page.get_by_role("button", name="Skanuj kamerą").click()
        page.locator("#result[data-outcome='checked_in']").filter(has_text="Bartosz Lis").wait_for()
        assert page.get_by_role("button", name="Zatrzymaj kamerę").get_attribute("aria-pressed") == "true"
        # The camera keeps seeing the same badge: it is still checked in once.
        page.wait_for_timeout(1500)
        rows = checkins(live_server.app)
        assert len(rows) == 1 and rows[0].source == CheckInSource.CAMERA
        assert rows[0].registration_id == world["bartek_id"]
        context.close()
    finally:
        camera_browser.close()
