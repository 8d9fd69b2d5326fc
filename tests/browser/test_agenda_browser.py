"""The agenda in a real browser: days, parallel workshops side by side, language switch."""

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import ItemKind, Role
from tests.factories import local, make_event, make_item, make_room, make_speaker


def _event(app):
    with app.app_context():
        start = date.today() + timedelta(days=20)
        event = make_event(slug="seminarium", title="Seminarium ekonomii społecznej", start_date=start,
                           end_date=start + timedelta(days=1))
        a, b = make_room(event, "Sala A", 1), make_room(event, "Sala B", 2)
        moderator = make_speaker("Żaneta Ślęzak")
        make_item(event, local(start, 10), 60, kind=ItemKind.PANEL, title="Debata o współpracy", room=a,
                  people=[(moderator, Role.MODERATOR), (make_speaker("Gość Pierwszy"), Role.PANELIST)])
        day2 = start + timedelta(days=1)
        make_item(event, local(day2, 10), 90, kind=ItemKind.WORKSHOP, title="Fundraising", room=a)
        make_item(event, local(day2, 10), 90, kind=ItemKind.WORKSHOP, title="Media społecznościowe", room=b)
        db.session.commit()


def test_agenda_shows_days_and_parallel_workshops_side_by_side(live_server, page):
    _event(live_server.app)
    page.goto(live_server("/events/seminarium/"))
    page.get_by_role("link", name="Program").click()
    page.wait_for_url("**/agenda")
    assert page.get_by_role("heading", level=1).inner_text() == "Program"
    assert page.get_by_role("link", name="Dzień 2").count() == 1
    workshops = page.locator(".parallel .agenda-item")
    assert workshops.count() == 2
    first, second = workshops.nth(0).bounding_box(), workshops.nth(1).bounding_box()
    # On a laptop the two workshops sit in one row, next to each other.
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1

    page.get_by_role("link", name="Żaneta Ślęzak").click()
    assert "Debata o współpracy" in page.content()

    page.get_by_role("navigation", name="Język").get_by_role("link", name="EN").click()
    assert page.get_by_role("heading", level=2, name="At this event").count() == 1


def test_agenda_stacks_parallel_items_on_a_phone(live_server, browser):
    _event(live_server.app)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    page = context.new_page()
    page.goto(live_server("/events/seminarium/agenda"))
    workshops = page.locator(".parallel .agenda-item")
    first, second = workshops.nth(0).bounding_box(), workshops.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
