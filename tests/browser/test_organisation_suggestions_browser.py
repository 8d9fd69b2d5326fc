"""On the sign-up form in real Chromium the organisation field suggests the programme's directory
as one types, a new name is still accepted, and the page passes axe."""

from eventapp.extensions import db
from eventapp.models import Registration
from tests.browser.conftest import axe_violations
from tests.programmes.test_organisation_suggestions import seed


def test_typing_fills_the_suggestions_and_a_new_name_still_signs_up(live_server, page):
    app = live_server.app
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    with app.app_context():
        seed()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "organisation-suggestions?" in r.url else None)
    page.goto(live_server("/events/forum/register"))
    field = page.locator("#organisation")
    assert field.get_attribute("list") == "organisation-suggestions"
    assert page.locator("#organisation-suggestions-hint").is_visible()
    field.press_sequentially("fundac", delay=30)
    options = page.locator("#organisation-suggestions option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("els => els.map(e => e.value)") == [
        "Fundacja Rozwoju Lokalnego", "Stowarzyszenie Fundacji"]
    # Asked once, after the typing paused (not once per letter).
    assert [url.split("/events/")[1] for url in asked] == ["forum/organisation-suggestions?q=fundac"]
    assert axe_violations(page) == []
    # A name the directory does not know is still accepted.
    field.fill("Koło Gospodyń Wiejskich w Lipiu")
    page.fill("#first_name", "Ala")
    page.fill("#last_name", "Nowak")
    page.fill("#email", "ala@example.org")
    page.select_option("#organisation_type", "ngo")
    page.fill("#position", "Prezeska")
    page.check("#consent_data")
    page.get_by_role("button", name="Zarejestruj się").click()
    page.locator('.registration-answer[data-answer="confirmed"]').wait_for()
    with app.app_context():
        assert db.session.scalar(db.select(Registration.organisation).where(
            Registration.email == "ala@example.org")) == "Koło Gospodyń Wiejskich w Lipiu"
