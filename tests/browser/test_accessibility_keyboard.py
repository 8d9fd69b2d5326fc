"""Keyboard alone (page.keyboard only, never a mouse click): a participant signs up, picks a
workshop and cancels; staff at the station check a badge in and undo it; an organiser adds an
agenda item in the back office; a speaker edits their profile in the portal. Every element the
Tab key reaches shows a visible focus indicator."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    CheckIn,
    EventRoleKind,
    ItemKind,
    Registration,
    RegistrationStatus,
    Role,
    SignupStatus,
    Speaker,
    WorkshopSignup,
)
from tests.factories import (
    PASSWORD,
    local,
    make_account,
    make_event,
    make_item,
    make_registration,
    make_room,
    make_speaker,
)

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
            # What counts is the outline drawn: Chromium's :focus-visible flickers inside time fields.
            if here["tag"] != "body" and not here["indicator"]:
                self.invisible.append(here)
            if wanted(here):
                return here
        raise AssertionError(f"Tab never reached the element; last stop: {here}")

    def retype(self, value: str) -> None:
        """Replace the focused field's text, as a person selecting all and typing does."""
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(value)

    def type_time(self, selector: str, hour: int, minute: int) -> None:
        """Type a time into the focused time field. Headless Chromium takes its format from the
        system's locale, not the page's, so the field may be 12-hour: then A or P completes it."""
        self.page.keyboard.type(f"{hour:02d}{minute:02d}")
        if not self.page.locator(selector).input_value():
            self.page.keyboard.type("A" if hour < 12 else "P")
        assert self.page.locator(selector).input_value() == f"{hour:02d}:{minute:02d}"

    def choose(self, selector: str, value: str, limit: int = 15) -> None:
        """Pick an option of the focused closed list with the arrow keys (first Home)."""
        self.page.keyboard.press("Home")
        for _ in range(limit):
            if self.page.locator(selector).input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value!r} never chosen in {selector}")


def _sign_in(page, live_server, keys: Keyboard, email: str) -> None:
    """The sign-in form, by keyboard: Tab to the email, type, Tab, the password, Enter."""
    page.goto(live_server("/auth/login"))
    keys.tab_to(lambda f: f["name"] == "email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/auth/login" not in url)


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
    _sign_in(page, live_server, keys, "bramka@example.org")
    page.wait_for_url(live_server("/checkin/"))  # staff land at the check-in station
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


def test_an_organiser_adds_an_agenda_item_with_the_keyboard_alone(live_server, page):
    app = live_server.app
    with app.app_context():
        first = date.today() + timedelta(days=30)
        event = make_event(slug="forum", title="Forum Współpracy", start_date=first, end_date=first)
        make_room(event, "Sala Lustrzana")
        room = make_room(event, "Sala Warsztatowa", position=1)
        make_account("organizatorka@example.org", event=event, role=EventRoleKind.ORGANISER)
        db.session.commit()
        event_id, room_id = event.id, room.id
    keys = Keyboard(page)
    _sign_in(page, live_server, keys, "organizatorka@example.org")
    page.goto(live_server("/manage/events/forum/agenda"))

    keys.tab_to(lambda f: f["href"] == "/manage/events/forum/agenda/new")
    page.keyboard.press("Enter")
    page.wait_for_url("**/manage/events/forum/agenda/new")
    keys.tab_to(lambda f: f["id"] == "kind")
    keys.choose("#kind", "workshop")
    keys.tab_to(lambda f: f["id"] == "title")
    page.keyboard.type("Warsztat: ekonomia społeczna – wprowadzenie")
    keys.tab_to(lambda f: f["id"] == "abstract")
    page.keyboard.type("Jak założyć spółdzielnię socjalną.")
    keys.tab_to(lambda f: f["id"] == "start")
    keys.type_time("#start", 10, 30)
    keys.tab_to(lambda f: f["id"] == "end")
    keys.type_time("#end", 12, 0)
    keys.tab_to(lambda f: f["id"] == "room_id")
    keys.choose("#room_id", str(room_id))
    keys.tab_to(lambda f: f["id"] == "requires_signup")
    page.keyboard.press("Space")
    assert page.locator("#requires_signup").is_checked()
    keys.tab_to(lambda f: f["id"] == "seat_limit")
    page.keyboard.type("25")
    submit = keys.tab_to(lambda f: f["tag"] == "button" and f["type"] == "submit")
    assert submit["text"] == "Dodaj punkt"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/manage/events/forum/agenda/\d+$"))

    # Back to the agenda through the event's navigation: the new item is listed there.
    keys.tab_to(lambda f: f["href"] == "/manage/events/forum/agenda")
    page.keyboard.press("Enter")
    page.wait_for_url("**/manage/events/forum/agenda")
    listed = page.locator("main table").get_by_role("link", name="Warsztat: ekonomia społeczna – wprowadzenie")
    assert listed.count() == 1
    assert "10:30–12:00" in page.locator("main table tbody tr").first.inner_text()
    with app.app_context():
        [item] = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.event_id == event_id))
        assert item.title == "Warsztat: ekonomia społeczna – wprowadzenie"
        assert item.abstract == "Jak założyć spółdzielnię socjalną."
        assert item.kind == ItemKind.WORKSHOP and item.room_id == room_id
        assert item.requires_signup and item.seat_limit == 25
        start = item.start_dt.astimezone(item.event.tz)
        assert (start.date(), start.time()) == (first, time(10, 30))
        assert item.end_dt.astimezone(item.event.tz).time() == time(12, 0)
    assert keys.invisible == []


def test_a_speaker_edits_the_profile_with_the_keyboard_alone(live_server, page):
    app = live_server.app
    with app.app_context():
        event = make_event(slug="forum", title="Forum Współpracy")
        halina = make_speaker("Halina Wykładowska", organisation="Uniwersytet", email="halina@example.org")
        halina.account = make_account("halina@example.org", event=event, role=EventRoleKind.SPEAKER)
        make_item(event, title="Wykład otwierający", people=[(halina, Role.SPEAKER)])
        db.session.commit()
        speaker_id = halina.id
    keys = Keyboard(page)
    _sign_in(page, live_server, keys, "halina@example.org")
    page.wait_for_url(live_server("/portal/"))

    keys.tab_to(lambda f: f["href"] == "/portal/profile")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/profile")
    answers = {"name": "dr Halina Wykładowska-Łęcka", "organisation": "Uniwersytet Śląski",
               "position": "Adiunktka", "bio": "Badaczka ekonomii społecznej.\nAutorka „Spółdzielni”."}
    for name, value in answers.items():
        keys.tab_to(lambda f, name=name: f["id"] == name)
        keys.retype(value)
    # The photo field is a Tab stop too (choosing a file opens the system's dialog), then Save.
    keys.tab_to(lambda f: f["id"] == "photo")
    submit = keys.tab_to(lambda f: f["tag"] == "button" and f["type"] == "submit")
    assert submit["text"] == "Zapisz profil"
    page.keyboard.press("Enter")
    page.locator(".flash").filter(has_text="Profil został zapisany.").wait_for()
    with app.app_context():
        saved = db.session.get(Speaker, speaker_id)
        assert (saved.name, saved.organisation, saved.position) == (
            "dr Halina Wykładowska-Łęcka", "Uniwersytet Śląski", "Adiunktka")
        # Enter in the text area made a new line (the browser sends it as CR LF).
        assert saved.bio.splitlines() == ["Badaczka ekonomii społecznej.", "Autorka „Spółdzielni”."]
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
