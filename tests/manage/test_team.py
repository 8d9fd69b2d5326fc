"""The team page: invitations of staff, co-organisers and speakers; removing roles."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Account, Event, EventRole, EventRoleKind, Invitation, Speaker
from tests.conftest import login
from tests.factories import make_speaker
from tests.manage.conftest import row_counts


@pytest.fixture
def mail(app, smtp_server):
    app.config.update(smtp_server.settings)
    return smtp_server


def test_an_organiser_invites_staff_and_a_co_organiser_by_email(app, as_organiser, world, mail):
    client = as_organiser
    assert client.post("/manage/events/forum/team", data={"email": "Nowa@Example.org", "role": "staff"}).status_code == 302
    assert client.post("/manage/events/forum/team", data={"email": "wspol@example.org",
                                                          "role": "organiser"}).status_code == 302
    with app.app_context():
        invited = {(i.email, i.role) for i in db.session.scalars(select(Invitation))}
        assert invited == {("nowa@example.org", EventRoleKind.STAFF), ("wspol@example.org", EventRoleKind.ORGANISER)}
    assert sorted(m["To"] for m in mail.messages) == ["nowa@example.org", "wspol@example.org"]
    assert "/invitation/" in mail.messages[0].get_body(("plain",)).get_content()
    page = client.get("/manage/events/forum/team").get_data(as_text=True)
    assert "nowa@example.org" in page and "org@example.org" in page


def test_inviting_someone_to_a_role_they_hold_or_as_speaker_is_refused(app, as_organiser, world):
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/team?lang=en", data={"email": "staff@example.org",
                                                                            "role": "staff"})
    assert response.status_code == 422 and "already has this role" in response.get_data(as_text=True)
    response = as_organiser.post("/manage/events/forum/team?lang=en", data={"email": "x@example.org",
                                                                            "role": "speaker"})
    assert response.status_code == 422
    response = as_organiser.post("/manage/events/forum/team?lang=en", data={"email": "nie-adres", "role": "staff"})
    assert response.status_code == 422 and "valid email" in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_a_speaker_is_invited_from_their_profile(app, as_organiser, world, mail):
    with app.app_context():
        speaker = make_speaker("Anna Nowak")
        from eventapp.history.services import record
        record(db.session.get(Event, world.event_id), "speaker_created", speaker=speaker)
        db.session.commit()
        speaker_id = speaker.id
    response = as_organiser.post(f"/manage/events/forum/speakers/{speaker_id}/invite",
                                 data={"invite-email": "anna@example.org"})
    assert response.status_code == 302
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert (invitation.role, invitation.speaker_id, invitation.email) == (EventRoleKind.SPEAKER, speaker_id,
                                                                             "anna@example.org")
        assert db.session.get(Speaker, speaker_id).email == "anna@example.org"
    assert [m["To"] for m in mail.messages] == ["anna@example.org"]


def test_roles_are_removed_but_the_last_organiser_stays(app, as_organiser, world):
    client = as_organiser
    with app.app_context():
        roles = {r.account.email: r.id for r in db.session.scalars(select(EventRole).where(
            EventRole.event_id == world.event_id))}
    client.post(f"/manage/events/forum/team/{roles['staff@example.org']}/remove")
    response = client.post(f"/manage/events/forum/team/{roles['org@example.org']}/remove?lang=en",
                           follow_redirects=True)
    assert "at least one organiser" in response.get_data(as_text=True)
    with app.app_context():
        left = set(db.session.scalars(select(Account.email).join(EventRole).where(EventRole.event_id == world.event_id)))
        assert left == {"org@example.org", "mowca@example.org"}


def test_an_invitation_is_withdrawn(app, as_organiser, world):
    as_organiser.post("/manage/events/forum/team", data={"email": "nowa@example.org", "role": "staff"},
                      follow_redirects=True)
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    assert as_organiser.post(f"/manage/events/forum/invitations/{invitation_id}/withdraw").status_code == 302
    as_organiser.get("/manage/events/forum/team")  # the flash message is shown once
    assert "nowa@example.org" not in as_organiser.get("/manage/events/forum/team").get_data(as_text=True)


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, who):
    with app.app_context():
        role_id = db.session.scalar(select(EventRole.id).where(EventRole.event_id == world.event_id))
        speaker = make_speaker("Ktoś")
        from eventapp.history.services import record
        record(db.session.get(Event, world.event_id), "speaker_created", speaker=speaker)
        db.session.commit()
        speaker_id = speaker.id
    login(client, world.accounts[who])
    before = row_counts(app)
    assert client.get("/manage/events/forum/team").status_code == 403
    for url, data in (("/manage/events/forum/team", {"email": "ja@example.org", "role": "organiser"}),
                      (f"/manage/events/forum/team/{role_id}/remove", {}),
                      ("/manage/events/forum/invitations/1/withdraw", {}),
                      (f"/manage/events/forum/speakers/{speaker_id}/invite", {"invite-email": "ja@example.org"})):
        assert client.post(url, data=data).status_code == 403, url
    assert row_counts(app) == before
