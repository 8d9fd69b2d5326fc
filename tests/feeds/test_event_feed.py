"""The whole event's feed, room feeds, single items and the site feed, read by two parsers,
for a forum that spans the end of summer time in Europe/Warsaw."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from eventapp.agenda.services import touch_item
from eventapp.extensions import db
from eventapp.models import AgendaItem, EventRoleKind, EventStatus, ItemKind, ItemStatus, Role
from tests.factories import local, make_event, make_item, make_room, make_speaker
from tests.feeds.helpers import DAY1, DAY2, calname, dst_event, item_uid, parse_both, utc

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _feed(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == CONTENT_TYPE
    return response


def test_event_feed_has_every_item_with_local_times_across_the_dst_change(app, client):
    with app.app_context():
        ids = dst_event()
    response = _feed(client, f"/events/{ids.slug}/calendar.ics")
    parsed = parse_both(response.data)
    events = parsed.ical_events
    assert len(events) == 6
    opening = events[item_uid(ids.opening_id)]
    # 09:00 on 24 October is summer time (+02:00); 10:00 on 25 October is winter time (+01:00).
    assert opening["DTSTART"].to_ical() == b"20261024T090000"
    assert opening["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert opening.decoded("DTSTART").astimezone(UTC) == utc(2026, 10, 24, 7)
    workshop = events[item_uid(ids.workshop_a_id)]
    assert workshop["DTSTART"].to_ical() == b"20261025T100000"
    assert workshop.decoded("DTSTART") == utc(2026, 10, 25, 9)
    # vobject reads the times through the VTIMEZONE in the file (not its own zone data).
    vworkshop = parsed.vobj_events[item_uid(ids.workshop_a_id)]
    assert vworkshop.dtstart.value.utcoffset() == timedelta(hours=1)
    assert parsed.vobj_events[item_uid(ids.opening_id)].dtstart.value.utcoffset() == timedelta(hours=2)
    # The networking evening crosses the change: 22:00 CEST to 04:00 CET is seven hours.
    night = parsed.vobj_events[item_uid(ids.night_id)]
    assert night.dtstart.value.hour == 22 and night.dtend.value.hour == 4
    assert night.dtend.value.astimezone(UTC) - night.dtstart.value.astimezone(UTC) == timedelta(hours=7)
    # One VTIMEZONE, written with yearly rules (Outlook ignores RDATE-only zones).
    (zone,) = parsed.ical.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Warsaw"
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone.to_ical()
    assert b"RDATE" not in zone.to_ical()


def test_every_entry_follows_the_feed_rules(app, client):
    with app.app_context():
        ids = dst_event()
        created = db.session.get(AgendaItem, ids.panel_id).updated_at
    response = _feed(client, f"/events/{ids.slug}/calendar.ics")
    text = response.get_data(as_text=True)
    parsed = parse_both(response.data)
    panel = parsed.ical_events[item_uid(ids.panel_id)]
    vpanel = parsed.vobj_events[item_uid(ids.panel_id)]
    assert panel.decoded("DTSTAMP") == created.replace(microsecond=0)
    assert panel.decoded("LAST-MODIFIED") == created.replace(microsecond=0)
    assert panel["SEQUENCE"] == 0
    assert str(panel["STATUS"]) == "CONFIRMED"
    # Polish letters intact through both parsers.
    assert str(panel["SUMMARY"]) == "Debata: współpraca samorządów z NGO"
    assert vpanel.location.value == "Sala główna, Centrum Przedsiębiorczości, ul. Źródlana 5, Zielona Góra"
    description = vpanel.description.value
    assert "Jak gminy zlecają zadania organizacjom? Źródła finansowania, łączenie środków." in description
    people = description[description.index("Moderator"):]
    assert people.index("Moderator: dr Łucja Żółtowska (Uniwersytet Zielonogórski)") < people.index(
        "Panelista: Grzegorz Brzęczyszczykiewicz (Spółdzielnia Socjalna „Ład”)") < people.index(
        "Panelista: Ewa Ścisłowska")
    assert str(panel["URL"]) == f"http://localhost/events/{ids.slug}/agenda#item-{ids.panel_id}"
    assert vpanel.categories.value == ["Debata panelowa"]
    # Calendar name and refresh hints.
    assert calname(parsed) == "Forum Ekonomii Społecznej — Zielona Góra"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "X-PUBLISHED-TTL:PT1H" in text
    assert "X-WR-TIMEZONE:Europe/Warsaw" in text
    assert "METHOD" not in parsed.ical


def test_a_cancelled_item_stays_in_the_feed_as_cancelled(app, client):
    with app.app_context():
        ids = dst_event()
    parsed = parse_both(_feed(client, f"/events/{ids.slug}/calendar.ics").data)
    coffee = parsed.ical_events[item_uid(ids.break_id)]
    assert str(coffee["STATUS"]) == "CANCELLED"
    assert parsed.vobj_events[item_uid(ids.break_id)].status.value == "CANCELLED"
    assert str(coffee["SUMMARY"]) == "[Odwołane] Przerwa kawowa"


def test_moving_an_item_keeps_its_uid_and_raises_sequence_and_last_modified(app, client):
    with app.app_context():
        ids = dst_event()
    before = parse_both(_feed(client, f"/events/{ids.slug}/calendar.ics").data)
    old = before.ical_events[item_uid(ids.workshop_a_id)]
    with app.app_context():
        item = db.session.get(AgendaItem, ids.workshop_a_id)
        # Moved an hour later and into the hall; the event's slug changes too.
        item.start_dt += timedelta(hours=1)
        item.end_dt += timedelta(hours=1)
        item.room_id = ids.hall_id
        touch_item(item)
        item.event.slug = "forum-2026"
        db.session.commit()
    after = parse_both(_feed(client, "/events/forum-2026/calendar.ics").data)
    new = after.ical_events[item_uid(ids.workshop_a_id)]  # the same UID
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new.decoded("LAST-MODIFIED") >= old.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTAMP") >= old.decoded("DTSTAMP")
    assert new["DTSTART"].to_ical() == b"20261025T110000"
    assert new.decoded("DTSTART") == utc(2026, 10, 25, 10)
    assert str(new["LOCATION"]).startswith("Sala główna,")
    assert set(after.ical_events) == set(before.ical_events)
    # Cancelling raises it again and keeps the entry.
    with app.app_context():
        item = db.session.get(AgendaItem, ids.workshop_a_id)
        item.status = ItemStatus.CANCELLED
        touch_item(item)
        db.session.commit()
    cancelled = parse_both(_feed(client, "/events/forum-2026/calendar.ics").data)
    entry = cancelled.ical_events[item_uid(ids.workshop_a_id)]
    assert entry["SEQUENCE"] > new["SEQUENCE"]
    assert str(entry["STATUS"]) == "CANCELLED"


def test_touch_item_raises_sequence_and_updated_at_every_time(ctx):
    event = make_event()
    item = make_item(event)
    db.session.commit()
    seen = [(item.sequence, item.updated_at)]
    for _ in range(3):
        touch_item(item)
        db.session.commit()
        seen.append((item.sequence, item.updated_at))
    assert [s for s, _ in seen] == [0, 1, 2, 3]
    assert all(a[1] < b[1] for a, b in zip(seen, seen[1:], strict=False))


def test_conditional_requests_get_304_until_something_changes(app, client):
    with app.app_context():
        ids = dst_event()
    url = f"/events/{ids.slug}/calendar.ics"
    first = _feed(client, url)
    etag = first.headers["ETag"]
    last_modified = first.headers["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.data == b"" and not_modified.headers["ETag"] == etag
    # Building twice from the same data gives the same bytes (a strong validator).
    assert _feed(client, url).data == first.data
    with app.app_context():
        item = db.session.get(AgendaItem, ids.opening_id)
        item.title = "Otwarcie forum — powitanie"
        touch_item(item)
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # A room renamed bumps no item, yet the ETag (a hash of the bytes) still changes.
    etag = changed.headers["ETag"]
    with app.app_context():
        from eventapp.models import Room

        db.session.get(Room, ids.hall_id).name = "Aula"
        db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_feed_text_in_english_on_request(app, client):
    with app.app_context():
        ids = dst_event()
    parsed = parse_both(_feed(client, f"/events/{ids.slug}/calendar.ics?lang=en").data)
    panel = parsed.vobj_events[item_uid(ids.panel_id)]
    assert panel.categories.value == ["Panel debate"]
    assert "Moderator: dr Łucja Żółtowska" in panel.description.value
    assert "Panelist: Grzegorz" in panel.description.value
    assert str(parsed.ical_events[item_uid(ids.break_id)]["SUMMARY"]) == "[Cancelled] Przerwa kawowa"


def test_room_feed_has_only_that_rooms_items(app, client):
    with app.app_context():
        ids = dst_event()
    parsed = parse_both(_feed(client, f"/events/{ids.slug}/rooms/{ids.room_a_id}/calendar.ics").data)
    assert set(parsed.ical_events) == {item_uid(ids.workshop_a_id)}
    assert calname(parsed) == "Forum Ekonomii Społecznej — Zielona Góra · Sala Źródło"


def test_a_room_of_another_event_is_404(app, client):
    with app.app_context():
        ids = dst_event()
        other = make_event(slug="inne")
        other_room = make_room(other, "Sala obca")
        db.session.commit()
        other_room_id = other_room.id
    assert client.get(f"/events/{ids.slug}/rooms/{other_room_id}/calendar.ics").status_code == 404
    assert client.get(f"/events/{ids.slug}/rooms/999999/calendar.ics").status_code == 404


def test_single_item_download(app, client):
    with app.app_context():
        ids = dst_event()
    response = _feed(client, f"/events/{ids.slug}/items/{ids.workshop_a_id}.ics")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{ids.slug}-{ids.workshop_a_id}.ics"'
    parsed = parse_both(response.data)
    assert set(parsed.ical_events) == {item_uid(ids.workshop_a_id)}
    assert str(parsed.ical["METHOD"]) == "PUBLISH"
    entry = parsed.vobj_events[item_uid(ids.workshop_a_id)]
    assert entry.summary.value == "Warsztat: biznesplan"
    assert "Prowadzący: Grzegorz Brzęczyszczykiewicz" in entry.description.value


def test_an_item_of_another_event_is_404(app, client):
    with app.app_context():
        ids = dst_event()
        other = make_event(slug="inne")
        foreign = make_item(other)
        db.session.commit()
        foreign_id = foreign.id
    assert client.get(f"/events/{ids.slug}/items/{foreign_id}.ics").status_code == 404
    assert client.get(f"/events/inne/items/{foreign_id}.ics").status_code == 200


def test_draft_events_have_no_feeds(app, client):
    with app.app_context():
        draft = make_event(slug="szkic", status=EventStatus.DRAFT)
        room = make_room(draft, "Sala")
        item = make_item(draft, room=room)
        db.session.commit()
        room_id, item_id = room.id, item.id
    for url in ("/events/szkic/calendar.ics", f"/events/szkic/rooms/{room_id}/calendar.ics",
                f"/events/szkic/items/{item_id}.ics", "/events/szkic/calendar"):
        assert client.get(url).status_code == 404, url
    assert "szkic" not in client.get("/calendar.ics").get_data(as_text=True)


def test_a_cancelled_event_cancels_all_its_entries(app, client):
    with app.app_context():
        ids = dst_event()
        from eventapp.models import Event

        db.session.get(Event, ids.event_id).status = EventStatus.CANCELLED
        db.session.commit()
    parsed = parse_both(_feed(client, f"/events/{ids.slug}/calendar.ics").data)
    assert {str(e["STATUS"]) for e in parsed.ical_events.values()} == {"CANCELLED"}


def test_cancelling_the_event_raises_sequence_and_last_modified_of_every_entry(app, client):
    from eventapp.manage.services import cancel_event
    from eventapp.models import Event
    from tests.factories import make_account

    with app.app_context():
        ids = dst_event()
        event = db.session.get(Event, ids.event_id)
        organiser = make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        # Last changed an hour ago (LAST-MODIFIED counts whole seconds).
        event.updated_at -= timedelta(hours=1)
        for item in event.agenda_items:
            item.updated_at -= timedelta(hours=1)
        db.session.commit()
    feeds = [f"/events/{ids.slug}/calendar.ics", f"/events/{ids.slug}/rooms/{ids.hall_id}/calendar.ics",
             "/calendar.ics"]
    before = [parse_both(_feed(client, url).data) for url in feeds]
    with app.app_context():
        cancel_event(db.session.get(Event, ids.event_id), db.session.merge(organiser), "Odwołane")
    after = [parse_both(_feed(client, url).data) for url in feeds]
    for url, old_feed, new_feed in zip(feeds, before, after, strict=True):
        assert old_feed.ical_events and set(new_feed.ical_events) == set(old_feed.ical_events), url
        for uid, old in old_feed.ical_events.items():
            new = new_feed.ical_events[uid]
            assert str(new["STATUS"]) == "CANCELLED", (url, uid)
            assert new["SEQUENCE"] > old["SEQUENCE"], (url, uid)
            assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED"), (url, uid)
            # The second, independent reader sees the same.
            vnew, vold = new_feed.vobj_events[uid], old_feed.vobj_events[uid]
            assert int(vnew.sequence.value) > int(vold.sequence.value), (url, uid)
            assert vnew.last_modified.value > vold.last_modified.value, (url, uid)


def test_site_feed_lists_every_public_event_once(app, client):
    with app.app_context():
        ids = dst_event()
        make_event(slug="szkic", title="Szkic", status=EventStatus.DRAFT)
        gone = make_event(slug="odwolane", title="Odwołane spotkanie", status=EventStatus.CANCELLED,
                          start_date=date(2026, 11, 3))
        db.session.commit()
        gone_id = gone.id
    parsed = parse_both(_feed(client, "/calendar.ics").data)
    assert set(parsed.ical_events) == {f"event-{ids.event_id}@localhost", f"event-{gone_id}@localhost"}
    forum = parsed.vobj_events[f"event-{ids.event_id}@localhost"]
    assert forum.dtstart.value == DAY1 and forum.dtend.value == DAY2 + timedelta(days=1)
    assert forum.summary.value == "Forum Ekonomii Społecznej — Zielona Góra"
    assert forum.location.value == "Centrum Przedsiębiorczości, ul. Źródlana 5, Zielona Góra"
    assert str(parsed.ical_events[f"event-{gone_id}@localhost"]["STATUS"]) == "CANCELLED"
    assert calname(parsed) == "Wydarzenia"


def _event_of_size(slug: str, days: int, items_per_day: int, speakers_per_item: int) -> None:
    start = date(2026, 10, 24)
    event = make_event(slug=slug, start_date=start, end_date=start + timedelta(days=days - 1))
    rooms = [make_room(event, f"Sala {n}", n) for n in range(3)]
    for d in range(days):
        for n in range(items_per_day):
            people = [(make_speaker(), Role.PANELIST) for _ in range(speakers_per_item)]
            make_item(event, local(start + timedelta(days=d), 9) + timedelta(minutes=30 * (n // 3)), 30,
                      kind=ItemKind.PANEL, room=rooms[n % 3], people=people)
    db.session.commit()


def test_query_count_is_the_same_for_a_small_and_a_large_event(app, client, count_queries):
    with app.app_context():
        _event_of_size("male", days=1, items_per_day=2, speakers_per_item=1)
        _event_of_size("duze", days=3, items_per_day=40, speakers_per_item=4)
    counts = {}
    for slug in ("male", "duze"):
        client.get(f"/events/{slug}/calendar.ics")  # warm-up: nothing cached between requests anyway
        with count_queries() as counter:
            response = client.get(f"/events/{slug}/calendar.ics")
        assert response.status_code == 200
        counts[slug] = counter.count
    assert counts["male"] == counts["duze"] <= 3  # the event, its items, their people
    assert len(parse_both(client.get("/events/duze/calendar.ics").data).ical_events) == 120


def test_agenda_page_query_count_stays_fixed_with_calendar_links(app, client, count_queries):
    with app.app_context():
        _event_of_size("male", days=1, items_per_day=2, speakers_per_item=1)
        _event_of_size("duze", days=2, items_per_day=20, speakers_per_item=3)
    counts = {}
    for slug in ("male", "duze"):
        with count_queries() as counter:
            page = client.get(f"/events/{slug}/agenda")
        assert page.status_code == 200 and b"calendar.google.com" in page.data
        counts[slug] = counter.count
    assert counts["male"] == counts["duze"]


def test_times_of_change_are_written_in_utc(app, client):
    """DTSTAMP, LAST-MODIFIED and CREATED must be UTC (RFC 5545 3.8.7): written with a Z."""
    with app.app_context():
        ids = dst_event()
    body = _feed(client, f"/events/{ids.slug}/calendar.ics").get_data(as_text=True)
    for name in ("DTSTAMP:", "LAST-MODIFIED:", "CREATED:"):
        lines = [line for line in body.splitlines() if line.startswith(name)]
        assert len(lines) == 6 and all(line.endswith("Z") for line in lines), name
