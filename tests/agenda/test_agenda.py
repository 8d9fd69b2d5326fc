"""The agenda: days, parallel items by room, panels with people in order, a fixed query count."""

from datetime import date, timedelta

from eventapp.agenda.services import build_agenda
from eventapp.extensions import db
from eventapp.models import ItemKind, ItemStatus, Role
from tests.factories import local, make_event, make_item, make_room, make_speaker


def _two_day_event():
    start = date(2026, 10, 24)  # the night of 24/25 October 2026: Warsaw leaves summer time
    event = make_event(slug="seminarium", start_date=start, end_date=start + timedelta(days=1))
    hall = make_room(event, "Sala główna", 0)
    room_a = make_room(event, "Sala A", 1)
    room_b = make_room(event, "Sala B", 2)
    moderator = make_speaker("dr Anna Moderatorska", organisation="Uniwersytet")
    guests = [make_speaker(f"Gość {n}", organisation="NGO") for n in range(1, 4)]
    make_item(event, local(start, 9), 30, kind=ItemKind.OPENING, title="Otwarcie", room=hall)
    make_item(event, local(start, 9, 30), 60, kind=ItemKind.PANEL, title="Debata o współpracy", room=hall,
              people=[(moderator, Role.MODERATOR), (guests[1], Role.PANELIST), (guests[0], Role.PANELIST),
                      (guests[2], Role.PANELIST)])
    day2 = start + timedelta(days=1)
    make_item(event, local(day2, 10), 120, kind=ItemKind.WORKSHOP, title="Warsztat B", room=room_b,
              requires_signup=True, seat_limit=15)
    make_item(event, local(day2, 10), 120, kind=ItemKind.WORKSHOP, title="Warsztat A", room=room_a,
              requires_signup=True, seat_limit=20)
    make_item(event, local(day2, 12), 30, kind=ItemKind.BREAK, title="Przerwa kawowa",
              status=ItemStatus.CANCELLED)
    db.session.commit()
    return event


def test_items_are_grouped_by_local_day_and_parallel_blocks(ctx):
    event = _two_day_event()
    days = build_agenda(event)
    assert [d.day for d in days] == [date(2026, 10, 24), date(2026, 10, 25)]
    first, second = days
    assert [[i.title for i in b.items] for b in first.blocks] == [["Otwarcie"], ["Debata o współpracy"]]
    # Parallel workshops side by side, ordered by room, then the break on its own.
    assert [[i.title for i in b.items] for b in second.blocks] == [["Warsztat A", "Warsztat B"], ["Przerwa kawowa"]]
    assert second.blocks[0].parallel and not second.blocks[1].parallel


def test_agenda_page_shows_times_in_warsaw_across_the_dst_change(app, client):
    with app.app_context():
        _two_day_event()
    page = client.get("/events/seminarium/agenda").get_data(as_text=True)
    # 9:00 on 24 Oct is CEST (+02:00), 10:00 on 25 Oct is CET (+01:00): both shown as local times.
    assert "09:00" in page and "10:00" in page
    assert 'datetime="2026-10-24T07:00:00+00:00"' in page
    assert 'datetime="2026-10-25T09:00:00+00:00"' in page


def test_panel_lists_moderator_and_panelists_in_order(app, client):
    with app.app_context():
        _two_day_event()
    page = client.get("/events/seminarium/agenda").get_data(as_text=True)
    panel = page[page.index("Debata o współpracy"):]
    order = [panel.index(name) for name in ("dr Anna Moderatorska", "Gość 2", "Gość 1", "Gość 3")]
    assert order == sorted(order)
    assert "Moderator:" in panel and "Panelista:" in panel


def test_agenda_page_in_english(app, client):
    with app.app_context():
        _two_day_event()
    page = client.get("/events/seminarium/agenda?lang=en").get_data(as_text=True)
    for text in ("Agenda", "Day 1", "Day 2", "Panel debate", "Workshop", "Separate sign-up", "20 seats",
                 "cancelled", "Parallel sessions"):
        assert text in page, text


def test_agenda_page_polish_plural_of_seats(app, client):
    with app.app_context():
        _two_day_event()
    page = client.get("/events/seminarium/agenda").get_data(as_text=True)
    assert "15 miejsc" in page and "20 miejsc" in page and "Osobne zapisy" in page


def _event_of_size(slug, days, items_per_day, speakers_per_item):
    start = date(2026, 5, 12)
    event = make_event(slug=slug, start_date=start, end_date=start + timedelta(days=days - 1))
    rooms = [make_room(event, f"Sala {n}", n) for n in range(3)]
    for d in range(days):
        for n in range(items_per_day):
            people = [(make_speaker(), Role.PANELIST) for _ in range(speakers_per_item)]
            make_item(event, local(start + timedelta(days=d), 9) + timedelta(minutes=30 * (n // 3)), 30,
                      kind=ItemKind.PANEL, room=rooms[n % 3], people=people)
    db.session.commit()


def test_agenda_page_query_count_does_not_grow_with_the_event(app, client, count_queries):
    with app.app_context():
        _event_of_size("male", days=1, items_per_day=2, speakers_per_item=1)
        _event_of_size("duze", days=3, items_per_day=30, speakers_per_item=4)
    counts = {}
    for slug in ("male", "duze"):
        with count_queries() as counter:
            response = client.get(f"/events/{slug}/agenda")
        assert response.status_code == 200
        counts[slug] = counter.count
    assert counts["male"] == counts["duze"]
    assert counts["duze"] <= 7  # one more since the agenda lists materials (one selectin query)
