"""The private page in Chromium: on a 360 px phone nothing scrolls sideways, even with a very
long email address; picking a workshop far down the page shows the answer right there, in view;
workshops are grouped by day and a clashing one is marked."""

from datetime import timedelta

import pytest

from eventapp.extensions import db
from eventapp.models import ItemKind
from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility_walk import WIDE_ELEMENTS
from tests.factories import local, make_event, make_item, make_registration

LONG_EMAIL = "anna.maria.konstantynopolitanczykowianeczka.zarzad@stowarzyszenie-przyjaciol-ziemi-klodzkiej.example.org"


def _world(app):
    with app.app_context():
        event = make_event(slug="forum", title="Forum Współpracy Lokalnej i Regionalnej", capacity=None)
        day1, day2 = event.start_date, event.start_date + timedelta(days=1)
        event.end_date = day2
        ids = []
        for n in range(4):
            ids.append(make_item(event, local(day1, 9 + 2 * n), 60, title=f"Warsztat dnia pierwszego {n + 1}",
                                 kind=ItemKind.WORKSHOP, requires_signup=True, seat_limit=20).id)
        ids.append(make_item(event, local(day1, 9, 30), 60, title="Warsztat równoległy", kind=ItemKind.WORKSHOP,
                             requires_signup=True, seat_limit=20).id)
        for n in range(3):
            ids.append(make_item(event, local(day2, 9 + 2 * n), 60, title=f"Warsztat dnia drugiego {n + 1}",
                                 kind=ItemKind.WORKSHOP, requires_signup=True, seat_limit=20).id)
        person = make_registration(event, email=LONG_EMAIL, organisation="Stowarzyszenie Przyjaciół Ziemi Kłodzkiej")
        db.session.commit()
        return person.manage_token, ids


@pytest.mark.parametrize("width", [360, 390])
def test_private_page_never_scrolls_sideways_and_answers_where_clicked(live_server, browser, width):
    token, ids = _world(live_server.app)
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server(f"/events/forum/r/{token}"))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, page.evaluate(WIDE_ELEMENTS, width)
        assert page.locator(".workshop-day").count() == 2
        # Pick the first workshop, then the last one (far down on a phone).
        page.locator(f"#workshop-{ids[0]} button").click()
        page.locator(f"#workshop-{ids[0]} .workshop-answer").wait_for()
        assert "clashing" in page.locator(f"#workshop-{ids[4]}").get_attribute("class")
        assert page.locator(f"#workshop-{ids[4]} .workshop-clash").is_visible()
        last = page.locator(f"#workshop-{ids[-1]}")
        last.locator("button").click()
        answer = last.locator(".workshop-answer")
        answer.wait_for()
        assert answer.is_visible() and "Masz miejsce" in answer.inner_text()
        box = answer.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740  # in view without scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
    finally:
        context.close()
