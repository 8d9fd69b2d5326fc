"""WCAG 2.1 AA as far as axe-core can tell, and keyboard use, on the public pages."""

import re

import pytest

from eventapp.extensions import db
from eventapp.models import EventOrganisation, OrganisationPart, Role
from tests.browser.conftest import axe_violations
from tests.factories import make_account, make_event, make_item, make_speaker

PAGES = ["/", "/events/forum/", "/events/forum/agenda", "/events/forum/speakers/", "/events/forum/calendar", "/auth/login",
         "/events/brak/", "/deklaracja-dostepnosci"]


def _seed(app):
    with app.app_context():
        event = make_event(slug="forum", title="Forum Współpracy", eu_funded=True, funding_note="Projekt UE.")
        event.organisations = [EventOrganisation(name="Fundacja", part=OrganisationPart.ORGANISER)]
        speaker = make_speaker("Ewa Żak", organisation="Urząd")
        make_item(event, title="Debata", people=[(speaker, Role.MODERATOR)])
        make_account("ola@example.org")
        db.session.commit()
        return speaker.id


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_public_pages_have_no_axe_violations_at_any_level(live_server, page, lang):
    speaker_id = _seed(live_server.app)
    for path in PAGES + [f"/events/forum/speakers/{speaker_id}"]:
        page.goto(live_server(f"{path}?lang={lang}"))
        assert axe_violations(page) == [], path


def test_login_form_errors_have_no_axe_violations_at_any_level(live_server, page):
    _seed(live_server.app)
    page.goto(live_server("/auth/login"))
    page.get_by_role("button", name="Zaloguj się").click()
    assert page.locator(".field-error").count() == 2
    assert axe_violations(page) == []


def test_keyboard_alone_reaches_the_content_and_signs_in(live_server, page):
    _seed(live_server.app)
    page.goto(live_server("/auth/login"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Przejdź do treści"
    page.keyboard.press("Enter")
    # Tab through to the email field, type, then on to the password and submit with Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    page.keyboard.type("ola@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("secret-password-1")
    page.keyboard.press("Enter")
    # The skip link's #main fragment rides along through the redirect.
    page.wait_for_url(re.compile(re.escape(live_server("/")) + r"(#main)?$"))
    assert page.get_by_role("button", name="Wyloguj się").count() == 1


def test_focus_is_visible(live_server, page):
    _seed(live_server.app)
    page.goto(live_server("/events/forum/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
