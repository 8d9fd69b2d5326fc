"""Invitations: the email through a real SMTP server, the link working once, refusals."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.auth import invitations
from eventapp.auth.services import roles_at, speaker_profile
from eventapp.extensions import db
from eventapp.models import (
    Account,
    Event,
    EventRole,
    EventRoleKind,
    Invitation,
    ItemStatus,
    Role,
    Speaker,
    utcnow,
)
from eventapp.tokens import token_hash
from tests.conftest import login
from tests.factories import PASSWORD, make_account, make_event, make_speaker

NEW_PASSWORD = "nowe-haslo-2026"


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def _link_from(message) -> str:
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"http://localhost(/invitation/[A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)


def _invite_speaker(app, email="halina@example.org", **event_fields):
    with app.app_context():
        event = make_event(slug="forum", title="Forum Ekonomii Społecznej", **event_fields)
        speaker = make_speaker("dr Halina Wykładowska")
        organiser = make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        db.session.commit()
        invitation = invitations.invite(event, email, EventRoleKind.SPEAKER, speaker=speaker,
                                        invited_by=organiser)
        return invitation.token, speaker.id, event.id


def _counts(app):
    with app.app_context():
        return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Account, EventRole)} | {
            "accepted": db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                                          .where(Invitation.accepted_at.is_not(None)))}


def test_invitation_arrives_by_smtp_in_polish_and_stores_only_a_hash(app, smtp_server):
    token, _, _ = _invite_speaker(app, email=" Halina@Example.org ")
    [message] = smtp_server.messages
    assert message["To"] == "halina@example.org"
    assert message["Subject"] == "Zaproszenie: Forum Ekonomii Społecznej"
    body = message.get_body(("plain",)).get_content()
    assert "Konto Testowe zaprasza Cię" in body
    assert _link_from(message) == f"/invitation/{token}"
    with app.app_context():
        stored = db.session.scalar(sa.select(Invitation))
        assert stored.token_hash == token_hash(token) and token not in stored.token_hash
        assert timedelta(days=13) < stored.expires_at - utcnow() <= timedelta(days=14)


def test_invitation_is_in_the_language_of_an_existing_account(app, smtp_server):
    with app.app_context():
        make_account("ann@example.org").language = "en"
        event = make_event(title="Forum")
        db.session.commit()
        invitations.invite(event, "ann@example.org", EventRoleKind.STAFF)
    [message] = smtp_server.messages
    assert message["Subject"] == "Invitation to Forum"
    assert "You are invited to Forum as staff." in message.get_body(("plain",)).get_content()


def test_a_new_invitation_replaces_the_unanswered_one(app, smtp_server):
    first, _, event_id = _invite_speaker(app)
    with app.app_context():
        event = db.session.get(Event, event_id)
        speaker = db.session.scalar(sa.select(Speaker))
        second = invitations.invite(event, "halina@example.org", EventRoleKind.SPEAKER, speaker=speaker).token
        assert invitations.find_invitation(first) is None
        assert invitations.find_invitation(second) is not None
    assert len(smtp_server.messages) == 2


def test_the_emailed_link_sets_a_password_signs_in_and_opens_the_portal_once(app, client, smtp_server):
    _, speaker_id, event_id = _invite_speaker(app)
    link = _link_from(smtp_server.messages[0])
    page = client.get(link + "?lang=en")
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert 'value="dr Halina Wykładowska"' in page.get_data(as_text=True)
    response = client.post(link, data={"name": "Halina Wykładowska", "password": NEW_PASSWORD,
                                       "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/"
    with app.app_context():
        account = db.session.scalar(sa.select(Account).where(Account.email == "halina@example.org"))
        assert account.name == "Halina Wykładowska" and account.check_password(NEW_PASSWORD)
        assert roles_at(account, db.session.get(Event, event_id)) == {EventRoleKind.SPEAKER}
        assert speaker_profile(account).id == speaker_id
    # Signed in at once: the header offers signing out.
    assert "Sign out" in client.get("/").get_data(as_text=True)
    # The link works once.
    assert client.get(link).status_code == 404
    assert client.post(link, data={"name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    # And the password works for the next sign-in.
    client.post("/auth/logout")
    assert login(client, "halina@example.org", NEW_PASSWORD).status_code == 302


def test_staff_land_on_the_event_and_have_no_speaker_profile(app, client, smtp_server):
    with app.app_context():
        event = make_event(slug="forum")
        db.session.commit()
        event_id = event.id
        invitations.invite(event, "staff@example.org", EventRoleKind.STAFF)
    link = _link_from(smtp_server.messages[0])
    response = client.post(link, data={"name": "Jan", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] != "/portal/"
    with app.app_context():
        account = db.session.scalar(sa.select(Account).where(Account.email == "staff@example.org"))
        assert speaker_profile(account) is None
        assert roles_at(account, db.session.get(Event, event_id)) == {EventRoleKind.STAFF}


@pytest.mark.parametrize("mangle", [
    lambda t: "A" * 32,             # forged
    lambda t: t[:-1],               # truncated
    lambda t: t + "x",              # too long
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
    lambda t: t.replace(t[:4], "../"),
])
def test_forged_or_truncated_tokens_are_a_plain_404(app, client, smtp_server, mangle):
    token, _, _ = _invite_speaker(app)
    before = _counts(app)
    assert client.get(f"/invitation/{mangle(token)}").status_code == 404
    assert client.post(f"/invitation/{mangle(token)}", data={
        "name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    assert _counts(app) == before


def test_an_expired_invitation_is_a_404_and_grants_nothing(app, client, smtp_server):
    token, _, _ = _invite_speaker(app)
    with app.app_context():
        stored = db.session.scalar(sa.select(Invitation))
        stored.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert invitations.find_invitation(token) is None
    before = _counts(app)
    assert client.get(f"/invitation/{token}").status_code == 404
    assert client.post(f"/invitation/{token}", data={
        "name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    assert _counts(app) == before


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("krotkie", "krotkie", "The password must have at least 10 characters."),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "The two passwords differ."),
    ("", "", "Please choose a password."),
])
def test_password_rules_keep_the_name_and_create_nothing(app, client, smtp_server, password, confirm, message):
    token, _, _ = _invite_speaker(app)
    before = _counts(app)
    response = client.post(f"/invitation/{token}?lang=en", data={
        "name": "Halina W.", "password": password, "confirm": confirm})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page and 'value="Halina W."' in page
    assert _counts(app) == before
    with app.app_context():
        assert invitations.find_invitation(token) is not None


def test_an_existing_account_must_sign_in_and_then_accepts_without_a_new_password(app, client, smtp_server):
    with app.app_context():
        make_account("halina@example.org")
        db.session.commit()
    token, speaker_id, event_id = _invite_speaker(app)
    before = _counts(app)
    # A stranger with the link cannot take over the existing account by setting a password.
    response = client.post(f"/invitation/{token}", data={
        "name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert _counts(app) == before
    login(client, "halina@example.org", PASSWORD)
    page = client.get(f"/invitation/{token}?lang=en").get_data(as_text=True)
    assert "accept to add the role to your account" in page and 'name="password"' not in page
    assert client.post(f"/invitation/{token}", data={}).status_code == 302
    with app.app_context():
        account = db.session.scalar(sa.select(Account).where(Account.email == "halina@example.org"))
        assert account.check_password(PASSWORD)
        assert speaker_profile(account).id == speaker_id
        assert roles_at(account, db.session.get(Event, event_id)) == {EventRoleKind.SPEAKER}


def test_accepting_twice_in_services_is_refused(ctx, smtp_server):
    event = make_event()
    speaker = make_speaker()
    db.session.commit()
    invitation = invitations.invite(event, "x@example.org", EventRoleKind.SPEAKER, speaker=speaker)
    found = invitations.find_invitation(invitation.token)
    invitations.accept(found, name="X", password=NEW_PASSWORD)
    with pytest.raises(invitations.InvitationError):
        invitations.accept(found, name="Y", password=NEW_PASSWORD)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Account)) == 1


def test_a_speaker_profile_taken_by_another_account_is_refused(ctx, smtp_server):
    event = make_event()
    owner = make_account("owner@example.org")
    speaker = make_speaker(account=owner)
    db.session.commit()
    invitation = invitations.invite(event, "other@example.org", EventRoleKind.SPEAKER, speaker=speaker)
    with pytest.raises(invitations.InvitationError):
        invitations.accept(invitations.find_invitation(invitation.token), name="X", password=NEW_PASSWORD)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Account)) == 1
    assert invitations.find_invitation(invitation.token) is not None


def test_a_speaker_invitation_lists_each_session_with_the_speakers_role(app, smtp_server):
    from tests.factories import local, make_item, make_room

    with app.app_context():
        event = make_event(slug="forum", title="Forum")
        room = make_room(event, "Sala Lustrzana")
        halina = make_speaker("dr Halina Wykładowska")
        other = make_speaker("Jan Inny")
        make_item(event, local(event.start_date, 14), 90, title="Debata o finansach", room=room,
                  people=[(other, Role.MODERATOR), (halina, Role.PANELIST)])
        make_item(event, local(event.start_date, 10), 45, title="Wykład otwierający",
                  people=[(halina, Role.SPEAKER)])
        make_item(event, local(event.start_date, 16), 60, title="Warsztat prowadzony", people=[(halina, Role.MODERATOR)])
        gone = make_item(event, local(event.start_date, 18), 30, title="Odwołany punkt",
                         people=[(halina, Role.SPEAKER)])
        gone.status = ItemStatus.CANCELLED
        db.session.commit()
        invitations.invite(event, "halina@example.org", EventRoleKind.SPEAKER, speaker=halina)
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "Twoje wystąpienia:" in body
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert [line.split(" (")[0] for line in lines] == [
        "- Prelegent: Wykład otwierający", "- Panelista: Debata o finansach", "- Moderator: Warsztat prowadzony"]
    assert "10:00–10:45" in lines[0] and "14:00–15:30, Sala Lustrzana" in lines[1]
    assert "Odwołany punkt" not in body
