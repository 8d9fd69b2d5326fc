"""Signing up in real Chromium: the form, the confirmation, the private page from the email."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from eventapp.extensions import db
from tests.browser.conftest import axe_violations
from tests.factories import local, make_event, make_item


def _event(app) -> str:
    with app.app_context():
        event = make_event(title="Forum Ekonomii Społecznej", slug="forum-es", capacity=30)
        make_item(event, local(event.start_date, 11), 90, title="Warsztat: biznesplan dla spółdzielni",
                  requires_signup=True, seat_limit=12)
        db.session.commit()
        return event.slug


def _mail(app) -> email.message.EmailMessage:
    files = sorted(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert len(files) == 1
    return email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)


def test_sign_up_confirmation_and_private_page(live_server, page):
    app = live_server.app
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    slug = _event(app)
    page.goto(live_server(f"/events/{slug}/"))
    page.locator(f'a[href="/events/{slug}/register"]').click()
    page.wait_for_url(f"**/events/{slug}/register")
    assert axe_violations(page) == []
    # The bot trap is not visible to people.
    assert not page.locator("#website").is_visible() or page.locator("#website").bounding_box()["x"] < 0

    page.fill("#first_name", "Grażyna")
    page.fill("#last_name", "Żebrowska")
    page.fill("#email", "grazyna@example.org")
    page.fill("#organisation", "Spółdzielnia Socjalna Łąka")
    page.select_option("#organisation_type", "social_economy")
    page.fill("#position", "Prezeska zarządu")
    page.check("#consent_data")
    page.get_by_role("button", name="Zarejestruj się").click()
    page.locator('.registration-answer[data-answer="confirmed"]').wait_for()
    assert "grazyna@example.org" in page.content()
    assert axe_violations(page) == []

    message = _mail(app)
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://localhost(/events/forum-es/r/[A-Za-z0-9_-]{32})", text).group(1)
    page.goto(live_server(link))
    assert page.get_by_role("heading", level=1).inner_text() == "Twoje zgłoszenie"
    assert page.locator(".registration-badge svg").is_visible()
    assert "zostało 12 miejsc" in page.locator("#workshops").locator("..").inner_text()
    page.locator(".workshop").get_by_role("button", name=re.compile("^Zapisz się")).click()
    # The answer appears inside the workshop that was clicked.
    page.locator(".workshop-answer.notice-success").filter(has_text="Masz miejsce").wait_for()
    assert "zostało 11 miejsc" in page.content()
    assert axe_violations(page) == []


def test_sign_up_form_on_a_phone_keeps_typed_answers(live_server, browser):
    app = live_server.app
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    slug = _event(app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL")
    page = context.new_page()
    try:
        page.goto(live_server(f"/events/{slug}/register"))
        page.fill("#first_name", "Jan")
        page.fill("#email", "zly-adres")
        page.get_by_role("button", name="Zarejestruj się").click()
        page.locator(".field-error").first.wait_for()
        assert page.input_value("#first_name") == "Jan" and page.input_value("#email") == "zly-adres"
        # Nothing wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == []
    finally:
        context.close()
