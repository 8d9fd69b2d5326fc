"""The agenda, speakers and history pages: each action through HTTP, and each refusal."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, ItemSpeaker, ItemStatus, Role, Room, Speaker
from tests.conftest import login
from tests.factories import local, make_item, make_speaker
from tests.manage.conftest import row_counts, snapshot


def _item(world, **overrides):
    data = {"kind": "lecture", "title": "Wykład otwierający", "abstract": "O ekonomii",
            "day": world.day.isoformat(), "start": "10:00", "end": "11:00", "room_id": str(world.rooms["A"])}
    data.update(overrides)
    return data


@pytest.fixture
def planned(app, world):
    """One item with a speaker, and a second speaker of the event not in it yet."""
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        speaker = make_speaker("Anna Nowak", email="anna@example.org")
        spare = make_speaker("Jan Kowalski")
        item = make_item(event, local(world.day, 9), room=db.session.get(Room, world.rooms["A"]),
                         title="Otwarcie", people=[(speaker, Role.HOST)])
        from eventapp.history.services import record
        record(event, "speaker_created", speaker=spare)
        db.session.commit()
        part_id = item.speaker_roles[0].id
        return {"item": item.id, "speaker": speaker.id, "spare": spare.id, "part": part_id}


def test_an_organiser_adds_edits_moves_and_cancels_an_item(app, as_organiser, world):
    client = as_organiser
    response = client.post("/manage/events/forum/agenda/new", data=_item(world))
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Wykład otwierający"))
        assert item.start_dt == local(world.day, 10) and item.room_id == world.rooms["A"]
        item_id = item.id
    page = client.get(f"/manage/events/forum/agenda/{item_id}").get_data(as_text=True)
    assert 'value="10:00"' in page and "O ekonomii" in page
    client.post(f"/manage/events/forum/agenda/{item_id}", data=_item(
        world, start="14:00", end="15:30", room_id=str(world.rooms["B"]), kind="workshop",
        requires_signup="y", seat_limit="25"))
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        assert item.start_dt == local(world.day, 14) and item.end_dt == local(world.day, 15, 30)
        assert (item.room_id, item.requires_signup, item.seat_limit) == (world.rooms["B"], True, 25)
    client.post(f"/manage/events/forum/agenda/{item_id}/cancel")
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).status == ItemStatus.CANCELLED
    client.post(f"/manage/events/forum/agenda/{item_id}/restore")
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).status == ItemStatus.SCHEDULED
    assert "Wykład otwierający" in client.get("/manage/events/forum/agenda").get_data(as_text=True)


def test_a_clash_is_refused_with_its_name_and_the_form_keeps_the_input(app, as_organiser, world, planned):
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/agenda/new?lang=en",
                                 data=_item(world, start="09:30", end="10:30", title="Kolidujący"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sala A is taken at that time by “Otwarcie”" in page
    assert 'value="Kolidujący"' in page
    assert row_counts(app) == before


def test_people_are_added_with_roles_reordered_and_removed(app, as_organiser, world, planned):
    client = as_organiser
    url = f"/manage/events/forum/agenda/{planned['item']}"
    assert client.post(f"{url}/people", data={"person-speaker_id": planned["spare"],
                                              "person-role": "moderator"}).status_code == 302
    with app.app_context():
        parts = db.session.scalars(select(ItemSpeaker).where(ItemSpeaker.item_id == planned["item"])
                                   .order_by(ItemSpeaker.position)).all()
        assert [(p.speaker_id, p.role) for p in parts] == [(planned["speaker"], Role.HOST),
                                                          (planned["spare"], Role.MODERATOR)]
        new_part = parts[1].id
    client.post(f"{url}/people/{new_part}/move", data={"direction": "up"})
    client.post(f"{url}/people/{new_part}/role", data={"role-role": "panelist"})
    with app.app_context():
        parts = db.session.scalars(select(ItemSpeaker).where(ItemSpeaker.item_id == planned["item"])
                                   .order_by(ItemSpeaker.position)).all()
        assert [(p.speaker_id, p.role) for p in parts] == [(planned["spare"], Role.PANELIST),
                                                          (planned["speaker"], Role.HOST)]
    client.post(f"{url}/people/{planned['part']}/remove")
    with app.app_context():
        assert db.session.scalars(select(ItemSpeaker.speaker_id).where(
            ItemSpeaker.item_id == planned["item"])).all() == [planned["spare"]]


def test_a_speaker_from_another_event_cannot_be_added(app, as_organiser, world, planned):
    with app.app_context():
        stranger = make_speaker("Obcy").id
        db.session.commit()
    before = row_counts(app)
    response = as_organiser.post(f"/manage/events/forum/agenda/{planned['item']}/people",
                                 data={"person-speaker_id": stranger, "person-role": "speaker"})
    assert response.status_code == 422
    assert row_counts(app) == before


def test_speakers_are_created_and_edited(app, as_organiser, world):
    client = as_organiser
    response = client.post("/manage/events/forum/speakers/new", data={
        "name": "Maria Wiśniewska", "organisation": "Urząd Marszałkowski", "position": "Dyrektorka",
        "bio": "Od lat…", "email": "maria@example.org", "phone": "", "website": "https://example.org"})
    assert response.status_code == 302
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.name == "Maria Wiśniewska"))
        assert (speaker.organisation, speaker.website) == ("Urząd Marszałkowski", "https://example.org")
        speaker_id = speaker.id
    response = client.post(f"/manage/events/forum/speakers/{speaker_id}?lang=en", data={
        "name": "Maria Wiśniewska", "email": "nie-adres", "website": "ftp:/x"})
    page = response.get_data(as_text=True)
    assert "valid email address" in page and "full web address" in page
    client.post(f"/manage/events/forum/speakers/{speaker_id}", data={"name": "Maria Wiśniewska-Nowak"})
    page = client.get("/manage/events/forum/speakers").get_data(as_text=True)
    assert "Maria Wiśniewska-Nowak" in page


def test_the_history_page_shows_who_when_and_what_in_polish(app, as_organiser, world, planned):
    client = as_organiser
    client.post(f"/manage/events/forum/agenda/{planned['item']}", data=_item(
        world, title="Otwarcie", start="09:00", end="10:00", room_id=str(world.rooms["B"]), kind="opening"))
    client.post(f"/manage/events/forum/agenda/{planned['item']}/cancel")
    page = client.get("/manage/events/forum/history").get_data(as_text=True)
    assert "Przeniesiono punkt" in page and "Odwołano punkt" in page
    assert "Konto Testowe" in page
    assert "Sala A → Sala B" in page
    assert "zaplanowany → odwołany" in page
    assert "Wykład → Otwarcie" in page


def test_a_speaker_of_another_event_is_not_found(app, as_organiser, world):
    with app.app_context():
        stranger = make_speaker("Obcy").id
        db.session.commit()
    assert as_organiser.get(f"/manage/events/forum/speakers/{stranger}").status_code == 404


def test_an_item_of_another_event_is_not_found(app, client, world):
    with app.app_context():
        other = db.session.scalar(select(Event).where(Event.slug == "inne"))
        foreign = make_item(other, title="Cudzy").id
        db.session.commit()
    login(client, world.accounts["organiser"])
    before = snapshot(app, AgendaItem, foreign)
    assert client.get(f"/manage/events/forum/agenda/{foreign}").status_code == 404
    assert client.post(f"/manage/events/forum/agenda/{foreign}/cancel").status_code == 404
    assert snapshot(app, AgendaItem, foreign) == before


def _guarded(world, planned):
    item, part = planned["item"], planned["part"]
    base = "/manage/events/forum"
    gets = [f"{base}/agenda", f"{base}/agenda/new", f"{base}/agenda/{item}", f"{base}/speakers",
            f"{base}/speakers/new", f"{base}/speakers/{planned['speaker']}", f"{base}/history"]
    posts = [
        (f"{base}/agenda/new", _item(world, start="15:00", end="16:00")),
        (f"{base}/agenda/{item}", _item(world, title="Przejęty")),
        (f"{base}/agenda/{item}/cancel", {}), (f"{base}/agenda/{item}/restore", {}),
        (f"{base}/agenda/{item}/people", {"person-speaker_id": planned["spare"], "person-role": "guest"}),
        (f"{base}/agenda/{item}/people/{part}/role", {"role-role": "guest"}),
        (f"{base}/agenda/{item}/people/{part}/move", {"direction": "down"}),
        (f"{base}/agenda/{item}/people/{part}/remove", {}),
        (f"{base}/speakers/new", {"name": "Wtrącony"}),
        (f"{base}/speakers/{planned['speaker']}", {"name": "Zmieniony"}),
    ]
    return gets, posts


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, planned, who):
    gets, posts = _guarded(world, planned)
    login(client, world.accounts[who])
    before = row_counts(app), snapshot(app, AgendaItem, planned["item"]), snapshot(app, Speaker, planned["speaker"])
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403, url
    after = row_counts(app), snapshot(app, AgendaItem, planned["item"]), snapshot(app, Speaker, planned["speaker"])
    assert after == before


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(app, client, world, planned):
    gets, posts = _guarded(world, planned)
    before = row_counts(app)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url
    assert row_counts(app) == before
