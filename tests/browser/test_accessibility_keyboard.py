"""Keyboard alone (page.keyboard only, never a mouse click): a participant signs up, picks a
workshop and cancels; staff at the station check a badge in and undo it. Every element the
Tab key reaches shows a visible focus indicator."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import (
    CheckIn,
    EventRoleKind,
    ItemKind,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from tests.factories import PASSWORD, local, make_account, make_event, make_item, make_registration

# What the focused element is and whether a focus indicator is drawn around it.
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
        type: el.getAttribute('type') || '', text: (el.innerText || el.value || '').trim(),
        href: el.getAttribute('href') || '', focusVisible: el.matches(':focus-visible'),
        indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                   || style.boxShadow !== 'none',
    };
}"""


class Keyboard:
    """Moves through a page with Tab and records every stop that lacks a focus indicator."""

    def __init__(self, page):
        self.page = page
        self.invisible: list[dict] = []

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, wanted, limit: int = 80) -> dict:
        """Press Tab until `wanted(focused)` is true; fail if it is never reached."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            here = self.focused()
            if here["tag"] != "body" and not (here["focusVisible"] and here["indicator"]):
                self.invisible.append(here)
            if wanted(here):
                return here
        raise AssertionError(f"Tab never reached the element; last stop: {here}")


def _event(app) -> dict:
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    with app.app_context():
        first = date.today() + timedelta(days=30)
        event = make_event(slug="forum", title="Forum Współpracy", start_date=first, end_date=first, capacity=40)
        workshop = make_item(event, local(first, 11), 90, title="Warsztat: budżet projektu",
                             kind=ItemKind.WORKSHOP, requires_signup=True, seat_limit=10)
        anna = make_registration(event, first_name="Anna", last_name="Łukasiewicz")
        make_account("bramka@example.org", event=event, role=EventRoleKind.STAFF)
        db.session.commit()
        return {"slug": event.slug, "workshop_id": workshop.id, "anna_id": anna.id,
                "anna_token": anna.manage_token, "anna_code": anna.badge_code}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_sign_up_with_the_keyboard_alone(live_server, page, lang):
    world = _event(live_server.app)
    keys = Keyboard(page)
    page.goto(live_server(f"/events/{world['slug']}/register?lang={lang}"))

    # Submitting the empty form with Enter shows the errors; the first field can be reached.
    keys.tab_to(lambda f: f["id"] == "first_name")
    page.keyboard.press("Enter")
    page.locator(".field-error").first.wait_for()

    answers = {"first_name": "Grażyna", "last_name": "Żebrowska", "email": "grazyna@example.org",
               "organisation": "Spółdzielnia Socjalna Łąka", "position": "Prezeska zarządu"}
    for name, value in answers.items():
        keys.tab_to(lambda f, name=name: f["id"] == name)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        if name == "organisation":
            # The type of organisation comes next: arrow keys choose without opening the list.
            keys.tab_to(lambda f: f["id"] == "organisation_type")
            for _ in range(10):
                if page.locator("#organisation_type").input_value() == "social_economy":
                    break
                page.keyboard.press("ArrowDown")
    assert page.locator("#organisation_type").input_value() == "social_economy"
    keys.tab_to(lambda f: f["id"] == "consent_data")
    page.keyboard.press("Space")
    assert page.locator("#consent_data").is_checked()
    # The bot trap is never a Tab stop.
    submit = keys.tab_to(lambda f: f["tag"] == "button" and f["type"] == "submit")
    assert "website" not in [stop["id"] for stop in keys.invisible]
    assert submit["text"] == ("Zarejestruj się" if lang == "pl" else "Register")
    page.keyboard.press("Enter")

    page.locator('.registration-answer[data-answer="confirmed"]').wait_for()
    with live_server.app.app_context():
        saved = db.session.scalar(sa.select(Registration).where(Registration.email == "grazyna@example.org"))
        assert saved.first_name == "Grażyna" and saved.position == "Prezeska zarządu"
        assert saved.organisation_type.value == "social_economy" and saved.status == RegistrationStatus.CONFIRMED
    assert keys.invisible == []


def test_pick_a_workshop_and_cancel_with_the_keyboard_alone(live_server, page):
    world = _event(live_server.app)
    keys = Keyboard(page)
    private = f"/events/{world['slug']}/r/{world['anna_token']}"
    page.goto(live_server(private))

    keys.tab_to(lambda f: f["tag"] == "button" and "Warsztat: budżet projektu" in f["text"])
    page.keyboard.press("Enter")
    page.locator(".workshop.picked").wait_for()
    with live_server.app.app_context():
        signup = db.session.scalar(sa.select(WorkshopSignup).where(WorkshopSignup.registration_id == world["anna_id"]))
        assert signup.status == SignupStatus.CONFIRMED

    keys.tab_to(lambda f: f["href"].endswith(f"{private}/cancel"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{private}/cancel")
    # The confirmation step: a keyboard user can also go back, but goes on to confirm.
    keys.tab_to(lambda f: f["tag"] == "button" and f["type"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{private}")
    page.locator(".badge-cancelled").wait_for()
    with live_server.app.app_context():
        assert db.session.get(Registration, world["anna_id"]).status == RegistrationStatus.CANCELLED
    assert keys.invisible == []


def test_station_check_in_and_undo_with_the_keyboard_alone(live_server, page):
    world = _event(live_server.app)
    keys = Keyboard(page)
    page.goto(live_server("/auth/login"))
    keys.tab_to(lambda f: f["name"] == "email")
    page.keyboard.type("bramka@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server("/"))
    page.goto(live_server(f"/checkin/{world['slug']}/"))
    page.locator("#station[data-ready='1']").wait_for(state="attached")

    # The code field has the focus when the station opens: a scanner (or a person) types and presses Enter.
    assert keys.focused()["id"] == "scan-code"
    page.keyboard.type(world["anna_code"])
    page.keyboard.press("Enter")
    page.locator("#result[data-outcome='checked_in']").wait_for()
    assert page.locator("#count-in").inner_text() == "1"

    keys.tab_to(lambda f: f["id"] == "undo", limit=10)
    page.keyboard.press("Enter")
    page.locator("#count-in").filter(has_text="0").wait_for()
    with live_server.app.app_context():
        [checkin] = db.session.scalars(sa.select(CheckIn))
        assert checkin.undone_at is not None
    # The focus does not fall off the page: the station is ready for the next badge.
    assert keys.focused()["id"] == "scan-code"
    assert keys.invisible == []


@pytest.mark.parametrize("path", ["/events/forum/", "/events/forum/register", "/events/forum/agenda"])
def test_every_tab_stop_shows_where_the_focus_is(live_server, page, path):
    _event(live_server.app)
    keys = Keyboard(page)
    page.goto(live_server(path))
    stops = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        here = keys.focused()
        if here["tag"] == "body":
            break
        stops += 1
        assert here["focusVisible"] and here["indicator"], here
    assert stops > 3
