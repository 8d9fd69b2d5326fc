"""Messages the outbox gave up on: listed for the event's organisers, who may send one or all again."""

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import EmailStatus, Event, OutboundEmail
from tests.conftest import free_port, login
from tests.manage.conftest import row_counts

PAGE = "/manage/events/forum/undelivered"


@pytest.fixture
def app_settings(smtp_server):
    return {**smtp_server.settings, "MAIL_MAX_ATTEMPTS": 1}


@pytest.fixture
def failed(app, world, smtp_server) -> dict[str, int]:
    """Three messages that met a mail server refusing connections: two of this event, one of another."""
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        other = db.session.scalar(select(Event).where(Event.slug == world.other_slug))
        ids = {}
        for key, recipient, subject, kind, event_id in (
                ("ala", "ala@example.org", "Zmiana sali", "manage.mailing", event.id),
                ("bolek", "bolek@example.org", "Twoje miejsce jest potwierdzone", "registration.confirmation",
                 event.id),
                ("obcy", "obcy@example.org", "Inne wydarzenie", "manage.mailing", other.id)):
            ids[key] = outbox.queue_email(kind=kind, recipient=recipient, subject=subject, text="Treść",
                                          event_id=event_id)
        app.config["MAIL_PORT"] = free_port()  # nothing listens there: every attempt is refused
        db.session.commit()  # delivery is enqueued at commit (and runs at once in immediate mode)
        ids = {key: email.id for key, email in ids.items()}
        outbox.deliver_due()
        app.config["MAIL_PORT"] = smtp_server.port  # the organiser fixes the server
        statuses = db.session.scalars(select(OutboundEmail.status)).all()
        assert statuses == [EmailStatus.FAILED] * 3
    return ids


def _status(app, email_id):
    with app.app_context():
        return db.session.get(OutboundEmail, email_id).status


def test_organiser_sees_recipient_subject_kind_error_and_attempts_of_this_event_only(as_organiser, failed):
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert "Niedostarczone wiadomości" in html
    assert "ala@example.org" in html and "Zmiana sali" in html and "Wiadomość do zapisanych" in html
    assert "bolek@example.org" in html and "Potwierdzenie zapisu" in html
    assert "ConnectionRefusedError" in html
    assert '<td class="num">1</td>' in html
    assert "obcy@example.org" not in html
    english = as_organiser.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "Undelivered messages" in english and "Email to registrants" in english and "Send all again" in english
    assert f'href="{PAGE}"' in as_organiser.get("/manage/events/forum/").get_data(as_text=True)


def test_retrying_one_message_delivers_it_and_it_leaves_the_list(app, as_organiser, failed, smtp_server):
    response = as_organiser.post(f"{PAGE}/{failed['ala']}/retry")
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert [m["To"] for m in smtp_server.messages] == ["ala@example.org"]
    assert _status(app, failed["ala"]) == EmailStatus.SENT
    assert _status(app, failed["bolek"]) == EmailStatus.FAILED
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert "Wiadomość do ala@example.org jest wysyłana ponownie." in html
    assert "Zmiana sali" not in html and "bolek@example.org" in html


def test_retrying_a_message_no_longer_failed_says_so_and_sends_nothing(app, as_organiser, failed, smtp_server):
    as_organiser.post(f"{PAGE}/{failed['ala']}/retry")
    smtp_server.messages.clear()
    response = as_organiser.post(f"{PAGE}/{failed['ala']}/retry", follow_redirects=True)
    assert "Ta wiadomość nie czeka już na ponowne wysłanie." in response.get_data(as_text=True)
    assert smtp_server.messages == []


def test_retry_all_sends_every_failed_message_of_this_event_and_none_of_another(app, as_organiser, failed,
                                                                               smtp_server):
    response = as_organiser.post(f"{PAGE}/retry", follow_redirects=True)
    assert "2 wiadomości są wysyłane ponownie." in response.get_data(as_text=True)
    assert sorted(m["To"] for m in smtp_server.messages) == ["ala@example.org", "bolek@example.org"]
    assert _status(app, failed["obcy"]) == EmailStatus.FAILED
    assert "Wszystkie wiadomości tego wydarzenia zostały dostarczone" in as_organiser.get(PAGE).get_data(as_text=True)


def test_another_events_message_cannot_be_retried_from_this_event(app, as_organiser, failed, smtp_server):
    assert as_organiser.post(f"{PAGE}/{failed['obcy']}/retry").status_code == 404
    assert as_organiser.post(f"{PAGE}/999999/retry").status_code == 404
    assert _status(app, failed["obcy"]) == EmailStatus.FAILED and smtp_server.messages == []


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_are_refused_and_nothing_is_sent(app, client, world, failed, smtp_server, who):
    login(client, world.accounts[who])
    before = row_counts(app)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/{failed['ala']}/retry").status_code == 403
    assert client.post(f"{PAGE}/retry").status_code == 403
    assert row_counts(app) == before and smtp_server.messages == []
    assert _status(app, failed["ala"]) == EmailStatus.FAILED


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_sent(app, client, failed, smtp_server):
    for response in (client.get(PAGE), client.post(f"{PAGE}/{failed['ala']}/retry"), client.post(f"{PAGE}/retry")):
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert smtp_server.messages == [] and _status(app, failed["ala"]) == EmailStatus.FAILED


def test_retry_without_the_csrf_token_is_refused(app, as_organiser, failed, smtp_server):
    app.config["WTF_CSRF_ENABLED"] = True
    assert as_organiser.post(f"{PAGE}/{failed['ala']}/retry").status_code == 400
    assert as_organiser.post(f"{PAGE}/retry").status_code == 400
    assert smtp_server.messages == [] and _status(app, failed["ala"]) == EmailStatus.FAILED
    # The page's own buttons carry the token, and with it the retry goes through.
    html = as_organiser.get(PAGE).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert as_organiser.post(f"{PAGE}/retry", data={"csrf_token": token}).status_code == 302
    assert len(smtp_server.messages) == 2
