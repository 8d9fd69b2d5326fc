"""The sign-up form, the thank-you page, the closed page, the bot trap, CSRF expiry, rate limits."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import EventStatus, OutboundEmail, Registration, RegistrationStatus, utcnow
from tests.conftest import QueryCounter, queue_settings
from tests.factories import make_event, make_registration
from tests.registration.helpers import text_of


def _settings():
    return {"REGISTRATION_MIN_FILL_SECONDS": 0}


@pytest.fixture
def app_settings():
    return _settings()


def form(**changes):
    data = {
        "first_name": "Zażółć", "last_name": "Gęślą-Jaźń", "email": "zazolc@example.org",
        "organisation": "Gmina Łąck", "organisation_type": "public_administration", "position": "Referent",
        "phone": "+48 600 100 200", "consent_data": "y", "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _event(app, **fields):
    with app.app_context():
        event = make_event(**fields)
        db.session.commit()
        return event.slug, event.id


def _registrations(app):
    with app.app_context():
        return db.session.execute(select(Registration.email, Registration.status, Registration.language,
                                         Registration.phone)).all()


def test_sign_up_confirms_and_the_page_says_check_your_inbox(app, client):
    slug, _ = _event(app, capacity=1)
    page = client.get(f"/events/{slug}/register")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="website"' in html and 'class="hp-field"' in html
    assert "Wyrażam zgodę na przetwarzanie" in html  # the consent text, in Polish
    response = client.post(f"/events/{slug}/register", data=form())
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-answer="confirmed"' in text and "zazolc@example.org" in text
    assert _registrations(app) == [("zazolc@example.org", RegistrationStatus.CONFIRMED, "pl", "+48 600 100 200")]
    # Full: the next one is waitlisted.
    second = client.post(f"/events/{slug}/register", data=form(email="drugi@example.org"))
    assert 'data-answer="waitlisted"' in second.get_data(as_text=True)
    assert len(_registrations(app)) == 2


def test_signing_up_again_never_claims_a_status_that_is_not_the_persons(app, client):
    """A confirmed person on a now full event signs up again: the page does not say 'waiting
    list'; it says the address is registered, and the link sent to it says 'confirmed'."""
    slug, _ = _event(app, capacity=1)
    client.post(f"/events/{slug}/register", data=form())
    client.post(f"/events/{slug}/register", data=form(email="drugi@example.org"))
    repeat = client.post(f"/events/{slug}/register", data=form(email="ZAZOLC@example.org"))
    text = repeat.get_data(as_text=True)
    assert repeat.status_code == 200
    assert 'data-answer="already"' in text and 'data-answer="waitlisted"' not in text
    assert "jest już zarejestrowany" in text
    with app.app_context():
        link = db.session.scalars(select(OutboundEmail).where(OutboundEmail.kind == "registration.link")).one()
        assert link.recipient == "zazolc@example.org"
        assert "Twój udział jest potwierdzony." in text_of(link)
    # The waiting person signing up again is told their place in the queue the same way.
    client.post(f"/events/{slug}/register", data=form(email="drugi@example.org"))
    with app.app_context():
        texts = [text_of(m) for m in db.session.scalars(
            select(OutboundEmail).where(OutboundEmail.kind == "registration.link",
                                        OutboundEmail.recipient == "drugi@example.org"))]
        assert len(texts) == 1 and "(miejsce 1)" in texts[0]
    assert len(_registrations(app)) == 2


def test_english_sign_up_is_stored_in_english(app, client):
    slug, _ = _event(app)
    client.get("/?lang=en")
    response = client.post(f"/events/{slug}/register", data=form())
    assert "Your place at" in response.get_data(as_text=True)
    assert _registrations(app)[0][2] == "en"


def test_bad_input_keeps_what_was_typed_and_stores_nothing(app, client):
    slug, _ = _event(app)
    response = client.post(f"/events/{slug}/register", data=form(email="not-an-email", consent_data=None,
                                                                  organisation_type="martians"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Zażółć"' in html and 'value="not-an-email"' in html
    assert "Podaj poprawny adres e-mail." in html or 'aria-invalid="true"' in html
    assert html.count('class="field-error"') == 3
    assert _registrations(app) == []


def test_bot_trap_stores_nothing_but_answers_like_success(app, client):
    slug, _ = _event(app)
    response = client.post(f"/events/{slug}/register", data=form(website="http://spam.example"))
    assert response.status_code == 200 and 'data-answer="confirmed"' in response.get_data(as_text=True)
    assert _registrations(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboundEmail.id))) == 0


def test_form_sent_too_fast_is_asked_again(make_app):
    app = make_app(REGISTRATION_MIN_FILL_SECONDS=30)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    slug, _ = _event(app)
    page = client.get(f"/events/{slug}/register").get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/events/{slug}/register", data=form(started=started))
    assert response.status_code == 400 and 'value="Zażółć"' in response.get_data(as_text=True)
    assert _registrations(app) == []
    # A forged stamp counts as too fast as well.
    forged = client.post(f"/events/{slug}/register", data=form(started="1.forged"))
    assert forged.status_code == 400 and _registrations(app) == []


@pytest.mark.parametrize("fields, phrase", [
    ({"status": EventStatus.CANCELLED}, "odwołane"),
    ({"registration_opens_at": utcnow() + timedelta(days=3)}, "otwarta"),
    ({"registration_opens_at": utcnow() - timedelta(days=3), "registration_closes_at": utcnow() - timedelta(days=1)},
     "zamknięta"),
])
def test_closed_registration_says_why_and_stores_nothing(app, client, fields, phrase):
    slug, _ = _event(app, **fields)
    page = client.get(f"/events/{slug}/register")
    assert page.status_code == 200 and phrase in page.get_data(as_text=True)
    assert 'name="first_name"' not in page.get_data(as_text=True)
    client.post(f"/events/{slug}/register", data=form())
    assert _registrations(app) == []


def test_drafts_and_unknown_events_are_404(app, client):
    slug, _ = _event(app, status=EventStatus.DRAFT)
    assert client.get(f"/events/{slug}/register").status_code == 404
    assert client.post(f"/events/{slug}/register", data=form()).status_code == 404
    assert client.get("/events/nie-ma/register").status_code == 404
    assert _registrations(app) == []


def test_expired_csrf_keeps_what_was_typed(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, REGISTRATION_MIN_FILL_SECONDS=0)
    with app.app_context():
        db.create_all()
    slug, _ = _event(app)
    client = app.test_client()
    response = client.post(f"/events/{slug}/register", data=form(csrf_token="expired"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "wygasł" in html and 'value="Zażółć"' in html and 'value="zazolc@example.org"' in html
    assert _registrations(app) == []
    # Sending the re-shown form works.
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    again = client.post(f"/events/{slug}/register", data=form(csrf_token=token))
    assert again.status_code == 200 and len(_registrations(app)) == 1


def test_sign_up_and_resend_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REGISTRATION_RATELIMIT="3 per minute", RESEND_RATELIMIT="2 per minute",
                   REGISTRATION_MIN_FILL_SECONDS=0)
    with app.app_context():
        db.create_all()
    slug, _ = _event(app)
    client = app.test_client()
    codes = [client.post(f"/events/{slug}/register", data=form(email=f"r{n}@example.org")).status_code
             for n in range(4)]
    assert codes == [200, 200, 200, 429]
    assert len(_registrations(app)) == 3
    assert client.get(f"/events/{slug}/register").status_code == 200  # reading the form is not limited
    codes = [client.post(f"/events/{slug}/resend", data={"email": "r0@example.org"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_resend_answers_the_same_whatever_the_email(app, client):
    slug, event_id = _event(app)
    with app.app_context():
        make_registration(db.session.get(type(make_event.__globals__["Event"]()), event_id) if False else
                          db.session.scalar(select(make_event.__globals__["Event"]).where(
                              make_event.__globals__["Event"].id == event_id)), email="znana@example.org")
        db.session.commit()
    known = client.post(f"/events/{slug}/resend", data={"email": "znana@example.org"})
    unknown = client.post(f"/events/{slug}/resend", data={"email": "obca@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("znana@", "X@") == unknown.get_data(as_text=True).replace("obca@", "X@")
    with app.app_context():
        sent = db.session.scalars(select(OutboundEmail.recipient)).all()
    assert sent == ["znana@example.org"]


def test_register_post_runs_few_queries_and_leaves_the_email_to_the_worker(make_app, tmp_path):
    # A real queue (not immediate mode): only the request's own statements are counted.
    app = make_app(**_settings(), **queue_settings(tmp_path))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        engine = db.engine
    slug, _ = _event(app)
    client = app.test_client()
    client.post(f"/events/{slug}/register", data=form(email="rozgrzewka@example.org"))
    counter = QueryCounter()
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        response = client.post(f"/events/{slug}/register", data=form())
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    assert response.status_code == 200
    # 11 since sign-up questions: the event's visible questions are read to check the answers.
    assert counter.count <= 11, "\n".join(counter.statements)
    # What is to be said is stored; the text, QR code and .ics are the worker's to build.
    assert not any("UPDATE outbound_emails" in s for s in counter.statements)
    with app.app_context():
        email = db.session.scalars(select(OutboundEmail).order_by(OutboundEmail.id.desc())).first()
        assert email.message is None and email.kind == "registration.confirmation" and email.language == "pl"


def test_event_page_links_to_the_form(app, client):
    slug, _ = _event(app)
    assert f'href="/events/{slug}/register"' in client.get(f"/events/{slug}/").get_data(as_text=True)
