"""Picking workshops on the private page: grouped by day, clashing items marked (with the item
they clash with), and the answer shown inside the workshop that was clicked."""

from datetime import timedelta

import pytest

from eventapp.extensions import db
from eventapp.models import ItemKind
from tests.factories import local, make_event, make_item, make_registration


@pytest.fixture
def world(app):
    with app.app_context():
        event = make_event(slug="forum", capacity=None)
        day1, day2 = event.start_date, event.start_date + timedelta(days=1)
        event.end_date = day2
        items = {
            "budget": make_item(event, local(day1, 10), 90, title="Budżet projektu", kind=ItemKind.WORKSHOP,
                                requires_signup=True, seat_limit=1),
            "media": make_item(event, local(day1, 11), 60, title="Media społecznościowe", kind=ItemKind.WORKSHOP,
                               requires_signup=True, seat_limit=10),
            "law": make_item(event, local(day2, 9), 60, title="Prawo zamówień", kind=ItemKind.WORKSHOP,
                             requires_signup=True, seat_limit=10),
        }
        someone = make_registration(event)
        me = make_registration(event)
        db.session.commit()
        return {"me": me.manage_token, "someone": someone.manage_token} | {k: v.id for k, v in items.items()}


def _li(html: str, item_id: int) -> str:
    start = html.index(f'id="workshop-{item_id}"')
    return html[start:html.index("</li>", start)]


def test_workshops_are_grouped_by_day(app, client, world):
    html = client.get(f"/events/forum/r/{world['me']}").get_data(as_text=True)
    headings = [h for h in html.split('class="workshop-day"')[1:]]
    assert len(headings) == 2
    assert html.index("Budżet projektu") < html.index("Media społecznościowe") < html.index(
        'class="workshop-day"', html.index("Media społecznościowe")) < html.index("Prawo zamówień")


def test_the_answer_is_shown_in_the_clicked_workshop_and_clashes_are_marked(app, client, world):
    me = f"/events/forum/r/{world['me']}"
    client.post(f"/events/forum/r/{world['someone']}/workshops/{world['budget']}")  # takes the only seat
    response = client.post(f"{me}/workshops/{world['budget']}")
    assert response.headers["Location"].endswith(f"#workshop-{world['budget']}")
    html = client.get(me).get_data(as_text=True)
    budget = _li(html, world["budget"])
    assert 'class="notice workshop-answer notice-info" role="status"' in budget
    assert "lista rezerwowa" in budget.lower() or "liście rezerwowej" in budget
    # The answer is not repeated at the top of the page, and appears only once.
    assert html.count("workshop-answer") == 1 and 'class="flash' not in html
    # Media overlaps the picked budget workshop: marked, named, no sign-up button.
    media = _li(html, world["media"])
    assert "W tym samym czasie co Budżet projektu" in media and "pick_workshop" not in media
    assert "/workshops/" not in media
    assert "clashing" in html[html.index(f'id="workshop-{world["media"]}"') - 80:html.index(f'id="workshop-{world["media"]}"')]
    # The next day's workshop is free to pick, and its answer appears there.
    client.post(f"{me}/workshops/{world['law']}")
    law = _li(client.get(me).get_data(as_text=True), world["law"])
    assert "notice-success" in law and "Prawo zamówień" in law


def test_a_refusal_is_shown_in_the_clicked_workshop(app, client, world):
    me = f"/events/forum/r/{world['me']}"
    client.post(f"{me}/workshops/{world['media']}")
    client.post(f"{me}/workshops/{world['budget']}")  # overlaps media: refused
    budget = _li(client.get(me).get_data(as_text=True), world["budget"])
    assert "notice-error" in budget and "Media społecznościowe" in budget
