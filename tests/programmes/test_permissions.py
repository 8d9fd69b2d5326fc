"""Programme managers see and manage all its events; an event's organisers only theirs; others nothing."""

import pytest

from eventapp.auth.services import events_for, may, roles_at
from eventapp.extensions import db
from eventapp.manage.errors import Refusal
from eventapp.models import EventRoleKind, ProgrammeEvent
from eventapp.programmes import services
from tests.conftest import login
from tests.factories import make_account, make_event
from tests.programmes.helpers import make_programme


@pytest.fixture
def world(app):
    with app.app_context():
        first = make_event(slug="seminarium-a", title="Seminarium A")
        second = make_event(slug="seminarium-b", title="Seminarium B")
        outside = make_event(slug="poza-programem", title="Poza programem")
        manager = make_account("kierownik@example.org")
        make_account("org-a@example.org", event=first, role=EventRoleKind.ORGANISER)
        make_account("obcy@example.org", event=outside, role=EventRoleKind.ORGANISER)
        make_account("admin@example.org", is_admin=True)
        make_programme(events=[first, second], managers=[manager])
        db.session.commit()
    return app


def test_a_manager_is_organiser_of_every_event_of_the_programme_and_no_other(world, ctx):
    manager = db.session.scalar(db.select(services.Account).filter_by(email="kierownik@example.org"))
    events = {e.slug: e for e in db.session.scalars(db.select(services.Event))}
    assert roles_at(manager, events["seminarium-a"]) == {EventRoleKind.ORGANISER}
    assert may(manager, events["seminarium-b"], EventRoleKind.ORGANISER)
    assert roles_at(manager, events["poza-programem"]) == set()
    assert {e.slug for e in events_for(manager, EventRoleKind.ORGANISER)} == {"seminarium-a", "seminarium-b"}
    assert events_for(manager, EventRoleKind.STAFF) == []


def test_the_manager_opens_the_back_office_of_every_event(world, client):
    login(client, "kierownik@example.org")
    assert client.get("/manage/events/seminarium-b/").status_code == 200
    page = client.get("/manage/programmes/program-csr/").get_data(as_text=True)
    assert "Seminarium A" in page and "Seminarium B" in page
    assert client.get("/manage/programmes/program-csr/report/").status_code == 200
    assert client.get("/manage/events/poza-programem/").status_code == 403


def test_an_event_organiser_sees_only_their_event_of_the_programme(world, client):
    login(client, "org-a@example.org")
    page = client.get("/manage/programmes/program-csr/").get_data(as_text=True)
    assert "Seminarium A" in page and "Seminarium B" not in page
    assert client.get("/manage/events/seminarium-b/").status_code == 403


@pytest.mark.parametrize("path", [
    "/manage/programmes/program-csr/report/", "/manage/programmes/program-csr/report.xlsx",
    "/manage/programmes/program-csr/targets/", "/manage/programmes/program-csr/people/",
    "/manage/programmes/program-csr/organisations/", "/manage/programmes/program-csr/edit",
])
def test_an_event_organiser_is_refused_the_programme_pages(world, client, path):
    login(client, "org-a@example.org")
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/manage/programmes/program-csr/", "/manage/programmes/program-csr/report/"])
def test_an_organiser_of_another_event_is_refused(world, client, path):
    login(client, "obcy@example.org")
    assert client.get(path).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(world, client):
    response = client.get("/manage/programmes/program-csr/report/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_an_unknown_programme_is_not_found(world, client):
    login(client, "kierownik@example.org")
    assert client.get("/manage/programmes/nie-ma/").status_code == 404


@pytest.mark.parametrize("path,data", [
    ("/manage/programmes/program-csr/events", {"event": "poza-programem"}),
    ("/manage/programmes/program-csr/managers", {"email": "obcy@example.org"}),
    ("/manage/programmes/program-csr/targets/", {"name": "x", "unit": "people", "goal": "5"}),
    ("/manage/programmes/program-csr/events/seminarium-a/remove", {}),
    ("/manage/programmes/program-csr/events/seminarium-a/archive", {"archive_until": "2020-01-01"}),
    ("/manage/programmes/program-csr/logos", {"name": "Logo"}),
    ("/manage/programmes/program-csr/people/decide", {"left": "a@x.pl", "right": "b@x.pl", "decision": "merge"}),
    ("/manage/programmes/program-csr/organisations/merge", {"left": "1", "right": "2"}),
    ("/manage/programmes/program-csr/organisations/1/numbers", {"nip": "5260250274"}),
    ("/manage/programmes/program-csr/organisations/", {}),
    ("/manage/programmes/program-csr/merges/1/undo", {}),
    ("/manage/programmes/program-csr/edit", {"name": "Przejęty"}),
])
def test_an_event_organiser_cannot_change_the_programme(world, client, path, data):
    login(client, "org-a@example.org")
    assert client.post(path, data=data).status_code == 403
    with world.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProgrammeEvent)) == 2


def test_a_manager_may_add_only_events_they_organise(world, client):
    login(client, "kierownik@example.org")
    response = client.post("/manage/programmes/program-csr/events", data={"event": "poza-programem"})
    assert response.status_code == 422
    assert "Możesz dodać tylko wydarzenia, które organizujesz." in response.get_data(as_text=True)
    with world.app_context():
        assert db.session.get(ProgrammeEvent, 3) is None


def test_an_event_belongs_to_one_programme_at_most(world, ctx):
    admin = db.session.scalar(db.select(services.Account).filter_by(email="admin@example.org"))
    other = services.create_programme({"name": "Inny program"}, admin)
    event = services.get_programme_by_slug("program-csr").events[0].event
    with pytest.raises(Refusal):
        services.add_event(other, event, admin)


def test_only_administrators_create_programmes(world, client):
    login(client, "kierownik@example.org")
    assert client.get("/manage/programmes/new").status_code == 403
    client.post("/auth/logout")
    login(client, "admin@example.org")
    response = client.post("/manage/programmes/new", data={"name": "Partnerstwa 2027", "slug": "partnerstwa"})
    assert response.status_code == 302
    page = client.get("/manage/programmes/partnerstwa/").get_data(as_text=True)
    assert "Partnerstwa 2027" in page


def test_the_programme_form_keeps_what_was_typed_on_a_bad_slug(world, client):
    login(client, "admin@example.org")
    response = client.post("/manage/programmes/new", data={"name": "Forum Ż", "slug": "Zły Adres",
                                                            "funder": "Gmina"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="Gmina"' in page and "field-error" in page


def test_the_last_manager_cannot_be_removed(world, ctx):
    programme = services.get_programme_by_slug("program-csr")
    [manager] = services.programme_managers(programme)
    with pytest.raises(Refusal):
        services.remove_manager(programme, manager.id, manager.account)
