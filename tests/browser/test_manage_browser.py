"""An organiser builds a two-day event with a panel through the back-office forms, publishes
it, and the public agenda shows it; the back-office pages pass axe (no serious/critical)."""

from datetime import date, timedelta

from eventapp.extensions import db
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, make_account


def _admin(app) -> str:
    with app.app_context():
        make_account("organizatorka@example.org", is_admin=True)
        db.session.commit()
    return "organizatorka@example.org"


def _submit(page) -> None:
    page.locator("main form.form button[type=submit]").last.click()
    page.wait_for_load_state()


def _assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], (where, violations)


def test_an_organiser_builds_and_publishes_a_two_day_event_with_a_panel(live_server, page):
    email = _admin(live_server.app)
    first_day = date.today() + timedelta(days=30)
    second_day = first_day + timedelta(days=1)

    page.goto(live_server("/auth/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(live_server("/manage/"))
    page.get_by_role("link", name="Utwórz wydarzenie").click()
    _assert_accessible(page, "new event form")
    page.fill("#title", "Forum Ekonomii Społecznej")
    page.fill("#start_date", first_day.isoformat())
    page.fill("#end_date", second_day.isoformat())
    page.fill("#venue_name", "Centrum Kultury")
    page.fill("#venue_city", "Zielonowo")
    page.fill("#capacity", "120")
    _submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Forum Ekonomii Społecznej"
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    _assert_accessible(page, "event overview")

    page.get_by_role("navigation", name="Panel wydarzenia").get_by_role("link", name="Sale").click()
    page.fill("#name", "Sala Główna")
    _submit(page)
    page.fill("#name", "Sala Warsztatowa")
    _submit(page)

    for name, organisation in (("Żaneta Ślęzak", "Fundacja Współpracy"), ("Jan Kowalski", "Urząd Gminy"),
                               ("Maria Wiśniewska", "Spółdzielnia Socjalna")):
        page.goto(live_server(f"/manage/events/{slug}/speakers/new"))
        page.fill("#name", name)
        page.fill("#organisation", organisation)
        _submit(page)

    # Day one: an opening lecture; day two: the panel.
    page.goto(live_server(f"/manage/events/{slug}/agenda/new"))
    page.select_option("#kind", "opening")
    page.fill("#title", "Otwarcie forum")
    page.select_option("#day", first_day.isoformat())
    page.fill("#start", "09:30")
    page.fill("#end", "10:00")
    page.select_option("#room_id", label="Sala Główna")
    _submit(page)

    page.goto(live_server(f"/manage/events/{slug}/agenda"))
    page.get_by_role("link", name="Dodaj punkt w tym dniu").nth(1).click()
    page.select_option("#kind", "panel")
    page.fill("#title", "Debata: samorząd i NGO")
    page.fill("#abstract", "Jak współpracować przy zadaniach publicznych.")
    page.fill("#start", "11:00")
    page.fill("#end", "12:30")
    page.select_option("#room_id", label="Sala Główna")
    _submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Debata: samorząd i NGO"

    for name, role in (("Żaneta Ślęzak", "moderator"), ("Jan Kowalski", "panelist"),
                       ("Maria Wiśniewska", "panelist")):
        page.select_option("#person-speaker_id", label=f"{name} (" + {
            "Żaneta Ślęzak": "Fundacja Współpracy", "Jan Kowalski": "Urząd Gminy",
            "Maria Wiśniewska": "Spółdzielnia Socjalna"}[name] + ")")
        page.select_option("#person-role", role)
        page.get_by_role("button", name="Dodaj osobę").click()
        page.wait_for_load_state()
    people = page.locator("#people-heading + .table-scroll tbody tr")
    assert people.count() == 3
    _assert_accessible(page, "agenda item with its people")

    page.goto(live_server(f"/manage/events/{slug}/"))
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_load_state()
    assert "opublikowane" in page.locator("main").inner_text()

    page.goto(live_server(f"/events/{slug}/agenda"))
    agenda = page.locator("main").inner_text()
    assert "Otwarcie forum" in agenda and "Debata: samorząd i NGO" in agenda
    panel = page.locator(".agenda-item", has_text="Debata: samorząd i NGO")
    text = panel.inner_text()
    assert "Moderator" in text and "Żaneta Ślęzak" in text
    assert text.index("Żaneta Ślęzak") < text.index("Jan Kowalski") < text.index("Maria Wiśniewska")
    assert "11:00" in text and "Sala Główna" in text

    for path in ("agenda", "history", "speakers", "registrations", "team", "organisations", "mailings/new"):
        page.goto(live_server(f"/manage/events/{slug}/{path}"))
        _assert_accessible(page, path)
