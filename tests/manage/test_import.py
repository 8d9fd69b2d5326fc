"""Importing registrations from CSV or XLSX: a preview first, every bad row named with its
reason and nothing imported until the whole file is accepted; duplicates by email reported,
never registered twice; all or nothing at the confirming step too."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from eventapp.auth.services import grant
from eventapp.extensions import db
from eventapp.models import (
    Account,
    Event,
    EventRoleKind,
    OutboundEmail,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from tests.conftest import login
from tests.factories import make_registration
from tests.manage.conftest import row_counts

URL = "/manage/events/forum/registrations/import"

GOOD_CSV = (
    "Imię;Nazwisko;E-mail;Organizacja;Typ organizacji;Stanowisko;Telefon;Język\n"
    "Anna;Żółkiewska;anna@example.org;Fundacja Łąka;Organizacja pozarządowa (stowarzyszenie, fundacja);Prezeska;+48 600 100 200;pl\n"
    "John;Smith;john@example.org;City Hall;public_administration;Clerk;;en\n"
    "Anna;Powtórka;ANNA@example.org;;;;;\n"
    "Zofia;Znana;znana@example.org;;;;;\n"
)


def upload(client, content: bytes, name="lista.csv", consent=True):
    data = {"file": (io.BytesIO(content), name)}
    if consent:
        data["data_consent"] = "y"
    return client.post(URL, data=data, content_type="multipart/form-data")


def _token(html: str) -> str:
    return re.search(r'name="checked" type="hidden" value="([^"]+)"', html).group(1)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Registration.id)))


@pytest.fixture
def known(app, world):
    with app.app_context():
        make_registration(db.session.get(Event, world.event_id), email="znana@example.org", first_name="Zofia",
                          last_name="Znana")
        db.session.commit()


def test_a_good_csv_is_previewed_then_registered_once_each(app, as_organiser, world, known):
    before = row_counts(app)
    response = upload(as_organiser, GOOD_CSV.encode("utf-8-sig"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 osoby są gotowe do rejestracji" in html
    # Duplicates are reported with their line and reason, and skipped.
    assert "Wiersz 4:" in html and "ten sam adres co w wierszu 2" in html
    assert "Wiersz 5:" in html and "już zarejestrowana (Zofia Znana)" in html
    assert row_counts(app) == before  # the preview stores nothing
    done = as_organiser.post(URL + "/confirm", data={"checked": _token(html), "send_emails": "y"})
    assert done.status_code == 302
    with app.app_context():
        rows = {r.email: r for r in db.session.scalars(select(Registration))}
        assert set(rows) == {"anna@example.org", "john@example.org", "znana@example.org"}
        john = rows["john@example.org"]
        assert (john.language, john.source, john.status) == ("en", RegistrationSource.ORGANISER,
                                                            RegistrationStatus.CONFIRMED)
        assert rows["anna@example.org"].organisation_type.value == "ngo"
        assert len(rows["anna@example.org"].consents) == 1
        sent = set(db.session.scalars(select(OutboundEmail.recipient)))
        assert sent == {"anna@example.org", "john@example.org"}
    # The same confirmation again doubles nobody: everything is refused.
    again = as_organiser.post(URL + "/confirm", data={"checked": _token(html), "send_emails": "y"},
                              follow_redirects=True)
    assert "Nic nie zaimportowano" in again.get_data(as_text=True)
    assert _count(app) == 3


def test_every_bad_row_is_named_and_nothing_can_be_imported(app, as_organiser, world):
    content = (
        "First name,Last name,Email,Organisation type,Language,Phone\n"
        "Ala,Kot,ala@example.org,ngo,pl,\n"
        ",Bez Imienia,bez@example.org,,,\n"
        "Jan,Zły,nie-adres,kosmos,de,abc\n"
    ).encode()
    before = row_counts(app)
    response = upload(as_organiser, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 wiersze mają błędy" in html
    assert "Wiersz 3:" in html and "brak imienia" in html
    assert "Wiersz 4:" in html
    for reason in ("„nie-adres” to nie jest adres e-mail", "nieznany typ organizacji „kosmos”",
                   "nieznany język „de”", "„abc” to nie jest numer telefonu"):
        assert reason in html, reason
    assert 'name="checked"' not in html  # no way to confirm
    assert row_counts(app) == before


def test_an_xlsx_file_is_read_from_its_first_sheet(app, as_organiser, world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nazwisko", "Imię", "E-mail", "Telefon"])
    sheet.append(["Wiśniewska", "Maria", "maria@example.org", 600100200])
    sheet.append([None, None, None, None])
    sheet.append(["Nowak", "Piotr", "piotr@example.org", None])
    out = io.BytesIO()
    book.save(out)
    response = upload(as_organiser, out.getvalue(), name="lista.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "maria@example.org" in html and "piotr@example.org" in html
    as_organiser.post(URL + "/confirm", data={"checked": _token(html)})
    with app.app_context():
        maria = db.session.scalar(select(Registration).where(Registration.email == "maria@example.org"))
        assert (maria.first_name, maria.last_name, maria.phone) == ("Maria", "Wiśniewska", "600100200")
        assert db.session.scalar(select(func.count(OutboundEmail.id))) == 0  # emails not asked for


def test_a_full_event_puts_the_rest_on_the_waiting_list_in_file_order(app, as_organiser, world):
    with app.app_context():
        db.session.get(Event, world.event_id).capacity = 1
        db.session.commit()
    content = "Imię;Nazwisko;E-mail\nA;A;a@example.org\nB;B;b@example.org\nC;C;c@example.org\n".encode()
    html = upload(as_organiser, content).get_data(as_text=True)
    as_organiser.post(URL + "/confirm", data={"checked": _token(html)})
    with app.app_context():
        rows = db.session.execute(select(Registration.email, Registration.status, Registration.waitlist_position)
                                  .order_by(Registration.email)).all()
    assert [tuple(r) for r in rows] == [("a@example.org", RegistrationStatus.CONFIRMED, None),
                                        ("b@example.org", RegistrationStatus.WAITLISTED, 1),
                                        ("c@example.org", RegistrationStatus.WAITLISTED, 2)]


def test_someone_registered_between_preview_and_import_stops_the_whole_import(app, as_organiser, world):
    content = "Imię;Nazwisko;E-mail\nA;A;a@example.org\nB;B;b@example.org\n".encode()
    html = upload(as_organiser, content).get_data(as_text=True)
    with app.app_context():
        make_registration(db.session.get(Event, world.event_id), email="b@example.org")
        db.session.commit()
    page = as_organiser.post(URL + "/confirm", data={"checked": _token(html)}, follow_redirects=True)
    assert "b@example.org" in page.get_data(as_text=True)
    assert _count(app) == 1


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.7 not a table", "lista.csv", "Brakuje: first name, last name, email"),
    (b"PK\x03\x04 broken zip", "lista.xlsx", "Prześlij plik CSV lub XLSX."),
    (b"", "lista.csv", "Plik jest pusty."),
    (b"Name;Mail\nAla;ala@example.org\n", "lista.csv", "Brakuje: first name, last name."),
])
def test_unreadable_files_are_refused_with_a_message(app, as_organiser, world, content, name, message):
    before = row_counts(app)
    response = upload(as_organiser, content, name=name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_a_nul_character_is_refused_not_stored(app, as_organiser, world):
    """PostgreSQL cannot store NUL: a CSV holding one is refused before anything is read."""
    before = row_counts(app)
    response = upload(as_organiser, "Imię;Nazwisko;E-mail\nA;B\x00;a@example.org\n".encode())
    assert response.status_code == 422 and "Prześlij plik CSV lub XLSX." in response.get_data(as_text=True)
    # An XLSX file cannot hold NUL at all (openpyxl refuses to write one), so there is none to test.
    assert row_counts(app) == before


def test_without_the_consent_nothing_is_checked(app, as_organiser, world):
    response = upload(as_organiser, GOOD_CSV.encode(), consent=False)
    assert response.status_code == 422 and "Bez tej zgody" in response.get_data(as_text=True)


def test_a_forged_or_foreign_preview_is_refused(app, as_organiser, world):
    html = upload(as_organiser, "Imię;Nazwisko;E-mail\nA;A;a@example.org\n".encode()).get_data(as_text=True)
    token = _token(html)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    page = as_organiser.post(URL + "/confirm", data={"checked": forged}, follow_redirects=True)
    assert "Nie udało się odczytać podglądu" in page.get_data(as_text=True)
    # A preview made for another event does not import into this one.
    with app.app_context():
        other = db.session.scalar(select(Event).where(Event.slug == world.other_slug))
        organiser = db.session.scalar(select(Account).where(Account.email == world.accounts["organiser"]))
        grant(organiser, other, EventRoleKind.ORGANISER)
        db.session.commit()
    page = as_organiser.post(f"/manage/events/{world.other_slug}/registrations/import/confirm",
                             data={"checked": token}, follow_redirects=True)
    assert "Nie udało się odczytać podglądu" in page.get_data(as_text=True)
    assert _count(app) == 0


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_may_not_import(app, client, world, who):
    login(client, world.accounts[who])
    before = row_counts(app)
    assert client.get(URL).status_code == 403
    assert upload(client, GOOD_CSV.encode()).status_code == 403
    assert client.post(URL + "/confirm", data={"checked": "x"}).status_code == 403
    assert row_counts(app) == before
