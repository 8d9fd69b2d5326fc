"""Email goes through a real SMTP server; a server that is down loses nothing."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.mail.outbox import Attachment, deliver_due, failed_emails, queue_email, retry
from eventapp.models import EmailStatus, OutboundEmail, utcnow
from tests.conftest import free_port
from tests.factories import make_event


def _queue(event_id=None, recipient="ala@example.org"):
    email = queue_email(kind="test", recipient=recipient, subject="Potwierdzenie rejestracji — Łódź",
                        text="Dzień dobry, żółć ąę.", html="<p>Dzień dobry</p>",
                        attachments=[Attachment("plik.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
                        event_id=event_id)
    db.session.commit()
    return email.id


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def test_queued_message_arrives_at_the_smtp_server_intact(app, smtp_server):
    with app.app_context():
        email_id = _queue()
        report = deliver_due()
        assert report.sent == 1
        assert db.session.get(OutboundEmail, email_id).status == EmailStatus.SENT
    [message] = smtp_server.messages
    assert message["To"] == "ala@example.org"
    assert message["Subject"] == "Potwierdzenie rejestracji — Łódź"
    assert "żółć ąę" in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "plik.ics" and attachment.get_content_type() == "text/calendar"


def test_a_message_is_sent_once_even_if_delivery_runs_twice(app, smtp_server):
    with app.app_context():
        _queue()
        deliver_due()
        assert deliver_due().sent == 0
    assert len(smtp_server.messages) == 1


def test_server_down_keeps_the_message_and_retries_later(make_app, smtp_server):
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DELIVERY="inline")
    with down.app_context():
        db.create_all() if db.engine.dialect.name == "sqlite" else None
        email_id = _queue()
        report = deliver_due()
        assert report.retrying == 1 and report.sent == 0
        email = db.session.get(OutboundEmail, email_id)
        assert email.status == EmailStatus.QUEUED and email.attempts == 1
        assert "ConnectionRefusedError" in email.last_error
        assert email.next_attempt_at > utcnow()
        # Not due yet: nothing is tried again until the pause is over.
        assert deliver_due().retrying == 0
    up = make_app(**smtp_server.settings)
    with up.app_context():
        report = deliver_due(now=utcnow() + timedelta(minutes=2))
        assert report.sent == 1
        assert db.session.get(OutboundEmail, email_id).status == EmailStatus.SENT
    assert len(smtp_server.messages) == 1


def test_after_the_last_attempt_the_message_is_marked_failed_and_shown(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DELIVERY="inline", MAIL_MAX_ATTEMPTS=2)
    with app.app_context():
        db.create_all() if db.engine.dialect.name == "sqlite" else None
        event = make_event()
        db.session.commit()
        email_id = _queue(event.id)
        deliver_due()
        deliver_due(now=utcnow() + timedelta(hours=2))
        email = db.session.get(OutboundEmail, email_id)
        assert email.status == EmailStatus.FAILED and email.attempts == 2
        assert [e.id for e in failed_emails(event.id)] == [email_id]
        retry(email_id)
        assert db.session.get(OutboundEmail, email_id).status == EmailStatus.QUEUED
        assert failed_emails(event.id) == []


def test_without_a_server_messages_are_written_to_the_folder(make_app, tmp_path):
    app = make_app(MAIL_SERVER="", MAIL_DELIVERY="inline")
    with app.app_context():
        db.create_all() if db.engine.dialect.name == "sqlite" else None
        _queue()
        assert deliver_due().sent == 1
        folder = app.config["MAIL_FOLDER"]
    files = list((tmp_path / "mail").glob("*.eml"))
    assert str(tmp_path / "mail") == folder and len(files) == 1
    assert b"Subject:" in files[0].read_bytes()


def test_cli_delivers_with_progress(app, runner, smtp_server):
    with app.app_context():
        for n in range(3):
            _queue(recipient=f"osoba{n}@example.org")
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "3/3" in result.output and "sent 3" in result.output
    assert sorted(m["To"] for m in smtp_server.messages) == [f"osoba{n}@example.org" for n in range(3)]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(OutboundEmail.status == EmailStatus.SENT)) == 3
