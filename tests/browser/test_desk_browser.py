"""The organiser's desk in Chromium, on a phone and a laptop: a phone sign-up added by hand,
two people ticked and cancelled only after the confirmation page; no sideways scroll."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import EventRoleKind, Registration, RegistrationStatus
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, make_account, make_event, make_registration

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(params=list(SIZES))
def size(request):
    return SIZES[request.param]


def _world(app):
    with app.app_context():
        event = make_event(slug="forum", title="Forum", start_date=date.today() + timedelta(days=20), capacity=30)
        make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        for name in ("Adamska", "Borowy", "Cieślak"):
            make_registration(event, last_name=name, email=f"{name.lower()}@example.org")
        db.session.commit()


def _sign_in(page, live_server):
    page.goto(live_server("/auth/login"))
    page.fill("#email", "org@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_the_desk_adds_someone_and_cancels_two_after_asking(live_server, browser, size):
    _world(live_server.app)
    context = browser.new_context(viewport=size, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _sign_in(page, live_server)
        page.goto(live_server("/manage/events/forum/registrations"))
        page.get_by_role("link", name="Dodaj zgłoszenie").click()
        page.fill("#first_name", "Halina")
        page.fill("#last_name", "Telefoniczna")
        page.fill("#email", "halina@example.org")
        page.select_option("#organisation_type", "ngo")
        page.check("#data_consent")
        page.get_by_role("button", name="Dodaj zgłoszenie").click()
        page.locator(".notice-success, .flash-success, [class*=success]").first.wait_for()
        assert "Halina Telefoniczna" in page.locator("h1").inner_text()

        page.goto(live_server("/manage/events/forum/registrations"))
        page.get_by_label("Zaznacz: Zofia Adamska").check()
        page.get_by_label("Zaznacz: Zofia Borowy").check()
        page.select_option("#bulk-status", "cancelled")
        page.get_by_role("button", name="Zmień status").click()
        page.get_by_role("heading", name="Anulować te 2 zgłoszenia?").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert axe_violations(page) == []
        with live_server.app.app_context():
            assert db.session.scalars(select(Registration.status)).all().count(RegistrationStatus.CANCELLED) == 0
        page.get_by_role("button", name="Tak, anuluj 2 zgłoszenia").click()
        page.wait_for_load_state()
        page.get_by_text("Zmieniono status 2 osób").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        with live_server.app.app_context():
            statuses = dict(db.session.execute(select(Registration.last_name, Registration.status)).all())
        assert statuses == {"Adamska": RegistrationStatus.CANCELLED, "Borowy": RegistrationStatus.CANCELLED,
                            "Cieślak": RegistrationStatus.CONFIRMED, "Telefoniczna": RegistrationStatus.CONFIRMED}
    finally:
        context.close()


def test_an_import_is_previewed_with_every_problem_then_confirmed(live_server, browser, size):
    _world(live_server.app)
    context = browser.new_context(viewport=size, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _sign_in(page, live_server)
        page.goto(live_server("/manage/events/forum/registrations"))
        page.get_by_role("link", name="Importuj z CSV lub XLSX").click()
        bad = ("Imię;Nazwisko;E-mail\nAnna;Nowa;anna.bardzo.dluga.nazwa.skrzynki@przyklad-organizacji.example.org\n"
               ";Bez;bez@example.org\n").encode()
        page.set_input_files("#file", files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": bad}])
        page.check("#data_consent")
        page.get_by_role("button", name="Sprawdź plik").click()
        page.locator(".import-problems li").first.wait_for()
        assert page.locator(".import-problems li").inner_text() == "Wiersz 3: brak imienia"
        assert page.get_by_role("button", name="Zarejestruj 1 osobę").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert axe_violations(page) == []
        good = "Imię;Nazwisko;E-mail\nAnna;Nowa;anna@example.org\nBorowy;Dubel;borowy@example.org\n".encode()
        page.set_input_files("#file", files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": good}])
        page.check("#data_consent")
        page.get_by_role("button", name="Sprawdź plik").click()
        page.locator(".import-duplicates li").wait_for()
        assert "borowy@example.org" in page.locator(".import-duplicates li").inner_text()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        page.get_by_role("button", name="Zarejestruj 1 osobę").click()
        page.get_by_text("Zarejestrowano 1 osobę.").wait_for()
        with live_server.app.app_context():
            assert db.session.scalar(select(Registration).where(Registration.email == "anna@example.org"))
    finally:
        context.close()
