"""Emailing registrants: filtered audience, progress, and a bad address that fails alone."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, OrganisationType, OutboundEmail, RegistrationStatus
from eventapp.models.manage import Mailing, MailingStatus
from tests.conftest import login
from tests.factories import make_registration
from tests.manage.conftest import row_counts


@pytest.fixture
def app_settings(smtp_server):
    return {**smtp_server.settings, "MANAGE_JOBS": "inline", "MAIL_MAX_ATTEMPTS": 1}


@pytest.fixture
def registrants(app, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        for n in range(4):
            make_registration(event, email=f"ngo{n}@example.org")
        make_registration(event, email="gmina@example.org", organisation_type=OrganisationType.PUBLIC_ADMINISTRATION)
        make_registration(event, email="rezerwa@example.org", status=RegistrationStatus.WAITLISTED,
                          waitlist_position=1)
        make_registration(event, email="odwolana@example.org", status=RegistrationStatus.CANCELLED)
        make_registration(event, email="zly adres@@example.org")
        db.session.commit()


def test_all_registrants_get_it_and_a_bad_address_does_not_stop_the_rest(app, as_organiser, world, registrants,
                                                                         smtp_server):
    response = as_organiser.post("/manage/events/forum/mailings/new", data={
        "subject": "Zmiana sali", "body": "Spotykamy się w auli.", "q": "", "status": "",
        "organisation_type": "", "item_id": ""})
    assert response.status_code == 302
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == ["gmina@example.org", "ngo0@example.org", "ngo1@example.org", "ngo2@example.org",
                        "ngo3@example.org", "rezerwa@example.org"]
    assert "Spotykamy się w auli." in smtp_server.messages[0].get_body(("plain",)).get_content()
    with app.app_context():
        mailing = db.session.scalar(select(Mailing))
        assert (mailing.status, mailing.total, mailing.queued) == (MailingStatus.DONE, 7, 7)
        failed = db.session.scalar(select(OutboundEmail).where(OutboundEmail.recipient.like("zly%")))
        assert failed is None or failed.status.value == "failed"
    progress = as_organiser.get(response.headers["Location"] + ".json").get_json()
    assert progress | {} == {**progress, "total": 7, "sent": 6, "failed": 1, "finished": True}
    page = as_organiser.get(response.headers["Location"]).get_data(as_text=True)
    assert "zly adres@@example.org" in page and 'data-field="sent">6<' in page


def test_a_filtered_group_gets_it(app, as_organiser, world, registrants, smtp_server):
    page = as_organiser.get("/manage/events/forum/mailings/new?organisation_type=ngo&status=confirmed")
    # Four NGOs with good addresses and one with a bad one.
    assert "Wiadomość trafi do 5 osób." in page.get_data(as_text=True)
    response = as_organiser.post("/manage/events/forum/mailings/new?lang=en", data={
        "subject": "Dla NGO", "body": "Treść", "status": "confirmed", "organisation_type": "ngo"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert sorted(m["To"] for m in smtp_server.messages) == [f"ngo{n}@example.org" for n in range(4)]


def test_an_empty_message_or_audience_is_refused(app, as_organiser, world, registrants, smtp_server):
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/mailings/new?lang=en", data={"subject": "", "body": "x"})
    assert response.status_code == 422 and "subject" in response.get_data(as_text=True)
    response = as_organiser.post("/manage/events/forum/mailings/new?lang=en", data={
        "subject": "Nikt", "body": "x", "q": "nie-ma-takiej-osoby"})
    assert response.status_code == 422 and "Nobody matches" in response.get_data(as_text=True)
    assert row_counts(app) == before and smtp_server.messages == []


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_is_sent(app, client, world, registrants, smtp_server, who):
    login(client, world.accounts["organiser"])
    client.post("/manage/events/forum/mailings/new", data={"subject": "S", "body": "B"})
    client.post("/auth/logout")
    smtp_server.messages.clear()
    with app.app_context():
        mailing_id = db.session.scalar(select(Mailing.id))
    login(client, world.accounts[who])
    before = row_counts(app)
    for url in ("/manage/events/forum/mailings", "/manage/events/forum/mailings/new",
                f"/manage/events/forum/mailings/{mailing_id}", f"/manage/events/forum/mailings/{mailing_id}.json"):
        assert client.get(url).status_code == 403, url
    assert client.post("/manage/events/forum/mailings/new", data={"subject": "S", "body": "B"}).status_code == 403
    assert row_counts(app) == before and smtp_server.messages == []


def test_a_mailing_is_previewed_as_its_first_recipient_gets_it_and_nothing_is_sent(app, as_organiser, world,
                                                                                registrants, smtp_server):
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/mailings/new?organisation_type=ngo", data={
        "subject": "Zmiana sali", "body": "Spotykamy się w <auli>.", "organisation_type": "ngo",
        "step": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    preview = html[html.index('class="mail-preview"'):]
    assert "ngo0@example.org" in preview and "i 5 innych osób" in preview  # six NGOs (one waiting)
    assert "Spotykamy się w &lt;auli&gt;." in preview and "Zmiana sali" in preview
    # The form keeps what was typed, to send it next.
    assert 'value="Zmiana sali"' in html and "Spotykamy się w &lt;auli&gt;.</textarea>" in html
    assert row_counts(app) == before and smtp_server.messages == []


def test_a_test_copy_goes_only_to_the_organiser(app, as_organiser, world, registrants, smtp_server):
    response = as_organiser.post("/manage/events/forum/mailings/new", data={
        "subject": "Zmiana sali", "body": "Spotykamy się w auli.", "step": "test"})
    assert response.status_code == 200
    assert "Kopię testową wysłano tylko na org@example.org" in response.get_data(as_text=True)
    assert [m["To"] for m in smtp_server.messages] == ["org@example.org"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "[Test] Zmiana sali"
    assert "Spotykamy się w auli." in message.get_body(("plain",)).get_content()
    with app.app_context():
        assert db.session.scalar(select(Mailing)) is None


def test_preview_and_test_refuse_an_empty_message(app, as_organiser, world, registrants, smtp_server):
    before = row_counts(app)
    for step in ("preview", "test"):
        response = as_organiser.post("/manage/events/forum/mailings/new", data={
            "subject": "Temat", "body": "", "step": step})
        assert response.status_code == 422 and "Wpisz treść wiadomości." in response.get_data(as_text=True)
    assert row_counts(app) == before and smtp_server.messages == []


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_may_not_preview_or_test(app, client, world, registrants, smtp_server, who):
    login(client, world.accounts[who])
    for step in ("preview", "test"):
        response = client.post("/manage/events/forum/mailings/new", data={"subject": "S", "body": "B", "step": step})
        assert response.status_code == 403
    assert smtp_server.messages == []
