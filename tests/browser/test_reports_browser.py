"""The attendance report and the certificate ZIP in a real browser (strict CSP, static JS only)."""

from tests.factories import PASSWORD
from tests.reports.helpers import build_story, with_accounts


def _seed(live_server, tmp_path):
    live_server.app.config["REPORTS_FOLDER"] = str(tmp_path / "reports")
    with live_server.app.app_context():
        story = with_accounts(build_story())
        return story.slug, story.accounts["organiser"]


def _sign_in(page, live_server, email):
    page.goto(live_server("/auth/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def _watch_console(page) -> list[str]:
    """Script errors, CSP refusals and missing files (the browser's own favicon request aside)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return problems


def test_summary_shows_charts_beside_tables_on_a_laptop_and_stacked_on_a_phone(live_server, page, browser, tmp_path):
    slug, organiser = _seed(live_server, tmp_path)
    problems = _watch_console(page)
    _sign_in(page, live_server, organiser)
    page.goto(live_server(f"/events/{slug}/reports/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Raport obecności"
    chart = page.get_by_role("img", name="Obecność w poszczególnych dniach")
    assert chart.count() == 1 and chart.is_visible()
    table = page.locator("#table-days")
    chart_box, table_box = chart.bounding_box(), table.bounding_box()
    assert chart_box["height"] > 50 and table_box["x"] > chart_box["x"] + chart_box["width"] - 1
    assert page.locator("svg.chart").count() >= 6
    assert problems == []

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    small = phone.new_page()
    _sign_in(small, live_server, organiser)
    small.goto(live_server(f"/events/{slug}/reports/"))
    chart_box = small.get_by_role("img", name="Obecność w poszczególnych dniach").bounding_box()
    table_box = small.locator("#table-days").bounding_box()
    assert table_box["y"] >= chart_box["y"] + chart_box["height"] - 1  # stacked
    assert chart_box["width"] <= 390
    phone.close()


def test_the_zip_progress_updates_without_reloading(live_server, page, tmp_path):
    slug, organiser = _seed(live_server, tmp_path)
    problems = _watch_console(page)
    _sign_in(page, live_server, organiser)
    page.goto(live_server(f"/events/{slug}/reports/certificates/"))
    page.get_by_role("button", name="Przygotuj plik ZIP").click()
    page.get_by_role("link", name="Pobierz plik ZIP").wait_for(state="visible", timeout=60_000)
    assert "Gotowe: 7 zaświadczeń" in page.get_by_role("status").inner_text()
    assert page.locator("#batch-bar").evaluate("bar => [bar.value, bar.max]") == [7, 7]
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz plik ZIP").click()
    assert download.value.suggested_filename == f"{slug}-certificates.zip"
    assert problems == []
