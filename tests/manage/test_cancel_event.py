"""Cancelling a whole event: everyone still registered is told once, in their language."""

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.manage import services
from eventapp.manage.errors import Refusal
from eventapp.models import (
    ChangeRecord,
    Event,
    EventRoleKind,
    EventStatus,
    OutboundEmail,
    RegistrationStatus,
    utcnow,
)
from tests.conftest import login
from tests.factories import make_account, make_event, make_registration

KIND = "registration.event_cancelled"
MESSAGE = "Przepraszamy, z powodu <remontu> sali & braku prądu…\nDo zobaczenia jesienią."


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def _people(event):
    """Two confirmed (Polish, English), one waiting (English), one cancelled, one erased."""
    return {
        "pl": make_registration(event, email="ala@example.org", first_name="Ala", language="pl"),
        "en": make_registration(event, email="bob@example.org", first_name="Bob", language="en"),
        "waiting": make_registration(event, email="czeka@example.org", first_name="Cezary", language="en",
                                     status=RegistrationStatus.WAITLISTED, waitlist_position=1),
        "cancelled": make_registration(event, email="odwolana@example.org", status=RegistrationStatus.CANCELLED,
                                       cancelled_at=utcnow()),
        "erased": make_registration(event, email="usunieta@example.org", status=RegistrationStatus.CANCELLED,
                                    anonymised_at=utcnow()),
    }


def _sent(smtp_server) -> dict:
    return {message["To"]: message for message in smtp_server.messages}


def test_cancelling_emails_each_registered_person_once_in_their_language(ctx, smtp_server):
    event = make_event(title="Forum Gmin Śląskich", slug="forum-gmin")
    organiser = make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
    people = _people(event)
    db.session.commit()

    assert services.cancel_event(event, organiser, MESSAGE) == 3

    assert db.session.get(Event, event.id).status == EventStatus.CANCELLED
    queued = db.session.scalars(select(OutboundEmail).where(OutboundEmail.kind == KIND)).all()
    assert sorted(e.recipient for e in queued) == ["ala@example.org", "bob@example.org", "czeka@example.org"]
    sent = _sent(smtp_server)
    assert sorted(sent) == ["ala@example.org", "bob@example.org", "czeka@example.org"]
    assert len(smtp_server.messages) == 3

    polish, english = sent["ala@example.org"], sent["bob@example.org"]
    assert polish["Subject"] == "Odwołane: Forum Gmin Śląskich"
    assert english["Subject"] == "Cancelled: Forum Gmin Śląskich"
    assert sent["czeka@example.org"]["Subject"] == "Cancelled: Forum Gmin Śląskich"
    for message, person, words, lang in ((polish, people["pl"], "zostało odwołane", "pl"),
                                         (english, people["en"], "is cancelled", "en")):
        # The link opens the private page in the person's language.
        link = f"http://localhost/events/forum-gmin/r/{person.manage_token}?lang={lang}"
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert words in text and "Forum Gmin Śląskich" in text
        assert MESSAGE in text and link in text
        html = message.get_body(("html",)).get_content()
        assert "&lt;remontu&gt; sali &amp; braku prądu" in html and "<remontu>" not in html
        assert f'href="{link}"' in html
        # No badge: the event will not take place.
        assert list(message.iter_attachments()) == []
        assert not any(part.get_content_type() == "image/png" for part in message.walk())
    assert "Message from the organiser:" in english.get_body(("plain",)).get_content()
    assert "Wiadomość od organizatora:" in polish.get_body(("plain",)).get_content()

    entry = db.session.scalar(select(ChangeRecord).where(ChangeRecord.action == "event_cancelled"))
    assert entry.changes["status"] == ["published", "cancelled"]
    assert entry.changes["notified"] == [None, 3]
    assert entry.changes["cancellation_message"] == [None, MESSAGE]


def test_without_a_message_the_email_has_no_message_section(ctx, smtp_server):
    event = make_event()
    organiser = make_account(event=event, role=EventRoleKind.ORGANISER)
    make_registration(event, email="ala@example.org", language="pl")
    db.session.commit()
    assert services.cancel_event(event, organiser, "   ") == 1
    text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "zostało odwołane" in text and "Wiadomość od organizatora" not in text
    entry = db.session.scalar(select(ChangeRecord).where(ChangeRecord.action == "event_cancelled"))
    assert "cancellation_message" not in entry.changes


def test_cancelling_twice_does_not_email_twice(ctx, smtp_server):
    event = make_event()
    organiser = make_account(event=event, role=EventRoleKind.ORGANISER)
    _people(event)
    db.session.commit()
    services.cancel_event(event, organiser, MESSAGE)
    with pytest.raises(Refusal):
        services.cancel_event(event, organiser, MESSAGE)
    assert db.session.scalar(select(func.count(OutboundEmail.id)).where(OutboundEmail.kind == KIND)) == 3
    assert len(smtp_server.messages) == 3
    assert db.session.scalar(select(func.count(ChangeRecord.id))
                             .where(ChangeRecord.action == "event_cancelled")) == 1


def test_a_too_long_message_is_refused_and_nothing_happens(ctx, smtp_server):
    event = make_event()
    organiser = make_account(event=event, role=EventRoleKind.ORGANISER)
    _people(event)
    db.session.commit()
    with pytest.raises(Refusal) as refused:
        services.cancel_event(event, organiser, "x" * (services.CANCEL_MESSAGE_MAX + 1))
    assert refused.value.field == "message"
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED
    assert db.session.scalar(select(func.count(OutboundEmail.id))) == 0
    assert smtp_server.messages == []


# Through the back office


def test_the_organiser_confirms_with_a_message_and_everyone_is_told(app, client, world, smtp_server):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        people = {k: r.manage_token for k, r in _people(event).items()}
        db.session.commit()
    login(client, world.accounts["organiser"])
    page = client.get("/manage/events/forum/cancel?lang=en").get_data(as_text=True)
    assert "3 people (confirmed or on the waiting list) will be told by email" in page
    assert '<textarea' in page and 'name="message"' in page
    assert 'href="/manage/events/forum/cancel"' in client.get("/manage/events/forum/").get_data(as_text=True)

    response = client.post("/manage/events/forum/cancel?lang=pl", data={"message": MESSAGE}, follow_redirects=True)
    assert "Wydarzenie zostało odwołane. Powiadamiamy e-mailem 3 osoby." in response.get_data(as_text=True)
    assert sorted(_sent(smtp_server)) == ["ala@example.org", "bob@example.org", "czeka@example.org"]
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.CANCELLED

    # The public page and the private pages say so; the sign-up form is closed.
    assert "To wydarzenie zostało odwołane." in client.get("/events/forum/").get_data(as_text=True)
    private = client.get(f"/events/forum/r/{people['pl']}").get_data(as_text=True)
    assert "To wydarzenie zostało odwołane: nie odbędzie się." in private
    assert "odwołane" in client.get("/events/forum/register").get_data(as_text=True)

    # A second confirmation (another tab, a double click) tells nobody again.
    response = client.post("/manage/events/forum/cancel?lang=en", data={"message": MESSAGE}, follow_redirects=True)
    assert "Only a draft or published event can be cancelled." in response.get_data(as_text=True)
    assert len(smtp_server.messages) == 3


def test_a_too_long_message_keeps_what_was_typed(app, client, world, smtp_server):
    with app.app_context():
        _people(db.session.get(Event, world.event_id))
        db.session.commit()
    login(client, world.accounts["organiser"])
    typed = "Przepraszamy & <b>dziękujemy</b> " + "x" * 2000
    response = client.post("/manage/events/forum/cancel?lang=en", data={"message": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "at most 2000 characters" in page
    assert "Przepraszamy &amp; &lt;b&gt;dziękujemy&lt;/b&gt; xxx" in page
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.PUBLISHED
        assert db.session.scalar(select(func.count(OutboundEmail.id))) == 0


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_may_neither_see_nor_use_the_form(app, client, world, smtp_server, who):
    with app.app_context():
        _people(db.session.get(Event, world.event_id))
        db.session.commit()
    login(client, world.accounts[who])
    assert client.get("/manage/events/forum/cancel").status_code == 403
    assert client.post("/manage/events/forum/cancel", data={"message": MESSAGE}).status_code == 403
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.PUBLISHED
    assert smtp_server.messages == []


def test_anonymous_visitors_are_sent_to_sign_in(app, client, world, smtp_server):
    for response in (client.get("/manage/events/forum/cancel"),
                     client.post("/manage/events/forum/cancel", data={"message": MESSAGE})):
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(Event, world.event_id).status == EventStatus.PUBLISHED
