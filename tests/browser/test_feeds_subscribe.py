"""The subscribe page in real Chromium: the copy button copies, by mouse and by keyboard."""

from __future__ import annotations

from tests.feeds.helpers import dst_event


def _event(app) -> str:
    with app.app_context():
        return dst_event().slug


def test_copy_button_copies_the_https_address(live_server, page):
    slug = _event(live_server.app)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server(f"/events/{slug}/agenda"))
    page.get_by_role("link", name="Subskrybuj program w swoim kalendarzu").click()
    page.wait_for_url(f"**/events/{slug}/calendar")
    assert page.get_by_role("heading", level=1).inner_text() == "Program w Twoim kalendarzu"
    field = page.locator("#feed-event-url")
    assert field.input_value() == f"http://localhost/events/{slug}/calendar.ics"
    webcal = page.locator("#feed-event-heading ~ p a.button")
    assert webcal.get_attribute("href") == f"webcal://localhost/events/{slug}/calendar.ics"

    # The button is shown once the script runs, and it is reachable by keyboard.
    button = page.locator('button[data-copy-target="feed-event-url"]')
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.locator("#feed-event-status").filter(has_text="Adres skopiowany").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()

    page.locator('button[data-copy-target="feed-site-url"]').click()
    page.locator("#feed-site-status").filter(has_text="Adres skopiowany").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == "http://localhost/calendar.ics"


def test_subscribe_page_fits_a_phone(live_server, browser):
    slug = _event(live_server.app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL")
    try:
        phone = context.new_page()
        phone.goto(live_server(f"/events/{slug}/calendar"))
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        button = phone.locator('button[data-copy-target="feed-event-url"]').bounding_box()
        assert button["height"] >= 44
    finally:
        context.close()
