"""Finding one's way in Chromium, on a phone and a laptop: an organiser signs in and lands in
the back office; the overview's numbers change on screen without reloading when someone signs
up; the chart fits the screen; the attendance report keeps the back-office menu."""

from datetime import date, timedelta

import pytest

from eventapp.extensions import db
from eventapp.models import Event, EventRoleKind
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, make_account, make_event, make_registration

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(params=list(SIZES))
def size(request):
    return SIZES[request.param]


def test_the_organiser_lands_in_the_back_office_and_sees_numbers_move(live_server, browser, size):
    with live_server.app.app_context():
        event = make_event(slug="forum", title="Forum", start_date=date.today() + timedelta(days=10), capacity=30)
        make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        for _ in range(3):
            make_registration(event)
        db.session.commit()
        event_id = event.id
    from playwright.sync_api import expect  # the `browser` fixture has skipped when Playwright is missing

    context = browser.new_context(viewport=size, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.clock.install()
    try:
        page.goto(live_server("/auth/login"))
        page.fill("#email", "org@example.org")
        page.fill("#password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/manage/")
        # The header links the back office on every page, the public ones too.
        page.goto(live_server("/events/forum/"))
        page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Panel organizatora").click()
        page.get_by_role("link", name="Forum").first.click()
        confirmed = page.locator('#overview-numbers [data-field="confirmed"]')
        assert confirmed.inner_text() == "3"
        assert page.locator("#signups-chart").is_visible()
        page.locator(".overview-signups summary").click()  # the chart's numbers, opened for axe too
        assert page.locator(".overview-signups table").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert axe_violations(page) == []
        with live_server.app.app_context():
            make_registration(db.session.get(Event, event_id))
            db.session.commit()
        page.clock.run_for(31_000)
        expect(confirmed).to_have_text("4")
        # The attendance report stays inside the back office.
        page.get_by_role("navigation", name="Panel wydarzenia").get_by_role("link", name="Raport obecności").click()
        assert page.get_by_role("navigation", name="Panel wydarzenia").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    finally:
        context.close()
