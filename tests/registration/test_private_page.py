"""The private page: status, QR, workshops, calendar, editing, cancelling, data export and deletion."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    CheckIn,
    CheckInSource,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
    utcnow,
)
from eventapp.registration import services
from tests.factories import local, make_event, make_item
from tests.registration.helpers import details


@pytest.fixture
def story(app):
    with app.app_context():
        event = make_event(capacity=1, slug="forum-ngo")
        day = event.start_date
        a = make_item(event, local(day, 10), 90, title="Warsztat z budżetu", requires_signup=True, seat_limit=1)
        b = make_item(event, local(day, 11), 60, title="Warsztat z grantów", requires_signup=True, seat_limit=3)
        db.session.commit()
        me = services.register(event, details("ja@example.org", first_name="Jadwiga")).registration
        other = services.register(event, details("ktos@example.org")).registration
        return {"slug": event.slug, "token": me.manage_token, "id": me.id, "other_token": other.manage_token,
                "other_id": other.id, "a": a.id, "b": b.id}


def url(s, suffix=""):
    return f"/events/{s['slug']}/r/{s['token']}{suffix}"


def _reg(app, id_):
    with app.app_context():
        reg = db.session.get(Registration, id_)
        db.session.expunge(reg)
        return reg


def _signups(app, id_):
    with app.app_context():
        return {s.item_id: s.status for s in db.session.scalars(
            select(WorkshopSignup).where(WorkshopSignup.registration_id == id_))}


def test_page_shows_status_badge_workshops_and_calendar(app, client, story):
    response = client.get(url(story))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "potwierdzone" in html.lower() or "potwierdz" in html
    assert "<svg" in html  # the QR badge
    assert "Warsztat z budżetu" in html and "zostało 1 miejsce" in html
    assert "webcal://" in html and "/calendar/participant/" in html
    assert story["token"] not in html.split("/calendar/participant/")[1][:40]  # the feed has its own secret
    waiting = client.get(f"/events/{story['slug']}/r/{story['other_token']}").get_data(as_text=True)
    assert "<svg" not in waiting and "Miejsce na liście rezerwowej: 1" in waiting


@pytest.mark.parametrize("token", ["A" * 32, "short", "x" * 33, "../../etc/passwd"])
def test_wrong_truncated_or_forged_tokens_are_404(client, story, token):
    assert client.get(f"/events/{story['slug']}/r/{token}").status_code == 404
    assert client.post(f"/events/{story['slug']}/r/{token}/cancel").status_code == 404
    assert client.get(f"/events/{story['slug']}/r/{token}/data.json").status_code == 404


def test_truncated_real_token_and_other_event_are_404(app, client, story):
    assert client.get(f"/events/{story['slug']}/r/{story['token'][:-1]}").status_code == 404
    with app.app_context():
        make_event(slug="inne")
        db.session.commit()
    assert client.get(f"/events/inne/r/{story['token']}").status_code == 404
    assert client.post(f"/events/inne/r/{story['token']}/delete").status_code == 404
    assert _reg(app, story["id"]).anonymised_at is None


def test_pick_clash_and_drop_workshops(app, client, story):
    page = client.post(url(story, f"/workshops/{story['a']}"), follow_redirects=True).get_data(as_text=True)
    assert "Masz miejsce: Warsztat z budżetu." in page
    clash = client.post(url(story, f"/workshops/{story['b']}"), follow_redirects=True).get_data(as_text=True)
    assert "nakładają się" in clash and "Warsztat z budżetu" in clash
    assert _signups(app, story["id"]) == {story["a"]: SignupStatus.CONFIRMED}
    client.post(url(story, f"/workshops/{story['a']}/drop"))
    assert _signups(app, story["id"]) == {story["a"]: SignupStatus.CANCELLED}
    # A waiting participant cannot pick, and another event's item is 404.
    other = f"/events/{story['slug']}/r/{story['other_token']}/workshops/{story['b']}"
    assert "gdy Twój udział" in client.post(other, follow_redirects=True).get_data(as_text=True)
    assert _signups(app, story["other_id"]) == {}
    assert client.post(url(story, "/workshops/999999")).status_code == 404


def test_cancel_needs_confirmation_and_promotes_the_next(app, client, story):
    page = client.get(url(story, "/cancel"))
    assert page.status_code == 200 and "Tak, rezygnuję z udziału" in page.get_data(as_text=True)
    assert _reg(app, story["id"]).status == RegistrationStatus.CONFIRMED
    client.post(url(story, "/cancel"))
    assert _reg(app, story["id"]).status == RegistrationStatus.CANCELLED
    assert _reg(app, story["other_id"]).status == RegistrationStatus.CONFIRMED
    html = client.get(url(story)).get_data(as_text=True)
    assert "<svg" not in html and "anulowane" in html.lower()


def test_edit_details(app, client, story):
    form = {"first_name": "Jadwiga", "last_name": "Nowak-Łęcka", "organisation": "Fundacja", "position": "Prezeska",
            "organisation_type": "ngo", "phone": "zły numer"}
    bad = client.post(url(story, "/details"), data=form)
    assert bad.status_code == 400 and 'value="Nowak-Łęcka"' in bad.get_data(as_text=True)
    assert _reg(app, story["id"]).last_name != "Nowak-Łęcka"
    form["phone"] = "+48 500 600 700"
    assert client.post(url(story, "/details"), data=form).status_code == 302
    reg = _reg(app, story["id"])
    assert (reg.last_name, reg.phone, reg.email) == ("Nowak-Łęcka", "+48 500 600 700", "ja@example.org")


def test_download_and_delete_my_data(app, client, story):
    data = client.get(url(story, "/data.json"))
    assert data.headers["Content-Disposition"].startswith("attachment")
    exported = json.loads(data.data)
    assert exported["registration"]["email"] == "ja@example.org" and exported["consents"]
    assert "Tak, usuń moje dane" in client.get(url(story, "/delete")).get_data(as_text=True)
    assert _reg(app, story["id"]).anonymised_at is None
    assert client.post(url(story, "/delete")).status_code == 200
    reg = _reg(app, story["id"])
    assert reg.anonymised_at is not None and reg.status == RegistrationStatus.CANCELLED
    assert _reg(app, story["other_id"]).status == RegistrationStatus.CONFIRMED
    assert client.get(url(story)).status_code == 404


def test_after_the_event_attendance_and_certificate_link(app, client):
    with app.app_context():
        past = date.today() - timedelta(days=3)
        event = make_event(start_date=past, end_date=past, slug="bylo")
        reg = services.register_walk_in(event, details())
        db.session.add(CheckIn(event_id=event.id, registration_id=reg.id, day=past, scanned_at=utcnow(),
                               scan_id="s-1", source=CheckInSource.SCANNER))
        db.session.commit()
        token = reg.manage_token
    html = client.get(f"/events/bylo/r/{token}").get_data(as_text=True)
    assert "Twoja obecność" in html
    assert f"/events/bylo/r/{token}/certificate.pdf" in html
