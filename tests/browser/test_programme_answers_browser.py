"""The target form's answer choices and the report's county/gender/age tables pass axe, on a
laptop and a 390px phone; a target by gender is added through the real form."""

from eventapp.extensions import db
from eventapp.models import ProgrammeTarget
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD
from tests.programmes.monitoring import monitored_programme


def _sign_in(page, live_server):
    page.goto(live_server("/auth/login"))
    page.get_by_label("E-mail").fill("kierownik@example.org")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def test_targets_by_answers_and_breakdowns_in_the_browser(live_server, page, browser):
    with live_server.app.app_context():
        monitored_programme()
    _sign_in(page, live_server)
    page.goto(live_server("/manage/programmes/program-csr/targets/"))
    assert axe_violations(page) == []
    page.get_by_label("Wskaźnik", exact=True).fill("Kobiety")
    page.get_by_label("Wartość docelowa").fill("10")
    page.get_by_role("group", name="Płeć").get_by_label("kobieta").check()
    page.locator("form[method=post] button.primary").click()
    page.get_by_role("link", name="Kobiety").wait_for()
    with live_server.app.app_context():
        target = db.session.scalar(db.select(ProgrammeTarget))
        assert target.criteria == {"answers": {"esf:gender": ["female"]}}
    assert page.locator(f'[data-target="{target.id}"]').inner_text() == "1"
    page.goto(live_server("/manage/programmes/program-csr/report/"))
    assert page.locator("#table-gender").is_visible()
    assert axe_violations(page) == []
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    small = phone.new_page()
    _sign_in(small, live_server)
    for path in ("/manage/programmes/program-csr/targets/", "/manage/programmes/program-csr/report/"):
        small.goto(live_server(path))
        wide = small.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)""")
        assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, wide)
        assert axe_violations(small) == []
    phone.close()
