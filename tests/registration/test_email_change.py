"""A participant changes their email address without losing their seat: a link goes to the
new address (real SMTP), the change happens only when it is opened, and once; refusals."""

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Registration, RegistrationStatus, SignupStatus, WorkshopSignup
from tests.factories import make_event, make_item, make_registration
from tests.manage.conftest import row_counts


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


@pytest.fixture
def person(app):
    with app.app_context():
        event = make_event(slug="forum", capacity=1)
        me = make_registration(event, email="stary@example.org", first_name="Ala")
        waiting = make_registration(event, email="czeka@example.org", status=RegistrationStatus.WAITLISTED,
                                    waitlist_position=1)
        item = make_item(event, requires_signup=True, seat_limit=5)
        db.session.add(WorkshopSignup(registration=me, item=item, status=SignupStatus.CONFIRMED))
        db.session.commit()
        return {"token": me.manage_token, "id": me.id, "badge": me.badge_code, "waiting": waiting.id}


def _link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/events/forum/r/\S+/email/confirm\?\S+)", body).group(1)


def test_the_new_address_is_confirmed_by_its_link_and_the_seat_stays(app, client, smtp_server, person):
    page = f"/events/forum/r/{person['token']}"
    assert f'href="{page}/email"' in client.get(page).get_data(as_text=True)
    before = row_counts(app)
    response = client.post(f"{page}/email", data={"email": "Nowy@Example.org"})
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "nowy@example.org"
    after = row_counts(app)
    # Nothing is stored but the outgoing message until the link is opened.
    assert after == {**before, "outbound_emails": before["outbound_emails"] + 1}
    with app.app_context():
        assert db.session.get(Registration, person["id"]).email == "stary@example.org"
    done = client.get(_link(message), follow_redirects=True)
    assert "Twój adres e-mail to teraz nowy@example.org" in done.get_data(as_text=True)
    with app.app_context():
        me = db.session.get(Registration, person["id"])
        assert (me.email, me.status, me.badge_code) == ("nowy@example.org", RegistrationStatus.CONFIRMED,
                                                         person["badge"])
        assert me.workshop_signups[0].status == SignupStatus.CONFIRMED
        # The seat did not pass to the person waiting.
        assert db.session.get(Registration, person["waiting"]).status == RegistrationStatus.WAITLISTED
    assert smtp_server.messages[-1]["To"] == "nowy@example.org"  # told the details changed
    # The link works once.
    again = client.get(_link(message), follow_redirects=True)
    assert "jest już nieważny" in again.get_data(as_text=True)


def test_refusals_keep_what_was_typed_and_change_nothing(app, client, smtp_server, person):
    page = f"/events/forum/r/{person['token']}"
    before = row_counts(app)
    for typed, message in [("czeka@example.org", "jest już zapisany na to wydarzenie"),
                           ("stary@example.org", "To już jest Twój adres."),
                           ("nie-adres", "Podaj poprawny adres e-mail.")]:
        response = client.post(f"{page}/email", data={"email": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html and f'value="{typed}"' in html
    assert smtp_server.messages == [] and row_counts(app) == before


def test_a_forged_or_foreign_link_changes_nothing(app, client, smtp_server, person):
    client.post(f"/events/forum/r/{person['token']}/email", data={"email": "nowy@example.org"})
    link = _link(smtp_server.messages[0])
    forged = link[:-4] + "AAAA"
    assert "jest nieprawidłowy" in client.get(forged, follow_redirects=True).get_data(as_text=True)
    # Another person's private page with this change link: refused.
    with app.app_context():
        other = db.session.scalar(select(Registration).where(Registration.id == person["waiting"]))
        foreign = link.replace(person["token"], other.manage_token)
    assert "jest już nieważny" in client.get(foreign, follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        emails = set(db.session.scalars(select(Registration.email)))
    assert emails == {"stary@example.org", "czeka@example.org"}


def test_someone_else_taking_the_address_meanwhile_is_refused(app, client, smtp_server, person):
    client.post(f"/events/forum/r/{person['token']}/email", data={"email": "nowy@example.org"})
    link = _link(smtp_server.messages[0])
    with app.app_context():
        from eventapp.models import Event

        make_registration(db.session.scalar(select(Event)), email="nowy@example.org")
        db.session.commit()
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "jest już zapisany na to wydarzenie" in page
    with app.app_context():
        assert db.session.get(Registration, person["id"]).email == "stary@example.org"
