"""Every kind of page a person meets, walked with axe-core in Polish and English, on a phone
(375×740) and a laptop: the public pages (events, event, agenda, speakers, a speaker, calendar
subscription, sign-in, accessibility statement, an error page), the sign-up form (empty and with errors), the thank-you page, the
resend form, the private page (confirmed with a workshop to pick, and waitlisted), the details
form with an error, the cancel and delete confirmations, the check-in station before and after
a scan, the back office, the speaker portal, the invitation page and the reports summary.

No violation at any impact level, minor included, anywhere (WCAG 2.0/2.1/2.2 A and AA rules and
axe's best practices, such as heading order and unique landmark names), and every page's footer
links to the accessibility statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pprint import pformat

import pytest

from eventapp.auth import invitations
from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    EmailStatus,
    EventRoleKind,
    EventStatus,
    ItemKind,
    ItemProposal,
    RegistrationStatus,
    Role,
)
from tests.browser.conftest import axe_violations
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

PHONE = {"width": 375, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
# The innermost elements sticking out past the window's right edge, to say what to fix.
WIDE_ELEMENTS = """width => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && ![...el.children].some(
        c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''))"""


@dataclass
class World:
    slug: str
    confirmed_token: str
    waitlisted_token: str
    badge_code: str
    lecture_id: int
    invitation_token: str
    registration_id: int
    speaker_id: int = 0


def build(app) -> World:
    """An event a month ahead: two days, a lecture with a speaker who has an account, a
    workshop with seats, a confirmed and a waitlisted participant, staff and an organiser."""
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    with app.app_context():
        first = date.today() + timedelta(days=30)
        event = make_event(slug="forum", title="Forum Współpracy Lokalnej", start_date=first,
                           end_date=first + timedelta(days=1), capacity=40)
        room = make_room(event, "Sala Lustrzana")
        halina = make_speaker("dr Halina Wykładowska", organisation="Uniwersytet", bio="Badaczka ekonomii społecznej.")
        lecture = make_item(event, local(first, 10), 60, title="Wykład otwierający", room=room,
                            abstract="Wstęp do współpracy.", people=[(halina, Role.SPEAKER)])
        make_item(event, local(first + timedelta(days=1), 11), 90, title="Warsztat: budżet projektu",
                  kind=ItemKind.WORKSHOP, requires_signup=True, seat_limit=10, room=room)
        anna = make_registration(event, first_name="Anna", last_name="Łukasiewicz", organisation="Fundacja Łąka")
        dawid = make_registration(event, first_name="Dawid", last_name="Śliwa",
                                  status=RegistrationStatus.WAITLISTED, waitlist_position=1)
        bartek = make_registration(event, first_name="Bartosz", last_name="Lis", organisation="Urząd Gminy")
        staff = make_account("bramka@example.org", event=event, role=EventRoleKind.STAFF)
        staff.name = "Marta Bramka"
        make_account("organizator@example.org", event=event, role=EventRoleKind.ORGANISER)
        speaker_account = make_account("halina@example.org", event=event, role=EventRoleKind.SPEAKER)
        halina.account_id = speaker_account.id
        draft = make_event(slug="szkic", title="Forum w przygotowaniu", start_date=first, end_date=first)
        draft.status = EventStatus.DRAFT
        make_account("organizator.szkicu@example.org", event=draft, role=EventRoleKind.ORGANISER)
        db.session.add(ItemProposal(item_id=lecture.id, speaker_id=halina.id,
                                    changes={"abstract": "Nowy opis wykładu."}))
        # A message the outbox gave up on, for the undelivered-messages page.
        bounced = outbox.queue_email(kind="registration.confirmation", recipient=bartek.email,
                                     subject="Twoje miejsce jest potwierdzone", text="…", event_id=event.id)
        bounced.status, bounced.attempts = EmailStatus.FAILED, 8
        bounced.last_error = "SMTPRecipientsRefused: {'bartek@example.org': (550, b'5.1.1 Mailbox unavailable')}"
        db.session.commit()
        world = World(event.slug, anna.manage_token, dawid.manage_token, bartek.badge_code, lecture.id, "",
                      anna.id, halina.id)
        invitation = invitations.invite(event, "nowa.osoba@example.org", EventRoleKind.STAFF)
        world.invitation_token = invitation.token
        return world


class Walk:
    """One browser context in one language and window size; collects axe findings per page."""

    def __init__(self, browser, live_server, lang: str, viewport: dict):
        self.browser, self.live_server, self.lang, self.viewport = browser, live_server, lang, viewport
        self.findings: dict[str, list[dict]] = {}
        self.context = None
        self.page = None
        self.fresh()

    def fresh(self) -> None:
        """A new context (signed out), with the language chosen once as a visitor would."""
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(viewport=self.viewport, locale="pl-PL")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.goto(self.live_server(f"/?lang={self.lang}"))

    def goto(self, path: str) -> None:
        response = self.page.goto(self.live_server(path))
        assert response.status == 200, path  # the page itself, not an error page

    def check(self, name: str) -> None:
        assert self.page.evaluate("document.documentElement.lang") == self.lang, name
        statement = self.page.locator("footer a[href$='/deklaracja-dostepnosci']")
        assert statement.count() == 1, f"{name}: no link to the accessibility statement in the footer"
        violations = axe_violations(self.page)
        # Nothing wider than the window: a phone must not scroll sideways (WCAG 1.4.10 reflow).
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.viewport["width"]:
            violations.append({"id": "reflow", "impact": "serious", "help": f"page is {width}px wide",
                               "nodes": self.page.evaluate(WIDE_ELEMENTS, self.viewport["width"])})
        if violations:
            self.findings[name] = violations

    def sign_in(self, email: str) -> None:
        self.fresh()
        self.goto("/auth/login")
        self.page.fill("input[name=email]", email)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.locator("form button[type=submit]").last.click()
        self.page.wait_for_load_state()
        assert "/auth/login" not in self.page.url

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=["pl", "en"])
def lang(request):
    return request.param


@pytest.fixture(params=["phone", "laptop"])
def viewport(request):
    return PHONE if request.param == "phone" else LAPTOP


def test_every_page_passes_axe(live_server, browser, lang, viewport):
    world = build(live_server.app)
    slug = world.slug
    walk = Walk(browser, live_server, lang, viewport)
    page = walk.page
    try:
        # ---- public pages -------------------------------------------------------------------
        for path, name in [
            ("/", "events list"),
            (f"/events/{slug}/", "event page"),
            (f"/events/{slug}/agenda", "agenda"),
            (f"/events/{slug}/speakers/", "speakers"),
            (f"/events/{slug}/speakers/{world.speaker_id}", "speaker page"),
            (f"/events/{slug}/calendar", "calendar subscription"),
            ("/auth/login", "sign-in form"),
            ("/deklaracja-dostepnosci", "accessibility statement"),
        ]:
            walk.goto(path)
            walk.check(name)
        assert page.goto(live_server(f"/events/{slug}/?slug=inne")).status == 400
        walk.check("error page")

        # ---- a visitor signs up -------------------------------------------------------------
        walk.goto(f"/events/{slug}/register")
        walk.check("sign-up form")
        page.locator("form.registration-form button[type=submit]").click()
        page.locator(".field-error").first.wait_for()
        walk.check("sign-up form with errors")
        page.fill("#first_name", "Grażyna")
        page.fill("#last_name", "Żebrowska")
        page.fill("#email", "grazyna@example.org")
        page.fill("#organisation", "Spółdzielnia Socjalna")
        page.select_option("#organisation_type", "social_economy")
        page.fill("#position", "Prezeska")
        page.check("#consent_data")
        page.locator("form.registration-form button[type=submit]").click()
        page.locator(".registration-answer").wait_for()
        walk.check("thank-you page")

        walk.goto(f"/events/{slug}/resend")
        walk.check("resend form")
        page.locator("form button[type=submit]").click()
        page.locator(".field-error").first.wait_for()
        walk.check("resend form with an error")
        page.fill("#email", "grazyna@example.org")
        page.locator("form button[type=submit]").click()
        page.locator(".notice-success").wait_for()
        walk.check("resend form sent")

        # ---- the private page ---------------------------------------------------------------
        private = f"/events/{slug}/r/{world.confirmed_token}"
        walk.goto(private)
        assert page.locator(".workshop form").count() == 1
        walk.check("private page, confirmed, workshop to pick")
        page.locator(".workshop form button").click()
        page.locator(".workshop.picked").wait_for()
        walk.check("private page after picking a workshop")
        walk.goto(f"/events/{slug}/r/{world.waitlisted_token}")
        walk.check("private page, waitlisted")

        walk.goto(f"{private}/details")
        walk.check("details form")
        page.fill("#first_name", "")
        page.locator("form button[type=submit]").click()
        page.locator(".field-error").first.wait_for()
        walk.check("details form with an error")
        walk.goto(f"{private}/email")
        walk.check("change of email address")
        page.fill("#email", "nie-adres")
        page.locator("form button[type=submit]").click()
        page.locator(".field-error").first.wait_for()
        walk.check("change of email address with an error")
        walk.goto(f"{private}/cancel")
        walk.check("cancel confirmation")
        walk.goto(f"{private}/delete")
        walk.check("delete confirmation")

        # ---- the invitation page (signed out) -----------------------------------------------
        walk.goto(f"/invitation/{world.invitation_token}")
        walk.check("invitation page")
        page.locator("form button[type=submit]").click()
        page.locator(".field-error").first.wait_for()
        walk.check("invitation page with errors")

        # ---- the check-in station -----------------------------------------------------------
        walk.sign_in("bramka@example.org")
        page = walk.page
        walk.goto("/checkin/")
        walk.check("station: my events")
        walk.goto(f"/checkin/{slug}/")
        page.locator("#station[data-ready='1']").wait_for(state="attached")
        walk.check("station, ready")
        page.locator("#scan-code").fill(world.badge_code)
        page.locator("#scan-code").press("Enter")
        page.locator("#result[data-outcome='checked_in']").wait_for()
        walk.check("station after a check-in")
        page.locator("#scan-code").fill("nie-ma-takiego-kodu")
        page.locator("#scan-code").press("Enter")
        page.locator("#result[data-outcome='unknown']").wait_for()
        walk.check("station after an unknown code")
        page.fill("#search-q", "Lis")
        page.locator("#search-results li").first.wait_for()
        walk.check("station search results")

        # ---- the back office and reports ----------------------------------------------------
        walk.sign_in("organizator@example.org")
        page = walk.page
        for path, name in [
            ("/manage/", "back office: events"),
            (f"/manage/events/{slug}/", "back office: event"),
            (f"/manage/events/{slug}/edit", "back office: event form"),
            (f"/manage/events/{slug}/agenda", "back office: agenda editor"),
            (f"/manage/events/{slug}/agenda/{world.lecture_id}", "back office: agenda item form"),
            (f"/manage/events/{slug}/agenda/new", "back office: new agenda item"),
            (f"/manage/events/{slug}/registrations", "back office: registrations"),
            (f"/manage/events/{slug}/registrations/{world.registration_id}", "back office: one registration"),
            (f"/manage/events/{slug}/registrations/new", "back office: add a registration"),
            (f"/manage/events/{slug}/registrations/{world.registration_id}/edit", "back office: edit a participant"),
            (f"/manage/events/{slug}/registrations/{world.registration_id}/cancel", "back office: cancel, confirm"),
            (f"/manage/events/{slug}/registrations/import", "back office: import registrations"),
            (f"/manage/events/{slug}/mailings", "back office: mailings"),
            (f"/manage/events/{slug}/mailings/new", "back office: new mailing"),
            (f"/manage/events/{slug}/undelivered", "back office: undelivered messages"),
            (f"/manage/events/{slug}/organisations", "back office: organisations"),
            (f"/manage/events/{slug}/speakers/new", "back office: new speaker"),
            ("/manage/events/new", "back office: new event"),
            (f"/manage/events/{slug}/speakers", "back office: speakers"),
            (f"/manage/events/{slug}/rooms", "back office: rooms"),
            (f"/manage/events/{slug}/team", "back office: team"),
            (f"/manage/events/{slug}/history", "back office: history"),
            (f"/portal/events/{slug}/proposals", "proposals to review"),
            (f"/events/{slug}/reports/", "reports summary"),
            (f"/events/{slug}/reports/certificates/", "reports: certificates"),
        ]:
            walk.goto(path)
            walk.check(name)
        walk.goto(f"/manage/events/{slug}/mailings/new")
        page.fill("#subject", "Zmiana sali")
        page.fill("#body", "Spotykamy się w auli.")
        page.locator("button[name=step][value=preview]").click()
        page.locator(".mail-preview").wait_for()
        walk.check("back office: mailing preview")
        walk.goto(f"/manage/events/{slug}/agenda/new")
        page.locator("main form button[type=submit]").last.click()
        page.locator(".field-error").first.wait_for()
        walk.check("back office: new agenda item with errors")

        # ---- a draft previewed by its organiser ---------------------------------------------
        walk.sign_in("organizator.szkicu@example.org")
        page = walk.page
        walk.goto("/events/szkic/")
        page.locator(".draft-preview").wait_for()
        walk.check("draft preview: event page")

        # ---- the speaker portal -------------------------------------------------------------
        walk.sign_in("halina@example.org")
        for path, name in [
            ("/portal/", "portal: home"),
            (f"/portal/items/{world.lecture_id}", "portal: item"),
            ("/portal/profile", "portal: profile"),
        ]:
            walk.goto(path)
            walk.check(name)

        # ---- after cancelling, and after deleting -------------------------------------------
        walk.fresh()
        page = walk.page
        walk.goto(f"{private}/cancel")
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"**{private}")
        walk.check("private page, cancelled")
        walk.goto(f"{private}/delete")
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state()
        walk.check("after deleting")
    finally:
        walk.close()
    assert walk.findings == {}, pformat(walk.findings)
