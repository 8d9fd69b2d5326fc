"""Creating, editing, publishing, cancelling and finishing events; rooms."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import ChangeRecord, Event, EventRole, EventRoleKind, EventStatus, Room
from tests.conftest import login
from tests.factories import local, make_item
from tests.manage.conftest import row_counts, snapshot


def _event_form(**overrides):
    data = {
        "title": "Seminarium o ekonomii społecznej", "slug": "", "summary": "Dla NGO",
        "description": "Opis", "timezone": "Europe/Warsaw", "start_date": "2031-05-12",
        "end_date": "2031-05-13", "venue_name": "Centrum", "venue_address": "ul. Długa 1",
        "venue_city": "Zielonowo", "capacity": "120",
        "registration_opens_at": "2031-03-30T09:00", "registration_closes_at": "2031-05-10T23:59",
        "funding_note": "", "speaker_edit_deadline": "2031-05-01T12:00",
    }
    data.update(overrides)
    return data


def test_an_organiser_creates_an_event_with_every_field_in_its_time_zone(app, client, world):
    login(client, world.accounts["organiser"])
    response = client.post("/manage/events/new", data=_event_form(
        eu_funded="y", funding_note="Projekt współfinansowany ze środków UE",
        speaker_changes_need_approval="y", timezone="Europe/Lisbon"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/events/seminarium-o-ekonomii-spolecznej/")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "seminarium-o-ekonomii-spolecznej"))
        assert event.status == EventStatus.DRAFT
        assert event.timezone == "Europe/Lisbon"
        assert (event.start_date.isoformat(), event.end_date.isoformat()) == ("2031-05-12", "2031-05-13")
        assert event.capacity == 120 and event.venue_city == "Zielonowo" and event.description == "Opis"
        # 09:00 in Lisbon in summer time (UTC+1) is 08:00 UTC.
        assert event.registration_opens_at == datetime(2031, 3, 30, 8, 0, tzinfo=UTC)
        assert event.speaker_edit_deadline == datetime(2031, 5, 1, 11, 0, tzinfo=UTC)
        assert event.eu_funded and event.funding_note.startswith("Projekt")
        assert event.speaker_changes_need_approval
        account_roles = db.session.scalars(select(EventRole.role).where(EventRole.event_id == event.id)).all()
        assert account_roles == [EventRoleKind.ORGANISER]


def test_the_edit_form_shows_and_keeps_local_times(app, client, world):
    login(client, world.accounts["organiser"])
    client.post("/manage/events/new", data=_event_form(slug="lokalne"))
    page = client.get("/manage/events/lokalne/edit").get_data(as_text=True)
    assert 'value="2031-03-30T09:00"' in page
    response = client.post("/manage/events/lokalne/edit", data=_event_form(slug="lokalne", title="Nowy tytuł"))
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "lokalne"))
        assert event.title == "Nowy tytuł"
        assert event.registration_opens_at == datetime(2031, 3, 30, 7, 0, tzinfo=UTC)
        change = db.session.scalars(select(ChangeRecord).where(ChangeRecord.action == "event_changed")).one()
        assert change.changes["title"] == ["Seminarium o ekonomii społecznej", "Nowy tytuł"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"eu_funded": "y", "funding_note": "  "}, "EU"),
    ({"end_date": "2031-05-11"}, "end before it starts"),
    ({"registration_closes_at": "2031-03-29T09:00"}, "close after it opens"),
    ({"slug": "Zły Adres"}, "hyphens"),
    ({"slug": "inne"}, "already uses this address"),
    ({"registration_opens_at": "2031-03-30T02:30"}, "clocks change"),
    ({"title": ""}, "title"),
])
def test_bad_event_input_is_refused_with_a_message_and_the_form_keeps_it(app, client, world, overrides, message):
    login(client, world.accounts["organiser"])
    before = row_counts(app)
    response = client.post("/manage/events/new?lang=en", data=_event_form(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Centrum"' in page
    assert row_counts(app) == before


def test_shrinking_the_dates_away_from_scheduled_items_is_refused(app, client, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        make_item(event, local(world.day + timedelta(days=1), 10), title="Drugi dzień")
        db.session.commit()
    login(client, world.accounts["organiser"])
    before = snapshot(app, Event, world.event_id)
    response = client.post("/manage/events/forum/edit?lang=en", data=_event_form(
        slug="forum", start_date=world.day.isoformat(), end_date=world.day.isoformat()))
    assert "Drugi dzień" in response.get_data(as_text=True)
    assert snapshot(app, Event, world.event_id) == before


def test_publish_needs_a_draft_and_an_eu_funded_event_its_note(app, client, world):
    login(client, world.accounts["organiser"])
    client.post("/manage/events/new", data=_event_form(slug="szkic"))
    assert client.post("/manage/events/szkic/publish").status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "szkic"))
        assert event.status == EventStatus.PUBLISHED
    response = client.post("/manage/events/szkic/publish?lang=en", follow_redirects=True)
    assert "Only a draft can be published." in response.get_data(as_text=True)


def test_cancel_and_finish(app, client, world):
    login(client, world.accounts["organiser"])
    response = client.post("/manage/events/forum/finish?lang=en", follow_redirects=True)
    assert "has not started yet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.PUBLISHED
        db.session.get(Event, world.event_id).start_date = datetime.now(UTC).date() - timedelta(days=1)
        db.session.get(Event, world.event_id).end_date = datetime.now(UTC).date() + timedelta(days=1)
        db.session.commit()
    client.post("/manage/events/forum/finish")
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.FINISHED
    response = client.post("/manage/events/forum/cancel?lang=en", follow_redirects=True)
    assert "Only a draft or published event can be cancelled." in response.get_data(as_text=True)
    client.post("/manage/events/inne/cancel")
    with app.app_context():
        assert db.session.scalar(select(Event.status).where(Event.slug == "inne")) == EventStatus.PUBLISHED


def test_an_organiser_cancels_a_published_event(app, client, world):
    login(client, world.accounts["organiser"])
    assert client.post("/manage/events/forum/cancel").status_code == 302
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.CANCELLED
        actions = db.session.scalars(select(ChangeRecord.action)).all()
        assert "event_cancelled" in actions


def test_rooms_are_added_renamed_and_removed_unless_in_use(app, client, world):
    login(client, world.accounts["organiser"])
    assert client.post("/manage/events/forum/rooms", data={"name": "Sala C", "capacity": "30"}).status_code == 302
    response = client.post("/manage/events/forum/rooms?lang=en", data={"name": "sala a"})
    assert "already has a room with this name" in response.get_data(as_text=True)
    with app.app_context():
        room_c = db.session.scalar(select(Room).where(Room.name == "Sala C"))
        assert room_c.capacity == 30 and room_c.position == 2
        room_c_id = room_c.id
        event = db.session.get(Event, world.event_id)
        make_item(event, local(world.day, 9), room=db.session.get(Room, world.rooms["A"]), title="Otwarcie")
        db.session.commit()
    client.post(f"/manage/events/forum/rooms/{room_c_id}", data={"name": "Aula", "capacity": ""})
    response = client.post(f"/manage/events/forum/rooms/{world.rooms['A']}/remove?lang=en", follow_redirects=True)
    assert "Otwarcie" in response.get_data(as_text=True)
    client.post(f"/manage/events/forum/rooms/{room_c_id}/remove")
    with app.app_context():
        names = db.session.scalars(select(Room.name).where(Room.event_id == world.event_id)).all()
        assert sorted(names) == ["Sala A", "Sala B"]


def test_an_account_that_organises_nothing_may_not_create_events(app, client, world):
    login(client, world.accounts["staff"])  # signing in writes its server-side session row
    before = row_counts(app)
    assert client.get("/manage/events/new").status_code == 403
    assert client.post("/manage/events/new", data=_event_form(slug="nie")).status_code == 403
    assert row_counts(app) == before


def test_an_administrator_may_create_events(app, client, world):
    login(client, world.accounts["admin"])
    assert client.post("/manage/events/new", data=_event_form(slug="admina")).status_code == 302


def test_the_list_shows_only_the_accounts_events(app, client, world):
    login(client, world.accounts["organiser"])
    page = client.get("/manage/").get_data(as_text=True)
    assert "Forum Ekonomii Społecznej" in page and "Inne wydarzenie" not in page


ORGANISER_PAGES = ["/manage/events/forum/", "/manage/events/forum/edit", "/manage/events/forum/rooms",
                   "/manage/events/forum/cancel"]
ORGANISER_POSTS = [
    ("/manage/events/forum/edit", _event_form(slug="forum", title="Przejęte")),
    ("/manage/events/forum/publish", {}), ("/manage/events/forum/cancel", {}),
    ("/manage/events/forum/finish", {}), ("/manage/events/forum/rooms", {"name": "Obca sala"}),
    ("/manage/events/forum/rooms/{A}", {"name": "Przemianowana"}),
    ("/manage/events/forum/rooms/{A}/remove", {}),
]


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, who):
    login(client, world.accounts[who])
    before = row_counts(app), snapshot(app, Event, world.event_id), snapshot(app, Room, world.rooms["A"])
    for url in ORGANISER_PAGES:
        assert client.get(url).status_code == 403, url
    for url, data in ORGANISER_POSTS:
        assert client.post(url.format(**world.rooms), data=data).status_code == 403, url
    after = row_counts(app), snapshot(app, Event, world.event_id), snapshot(app, Room, world.rooms["A"])
    assert after == before


def test_anonymous_visitors_are_sent_to_sign_in(app, client, world):
    before = row_counts(app)
    for url in ["/manage/", "/manage/events/new", *ORGANISER_PAGES]:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    for url, data in ORGANISER_POSTS:
        response = client.post(url.format(**world.rooms), data=data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert row_counts(app) == before


def test_a_draft_of_another_organiser_is_hidden(app, client, world):
    with app.app_context():
        from tests.factories import make_event
        make_event(slug="tajny", status=EventStatus.DRAFT)
        db.session.commit()
    login(client, world.accounts["organiser"])
    assert client.get("/manage/events/tajny/").status_code == 404
    assert client.post("/manage/events/tajny/publish").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Event.status).where(Event.slug == "tajny")) == EventStatus.DRAFT


def test_an_administrator_counts_as_organiser(app, client, world):
    login(client, world.accounts["admin"])
    assert client.get("/manage/events/forum/").status_code == 200


def test_the_back_office_page_links_the_attendance_report_and_all_badges(app, as_organiser, world):
    page = as_organiser.get("/manage/events/forum/").get_data(as_text=True)
    assert 'href="/events/forum/reports/"' in page
    assert 'href="/events/forum/badges.pdf"' in page
    assert 'href="/portal/events/forum/proposals"' in page
