"""Directories: speakers and organisations of the organiser's events, searched as one types;
several speakers put into their sessions and invited at once."""

from datetime import date

import pytest

from eventapp.extensions import db
from eventapp.models import (
    DirectoryOrganisation,
    EventOrganisation,
    EventRoleKind,
    Invitation,
    OrganisationPart,
    Role,
)
from eventapp.programmes import directories
from tests.conftest import login
from tests.factories import make_account, make_event, make_item, make_speaker
from tests.programmes.helpers import make_programme


@pytest.fixture
def world(app, smtp_server):
    app.config.update(smtp_server.settings)
    with app.app_context():
        last_year = make_event(slug="forum-2025", start_date=date(2025, 5, 6))
        other = make_event(slug="cudze")
        new = make_event(slug="forum-2026")
        make_item(last_year, people=[(make_speaker("Ewa Ślusarczyk", organisation="Fundacja Łącznik",
                                                   email="ewa@example.org"), Role.MODERATOR),
                                     (make_speaker("Piotr Kowal", email="piotr@example.org"), Role.PANELIST)])
        make_item(other, people=[(make_speaker("Ewa Obca"), Role.SPEAKER)])
        make_item(new, title="Debata: partnerstwa")
        make_item(new, title="Warsztat: CSR", start=None, minutes=30)
        db.session.add(EventOrganisation(event_id=last_year.id, name="Urząd Marszałkowski", part=OrganisationPart.FUNDER))
        db.session.add(EventOrganisation(event_id=other.id, name="Urząd Gminy Obcej", part=OrganisationPart.PARTNER))
        programme = make_programme(events=[last_year])
        db.session.add(DirectoryOrganisation(programme_id=programme.id, name="Urząd Miasta Lubliniec"))
        for event in (last_year, new):
            make_account("org@example.org" if event is last_year else "org2@example.org")
        organiser = db.session.scalar(db.select(directories.Account).filter_by(email="org@example.org"))
        from eventapp.auth.services import grant
        grant(organiser, last_year, EventRoleKind.ORGANISER)
        grant(organiser, new, EventRoleKind.ORGANISER)
        make_account("obcy@example.org", event=other, role=EventRoleKind.ORGANISER)
        db.session.commit()
    return app


def test_speakers_of_the_organisers_events_are_found_as_one_types(world, client):
    login(client, "org@example.org")
    assert [s["name"] for s in client.get("/manage/directory/speakers.json?q=ewa").get_json()] == ["Ewa Ślusarczyk"]
    assert [s["name"] for s in client.get("/manage/directory/speakers.json?q=łącz").get_json()] == ["Ewa Ślusarczyk"]
    assert client.get("/manage/directory/speakers.json?q=e").get_json() == []
    assert client.get("/manage/directory/organisations.json?q=urząd").get_json() == [
        "Urząd Marszałkowski", "Urząd Miasta Lubliniec"]


def test_another_organiser_does_not_see_this_directory(world, client):
    login(client, "obcy@example.org")
    assert [s["name"] for s in client.get("/manage/directory/speakers.json?q=ewa").get_json()] == ["Ewa Obca"]
    assert client.get("/manage/events/forum-2026/invite-speakers").status_code == 403


def test_several_speakers_are_put_into_sessions_and_invited_at_once(world, client, smtp_server):
    login(client, "org@example.org")
    page = client.get("/manage/events/forum-2026/invite-speakers?q=ewa").get_data(as_text=True)
    assert "Ewa Ślusarczyk" in page and "Ewa Obca" not in page
    with world.app_context():
        ids = {s.name: s.id for s in db.session.scalars(db.select(directories.Speaker))}
        items = {i.title: i.id for i in db.session.scalars(db.select(directories.AgendaItem))}
    ewa, piotr = ids["Ewa Ślusarczyk"], ids["Piotr Kowal"]
    response = client.post("/manage/events/forum-2026/invite-speakers", data={
        "speaker": [str(ewa), str(piotr)],
        f"email-{ewa}": "ewa@example.org", f"items-{ewa}": [str(items["Debata: partnerstwa"])],
        f"role-{ewa}": "moderator",
        f"email-{piotr}": "piotr@example.org", f"items-{piotr}": [str(items["Warsztat: CSR"])],
        f"role-{piotr}": "speaker",
    })
    assert response.status_code == 302
    with world.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 2
    bodies = {m["To"]: m.get_content() for m in smtp_server.messages}
    assert "Debata: partnerstwa" in bodies["ewa@example.org"] and "Moderator" in bodies["ewa@example.org"]
    assert "Warsztat: CSR" in bodies["piotr@example.org"]


def test_a_speaker_without_sessions_is_refused_and_nothing_is_written(world, client):
    login(client, "org@example.org")
    with world.app_context():
        ewa = db.session.scalar(db.select(directories.Speaker).filter_by(name="Ewa Ślusarczyk")).id
        obca = db.session.scalar(db.select(directories.Speaker).filter_by(name="Ewa Obca")).id
    client.post("/manage/events/forum-2026/invite-speakers", data={"speaker": [str(ewa)], f"role-{ewa}": "moderator"})
    client.post("/manage/events/forum-2026/invite-speakers", data={"speaker": [str(obca)], f"role-{obca}": "guest",
                                                                   f"items-{obca}": ["1"]})
    with world.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 0
