"""A programme manager walks from the programme page to a target's progress; the pages pass axe."""

from datetime import date

from eventapp.extensions import db
from eventapp.models import Event, TargetUnit
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, make_account
from tests.programmes.helpers import event_series, make_programme, make_target


def _seed(live_server):
    with live_server.app.app_context():
        events = event_series(2, 9, overlap=True, start=date(2026, 4, 7))
        manager = make_account("kierownik@example.org")
        programme = make_programme(events=events, managers=[manager])
        make_target(programme, "Przeszkoleni promotorzy", TargetUnit.PEOPLE, 80)
        make_target(programme, "Wsparte organizacje", TargetUnit.ORGANISATIONS, 20, min_days=2)
        db.session.commit()


def _sign_in(page, live_server, email):
    page.goto(live_server("/auth/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def test_a_manager_walks_from_the_programme_to_a_targets_progress(live_server, page, browser):
    _seed(live_server)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    # The public page first, then the back office.
    page.goto(live_server("/programmes/program-csr/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Regionalny Ośrodek CSR"
    assert axe_violations(page) == []
    _sign_in(page, live_server, "kierownik@example.org")
    page.goto(live_server("/manage/programmes/"))
    page.get_by_role("link", name="Regionalny Ośrodek CSR").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Regionalny Ośrodek CSR"
    assert page.get_by_role("link", name="Warsztaty 0").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Wsparte organizacje").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wsparte organizacje"
    # Six people came to both events (two days), from five organisations.
    assert page.locator('[data-figure="count"]').inner_text() == "5"
    assert page.locator('[data-figure="goal"]').inner_text() == "20"
    assert page.locator('[data-figure="percent"]').inner_text() == "25%"
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Zarządzanie programem").get_by_role("link", name="Raport").click()
    assert page.get_by_role("img", name="Obecność na wydarzeniach").is_visible()
    assert axe_violations(page) == []
    assert problems == []

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    small = phone.new_page()
    _sign_in(small, live_server, "kierownik@example.org")
    small.goto(live_server("/manage/programmes/program-csr/report/"))
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.close()


def test_the_programme_back_office_pages_have_no_serious_axe_violations(live_server, page):
    _seed(live_server)
    with live_server.app.app_context():
        from tests.factories import make_registration
        event = db.session.scalar(db.select(Event).where(Event.slug == "seria-0"))
        make_registration(event, email="inny@example.org", first_name="Anna", last_name="Nowak1",
                          organisation="FUNDACJA 0-1.")
        db.session.commit()
    _sign_in(page, live_server, "kierownik@example.org")
    page.goto(live_server("/manage/programmes/program-csr/organisations/"))
    page.get_by_role("button", name="Dodaj nowe pisownie ze zgłoszeń").click()
    for path in ("/manage/programmes/program-csr/organisations/", "/manage/programmes/program-csr/people/",
                 "/manage/programmes/program-csr/targets/", "/manage/programmes/program-csr/edit",
                 "/manage/events/seria-0/evidence/", "/manage/events/seria-0/copy",
                 "/manage/events/seria-0/invite-speakers?q=an"):
        page.goto(live_server(path))
        assert axe_violations(page) == [], path
