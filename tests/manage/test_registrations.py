"""Organisers' registration list: search, filters, pages, one registration, actions, CSV."""

import csv
import io

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.manage.registrations import PAGE_SIZE
from eventapp.models import (
    AgendaItem,
    Event,
    OrganisationType,
    OutboundEmail,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from tests.conftest import login
from tests.factories import local, make_item, make_registration
from tests.manage.conftest import row_counts, snapshot


@pytest.fixture
def people(app, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        event.capacity = 2
        workshop = make_item(event, local(world.day, 14), title="Warsztat budżetowy", kind="workshop",
                             requires_signup=True, seat_limit=10)
        ala = make_registration(event, first_name="Ala", last_name="Kowalska", email="ala@example.org",
                                organisation="Gmina Zielonowo",
                                organisation_type=OrganisationType.PUBLIC_ADMINISTRATION)
        bolek = make_registration(event, first_name="Bolesław", last_name="Nowak", email="bolek@example.org",
                                  organisation="=HYPERLINK(\"http://zly.example\")")
        czesia = make_registration(event, first_name="Czesława", last_name="Żak", email="czesia@example.org",
                                   status=RegistrationStatus.WAITLISTED, waitlist_position=1)
        db.session.add(WorkshopSignup(registration=ala, item=workshop, status=SignupStatus.CONFIRMED))
        db.session.commit()
        return {"ala": ala.id, "bolek": bolek.id, "czesia": czesia.id, "workshop": workshop.id}


def _names(page: str, *candidates: str) -> set[str]:
    return {name for name in candidates if name in page}


def test_search_and_filters(app, as_organiser, world, people):
    client = as_organiser
    base = "/manage/events/forum/registrations"
    everyone = ("Kowalska", "Nowak", "Żak")
    assert _names(client.get(base).get_data(as_text=True), *everyone) == set(everyone)
    assert _names(client.get(base, query_string={"q": "ZIELONOWO"}).get_data(as_text=True), *everyone) == {"Kowalska"}
    assert _names(client.get(base, query_string={"q": "Ala Kow"}).get_data(as_text=True), *everyone) == {"Kowalska"}
    assert _names(client.get(base, query_string={"status": "waitlisted"}).get_data(as_text=True),
                  *everyone) == {"Żak"}
    assert _names(client.get(base, query_string={"organisation_type": "ngo"}).get_data(as_text=True),
                  *everyone) == {"Nowak", "Żak"}
    assert _names(client.get(base, query_string={"item_id": people["workshop"]}).get_data(as_text=True),
                  *everyone) == {"Kowalska"}
    assert _names(client.get(base, query_string={"q": "%"}).get_data(as_text=True), *everyone) == set()
    assert client.get(base, query_string={"status": "bogus", "item_id": "x", "page": "-3"}).status_code == 200


def test_pages_cost_the_same_number_of_queries_however_many_rows(app, as_organiser, world, count_queries):
    client = as_organiser

    def queries_for(url):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    with app.app_context():
        event = db.session.get(Event, world.event_id)
        for n in range(5):
            make_registration(event, last_name=f"A{n:03d}")
        db.session.commit()
    few = queries_for("/manage/events/forum/registrations")
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        for n in range(PAGE_SIZE * 2):
            make_registration(event, last_name=f"B{n:03d}")
        db.session.commit()
    many = queries_for("/manage/events/forum/registrations")
    assert many == few
    page = client.get("/manage/events/forum/registrations?page=3").get_data(as_text=True)
    assert "B099" in page and "A000" not in page
    assert 'aria-current="page">3<' in page


def test_csv_export_is_utf8_with_bom_filtered_and_formula_safe(app, as_organiser, world, people):
    response = as_organiser.get("/manage/events/forum/registrations.csv?status=confirmed")
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nazwisko"
    by_last = {row[0]: row for row in rows[1:]}
    assert set(by_last) == {"Kowalska", "Nowak"}
    assert by_last["Nowak"][3] == "'=HYPERLINK(\"http://zly.example\")"
    assert by_last["Kowalska"][-1] == "Warsztat budżetowy"
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_csv_export_defuses_full_width_formula_starts_and_keeps_empty_cells_empty(app, as_organiser, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        make_registration(event, first_name="＝1+1", last_name="＠Nowak", email="fw@example.org",
                          organisation="＋48", position="－1", phone=None)
        db.session.commit()
    rows = list(csv.reader(io.StringIO(as_organiser.get("/manage/events/forum/registrations.csv")
                                       .data.decode("utf-8-sig")), delimiter=";"))
    [row] = [r for r in rows if "fw@example.org" in r]
    assert row[:5] == ["'＠Nowak", "'＝1+1", "fw@example.org", "'＋48", row[4]]
    assert "'－1" in row and row[6] == ""  # no phone: an empty cell, not "None"


def test_an_organiser_opens_a_registration_and_changes_its_state(app, as_organiser, world, people):
    client = as_organiser
    page = client.get(f"/manage/events/forum/registrations/{people['czesia']}").get_data(as_text=True)
    assert "czesia@example.org" in page
    # The event is full (capacity 2): promotion needs the override.
    response = client.post(f"/manage/events/forum/registrations/{people['czesia']}/promote?lang=en",
                           follow_redirects=True)
    assert "no free seats" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Registration, people["czesia"]).status == RegistrationStatus.WAITLISTED
    client.post(f"/manage/events/forum/registrations/{people['czesia']}/promote", data={"override_capacity": "y"})
    with app.app_context():
        assert db.session.get(Registration, people["czesia"]).status == RegistrationStatus.CONFIRMED
    client.post(f"/manage/events/forum/registrations/{people['bolek']}/status", data={"status": "waitlisted"})
    with app.app_context():
        bolek = db.session.get(Registration, people["bolek"])
        assert (bolek.status, bolek.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    client.post(f"/manage/events/forum/registrations/{people['ala']}/cancel")
    with app.app_context():
        assert db.session.get(Registration, people["ala"]).status == RegistrationStatus.CANCELLED
        # Ala's seat went to the first person waiting.
        assert db.session.get(Registration, people["bolek"]).status == RegistrationStatus.CONFIRMED


def test_the_confirmation_is_sent_again(app, as_organiser, world, people, smtp_server):
    app.config.update(smtp_server.settings)
    as_organiser.post(f"/manage/events/forum/registrations/{people['ala']}/resend")
    with app.app_context():
        sent = db.session.scalars(select(OutboundEmail).where(OutboundEmail.recipient == "ala@example.org")).all()
        assert [e.kind for e in sent] == ["registration.link"]
    assert [m["To"] for m in smtp_server.messages] == ["ala@example.org"]


def test_a_registration_of_another_event_is_not_found(app, as_organiser, world):
    with app.app_context():
        other = db.session.scalar(select(Event).where(Event.slug == "inne"))
        foreign = make_registration(other).id
        db.session.commit()
    before = snapshot(app, Registration, foreign)
    assert as_organiser.get(f"/manage/events/forum/registrations/{foreign}").status_code == 404
    assert as_organiser.post(f"/manage/events/forum/registrations/{foreign}/cancel").status_code == 404
    assert snapshot(app, Registration, foreign) == before


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, people, who):
    login(client, world.accounts[who])
    before = row_counts(app), snapshot(app, Registration, people["czesia"])
    base = "/manage/events/forum/registrations"
    for url in (base, f"{base}.csv", f"{base}/{people['czesia']}"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"czesia@example.org" not in response.data
    for url, data in ((f"{base}/{people['czesia']}/promote", {"override_capacity": "y"}),
                      (f"{base}/{people['czesia']}/status", {"status": "cancelled"}),
                      (f"{base}/{people['czesia']}/cancel", {}), (f"{base}/{people['czesia']}/resend", {})):
        assert client.post(url, data=data).status_code == 403, url
    assert (row_counts(app), snapshot(app, Registration, people["czesia"])) == before
    with app.app_context():
        assert db.session.scalar(select(AgendaItem.id).where(AgendaItem.id == people["workshop"]))


def test_csv_opens_as_columns_in_polish_excel_or_with_commas_on_request(app, as_organiser, world, people):
    """Semicolons (Excel set to Polish reads the comma as the decimal mark); one charset."""
    response = as_organiser.get("/manage/events/forum/registrations.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    first_line = response.data.decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("Nazwisko;Imię;E-mail;")
    commas = as_organiser.get("/manage/events/forum/registrations.csv?sep=comma")
    assert commas.data.decode("utf-8-sig").splitlines()[0].startswith("Nazwisko,Imię,E-mail,")
    assert commas.headers["Content-Type"] == "text/csv; charset=utf-8"
    page = as_organiser.get("/manage/events/forum/registrations").get_data(as_text=True)
    assert "registrations.csv?sep=comma" in page
