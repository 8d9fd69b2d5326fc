"""Participant emails through a real SMTP server on loopback; the QR code decoded with zbar."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from eventapp.extensions import db
from eventapp.models import EmailStatus, OutboundEmail, Registration, RegistrationStatus, utcnow
from eventapp.registration import services
from tests.conftest import free_port
from tests.factories import local, make_event, make_item
from tests.registration.helpers import details
from tests.tools import run


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def decode_qr(png: bytes, tmp_path) -> list[str]:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    out = run("zbarimg", "--quiet", "--raw", str(path), capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def _parts(message):
    return {(part.get_content_type(), part.get_content_disposition()): part for part in message.walk()}


def test_confirmation_has_link_qr_inline_and_attached_and_the_ics(ctx, smtp_server, tmp_path):
    event = make_event(title="Forum Gmin Śląskich", slug="forum-gmin")
    make_item(event, local(event.start_date, 10), title="Otwarcie")
    db.session.commit()
    registration = services.register(event, details("ala@example.org", first_name="Ala")).registration
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "ala@example.org"
    assert message["Subject"] == "Potwierdzamy Twój udział: Forum Gmin Śląskich"
    text = message.get_body(("plain",)).get_content()
    link = f"http://localhost/events/forum-gmin/r/{registration.manage_token}?lang=pl"
    assert "Dzień dobry, Ala," in text and link in text
    html = message.get_body(("html",)).get_content()
    assert f'href="{link}"' in html and 'src="cid:badge-qr@eventapp"' in html
    inline = [p for p in message.walk() if p["Content-ID"] == "<badge-qr@eventapp>"]
    assert len(inline) == 1 and inline[0].get_content_type() == "image/png"
    attachments = {p.get_filename(): p for p in message.iter_attachments()}
    assert set(attachments) >= {"badge-qr.png", "forum-gmin.ics"}
    # The QR code holds the badge code and nothing else (no name, email or id).
    for png in (inline[0].get_content(), attachments["badge-qr.png"].get_content()):
        assert decode_qr(png, tmp_path) == [registration.badge_code]
    ics = attachments["forum-gmin.ics"].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VCALENDAR" in ics and "Forum Gmin" in ics
    # The private page behind the link is this registration's.
    assert services.find_by_manage_token(event, link.rsplit("/", 1)[1].removesuffix("?lang=pl")).id == registration.id


def test_waiting_list_notice_and_promotion_in_the_participants_language(ctx, smtp_server, tmp_path):
    event = make_event(capacity=1, title="Seminarium")
    db.session.commit()
    first = services.register(event, details("pierwsza@example.org")).registration
    waiting = services.register(event, details("second@example.org", language="en")).registration
    notice = smtp_server.messages[-1]
    assert notice["Subject"] == "You are on the waiting list for Seminarium"
    assert "position 1" in notice.get_body(("plain",)).get_content()
    assert not [p for p in notice.iter_attachments() if p.get_content_type() == "image/png"]
    services.cancel(first)
    by_recipient = {m["To"]: m for m in smtp_server.messages[2:]}
    assert by_recipient["pierwsza@example.org"]["Subject"] == "Twoje zgłoszenie zostało anulowane: Seminarium"
    promotion = by_recipient["second@example.org"]
    assert promotion["Subject"] == "A seat is yours: your place at Seminarium is confirmed"
    png = next(p for p in promotion.iter_attachments() if p.get_content_type() == "image/png").get_content()
    assert decode_qr(png, tmp_path) == [waiting.badge_code]


def test_workshop_promotion_and_details_changed(ctx, smtp_server):
    event = make_event()
    item = make_item(event, title="Warsztat ze sprawozdań", requires_signup=True, seat_limit=1)
    db.session.commit()
    a = services.register(event, details("a@example.org")).registration
    b = services.register(event, details("b@example.org")).registration
    services.sign_up_for_item(a, item)
    services.sign_up_for_item(b, item)
    services.drop_item(a, item)
    message = smtp_server.messages[-1]
    assert message["To"] == "b@example.org" and message["Subject"] == "Masz miejsce: Warsztat ze sprawozdań"
    services.update_details(b, last_name="Zmieniona")
    changed = smtp_server.messages[-1]
    assert "Zmieniona" in changed.get_body(("plain",)).get_content()


def test_mail_server_down_loses_nothing_and_flask_mail_deliver_sends_later(make_app, smtp_server, tmp_path):
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DELIVERY="inline")
    with down.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        event = make_event(slug="awaria")
        db.session.commit()
        outcome = services.register(event, details("cierpliwa@example.org"))
        assert outcome.registration.status == RegistrationStatus.CONFIRMED
        email = db.session.scalar(select(OutboundEmail))
        assert email.status == EmailStatus.QUEUED and email.attempts == 1
        assert "ConnectionRefusedError" in email.last_error
        badge_code = outcome.registration.badge_code
        # Time passes: the retry is due.
        db.session.execute(update(OutboundEmail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert smtp_server.messages == []
    up = make_app(**smtp_server.settings)
    result = up.test_cli_runner().invoke(args=["mail", "deliver"])
    assert "sent 1" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["cierpliwa@example.org"]
    with up.app_context():
        assert db.session.scalar(select(OutboundEmail.status)) == EmailStatus.SENT
        assert db.session.scalar(select(Registration.badge_code)) == badge_code
    png = next(p for p in smtp_server.messages[0].iter_attachments() if p.get_content_type() == "image/png")
    assert decode_qr(png.get_content(), tmp_path) == [badge_code]


def test_sign_up_through_the_form_sends_the_email(app, client, smtp_server):
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    with app.app_context():
        make_event(slug="formularz")
        db.session.commit()
    client.post("/events/formularz/register", data={
        "first_name": "Ewa", "last_name": "Łoś", "email": "ewa@example.org", "organisation": "OSP",
        "organisation_type": "ngo", "position": "Członkini", "consent_data": "y"})
    assert [m["To"] for m in smtp_server.messages] == ["ewa@example.org"]
