"""PDF badges read back with poppler and zbar: Polish letters intact, QR codes scannable,
eight badges to an A4 sheet in Polish alphabetical order, long texts kept inside the badge."""

import math
from datetime import date

import pytest
from reportlab.lib.pagesizes import A6
from reportlab.pdfbase.pdfmetrics import stringWidth

from eventapp.badges.pdf import PER_SHEET, badge_pdf, badge_sheet_pdf
from eventapp.badges.services import BadgeRole, badge_role, confirmed_registrations
from eventapp.extensions import db
from eventapp.models import RegistrationStatus, Role
from eventapp.pdf.fonts import register_fonts
from eventapp.pdf.text import fit, wrap
from tests.badges.helpers import (
    POLISH_FIRST,
    POLISH_LAST,
    POLISH_LETTERS,
    pdf_codes_per_page,
    pdf_info,
    pdftotext,
    save,
    sheet_codes_per_page,
    words_with_boxes,
)
from tests.factories import make_event, make_item, make_registration, make_speaker
from tests.tools import needs

pytestmark = needs("pdftotext", "pdftoppm", "pdfinfo", "zbarimg")

# Surnames in the order a Polish reader expects (code-point order would put Ć, Ł, Ś, Ź, Ż last).
POLISH_ORDER = ["Cybulski", "Ćwik", "Lis", "Łukasiewicz", "Nowak", "Nowak-Jeziorańska", "Nowakowski",
                "Ołówek", "Ostrowski", "Sowa", "Śliwa", "Zając", "Źródło", "Żak"]


@pytest.fixture
def pl(app):
    """A Polish request (the default language) around service calls."""
    with app.test_request_context("/"):
        yield app
        db.session.rollback()


def _event():
    return make_event(title="Forum Ekonomii Społecznej", start_date=date(2026, 5, 12), end_date=date(2026, 5, 13))


def test_a6_badge_has_the_name_organisation_role_event_dates_and_a_scannable_code(pl, tmp_path):
    event = _event()
    person = make_registration(event, first_name=POLISH_FIRST, last_name=POLISH_LAST,
                               organisation="Spółdzielnia Socjalna „Źródło”")
    db.session.commit()
    path = save(tmp_path, "badge.pdf", badge_pdf(person))

    info = pdf_info(path)
    assert info["Pages"] == "1"
    width, height = (float(v) for v in info["Page size"].split()[0:3:2])
    assert (round(width), round(height)) == (round(A6[0]), round(A6[1]))
    text = pdftotext(path)
    for word in [*POLISH_FIRST.split(), *POLISH_LAST.split("-")]:
        assert word in text.replace("Jaźń-\n", "Jaźń-"), word
    assert set(POLISH_LETTERS) <= set(text)
    assert "Spółdzielnia Socjalna „Źródło”" in text
    assert "UCZESTNIK" in text
    assert "Forum Ekonomii Społecznej" in text
    assert "12 maja 2026 – 13 maja 2026" in text
    assert pdf_codes_per_page(path, tmp_path / "png") == [[person.badge_code]]
    assert person.email not in text


def test_a_speaker_of_the_event_gets_a_speaker_badge(pl, tmp_path):
    event = _event()
    speaker = make_speaker("Łucja Ćwiek", email="Lucja.Cwiek@Example.org")
    make_item(event, people=[(speaker, Role.MODERATOR)])
    other_event = _event()
    other_speaker = make_speaker("Jan Obcy", email="jan@example.org")
    make_item(other_event, people=[(other_speaker, Role.SPEAKER)])
    lucja = make_registration(event, first_name="Łucja", last_name="Ćwiek", email="lucja.cwiek@example.org")
    jan = make_registration(event, first_name="Jan", last_name="Obcy", email="jan@example.org")
    db.session.commit()

    assert badge_role(lucja) == BadgeRole.SPEAKER
    assert badge_role(jan) == BadgeRole.PARTICIPANT  # a speaker at another event only
    assert "PRELEGENT" in pdftotext(save(tmp_path, "l.pdf", badge_pdf(lucja)))
    assert "UCZESTNIK" in pdftotext(save(tmp_path, "j.pdf", badge_pdf(jan)))


def test_badge_speaks_english_when_asked(app, tmp_path):
    with app.test_request_context("/?lang=en"):
        event = _event()
        person = make_registration(event)
        db.session.commit()
        text = pdftotext(save(tmp_path, "en.pdf", badge_pdf(person)))
        db.session.rollback()
    assert "PARTICIPANT" in text and "12 May 2026" in text  # day before month, as on the English pages


def test_long_names_and_organisations_stay_inside_the_badge(pl, tmp_path):
    event = make_event(title="Regionalne Forum Współpracy Samorządów i Organizacji Pozarządowych "
                             "Województwa Zachodniopomorskiego — edycja jubileuszowa, dwudziesta piąta")
    person = make_registration(
        event, first_name="Maksymilian Bartłomiej Konstanty",
        last_name="Wierzchosławski-Przybyszewski-Konstantynowicz-Świętochowski",
        organisation="Stowarzyszenie na rzecz Rozwoju Gmin Pogranicza Polsko-Niemiecko-Czeskiego "
                     "„Nysa” oraz Lokalnych Grup Działania Ziemi Kłodzkiej i Wałbrzyskiej — oddział terenowy")
    unbroken = make_registration(event, first_name="Hubert",
                                 last_name="Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft")
    db.session.commit()
    single = save(tmp_path, "long.pdf", badge_pdf(person))
    sheet = save(tmp_path, "sheet.pdf", badge_sheet_pdf(event, [person, unbroken]))

    for path in (single, sheet):
        info = pdf_info(path)
        page_width = float(info["Page size"].split()[0])
        words = words_with_boxes(path)
        assert words
        for word, x_min, _y0, x_max, _y1 in words:
            assert x_min >= 0 and x_max <= page_width, (path.name, word, x_min, x_max)
    # The badge's QR code still scans with all that text around it.
    assert pdf_codes_per_page(single, tmp_path / "single") == [[person.badge_code]]
    assert sorted(sheet_codes_per_page(sheet, tmp_path / "sheet")[0]) == sorted(
        [person.badge_code, unbroken.badge_code])


def test_wrapping_never_makes_a_line_wider_than_the_box(pl):
    regular, bold = register_fonts()
    text = "Wolfeschlegelsteinhausenbergerdorff Nowak-Jeziorańska Zażółć gęślą jaźń " * 3
    for width in (40, 90, 150):
        for line in wrap(text, bold, 14, width):
            assert stringWidth(line, bold, 14) <= width
    # Too long for two lines even at the smallest size: more lines, nothing lost.
    size, lines = fit(text, regular, 120, largest=20, smallest=8, max_lines=2)
    assert size == 8 and len(lines) > 2 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(stringWidth(line, regular, 8) <= 120 for line in lines)
    # Only where it is asked for (a repeated footer) does it end in an ellipsis.
    size, lines = fit(text, regular, 120, largest=20, smallest=8, max_lines=2, ellipsis=True)
    assert size == 8 and len(lines) == 2 and lines[-1].endswith("…")
    assert fit("Ala Nowak", bold, 200, largest=20, smallest=8, max_lines=2) == (20, ["Ala Nowak"])
    # A name too long for one line breaks between the first name and the surname.
    room = stringWidth("Nowak-Jeziorańska", bold, 20) + 1
    assert fit(("Anna Maria", "Nowak-Jeziorańska"), bold, room, largest=20, smallest=8, max_lines=2) == (
        20, ["Anna Maria", "Nowak-Jeziorańska"])


def test_sheet_has_eight_badges_a_page_in_polish_surname_order(pl, tmp_path):
    event = _event()
    people = [make_registration(event, first_name="Anna", last_name=name) for name in reversed(POLISH_ORDER)]
    polish = make_registration(event, first_name=POLISH_FIRST, last_name=POLISH_LAST)
    people.append(polish)
    db.session.commit()
    path = save(tmp_path, "sheet.pdf", badge_sheet_pdf(event, people))

    pages = math.ceil(len(people) / PER_SHEET)
    assert pdf_info(path)["Pages"] == str(pages) == "2"
    codes = sheet_codes_per_page(path, tmp_path / "png")
    assert [len(page) for page in codes] == [8, len(people) - 8]
    assert sorted(c for page in codes for c in page) == sorted(p.badge_code for p in people)
    # Content-stream order (-raw) is drawing order: Jaźń… sorts between Cybulski… and Lis.
    text = pdftotext(path, "-raw").replace("-\n", "-")
    expected = ["Cybulski", "Ćwik", "Jaźń-", *POLISH_ORDER[2:]]
    positions = [text.index(name) for name in expected]
    assert positions == sorted(positions)
    assert set(POLISH_LETTERS) <= set(text)
    for word in (*POLISH_FIRST.split(), "ĄĆĘŁŃÓŚŹŻ"):
        assert word in text


def test_sheet_prints_only_confirmed_participants(pl):
    event = _event()
    keep = make_registration(event, last_name="Zostaje")
    make_registration(event, last_name="Anulowana", status=RegistrationStatus.CANCELLED,
                      cancelled_at=None)
    make_registration(event, last_name="Czeka", status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    make_registration(_event(), last_name="Obca")
    db.session.commit()
    assert [r.id for r in confirmed_registrations(event)] == [keep.id]


def test_a_300_person_sheet_builds(pl, tmp_path):
    event = _event()
    people = [make_registration(event) for _ in range(300)]
    db.session.commit()
    path = save(tmp_path, "300.pdf", badge_sheet_pdf(event, people))
    assert pdf_info(path)["Pages"] == str(math.ceil(300 / PER_SHEET))
    # Spot-check the first and the last page: full, and the 4 left over.
    first, last = sheet_codes_per_page(path, tmp_path / "png", 1, 38)
    assert len(first) == 8 and len(last) == 300 - 37 * 8
