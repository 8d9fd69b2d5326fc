"""The longest names the sign-up form accepts (100 + 100 characters), emoji and characters no font
has, on every PDF the app prints — A6 badge, badge sheet, attendance list, certificate — read back
with poppler (pdftotext -bbox, pdffonts) and pdfminer.six: every word of the name is there, every
word inside the page, every character drawn with a font that has it (no empty boxes), and no font
referenced that is not embedded."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer
from reportlab.pdfbase import pdfmetrics

from eventapp.badges.pdf import badge_pdf, badge_sheet_pdf
from eventapp.extensions import db
from eventapp.models import OrganisationType, Registration
from eventapp.pdf.fonts import register_fonts
from eventapp.reports.attendance_list import attendance_list_pdf, day_heading
from eventapp.reports.certificates import certificate_pdf
from eventapp.reports.services import attendance_of
from tests.factories import local, make_event, make_registration
from tests.reports.helpers import check_in
from tests.tools import needs, run

pytestmark = needs("pdftotext", "pdfinfo", "pdffonts")

FIRST_WORDS = ["Maria", "Magdalena", "Aleksandra", "Konstancja", "Bożena", "Wiesława", "Zofia", "Jadwiga",
               "Małgorzata", "Elżbieta", "Łucja", "Ewa", "Ścisława", "Żaneta", "Ćwiklina", "Urszula"]
LAST_WORDS = ["Wierzchosławska-Przybyszewska", "Konstantynowicz-Świętochowska", "Źdźbłowska", "Gżegżółka",
              "Nowak-Jeziorańska", "Łęcka", "Ślęzak", "Żółkiewska", "Brzęczyszczykiewicz", "Chrząszcz"]


def _exactly(words: list[str], length: int) -> str:
    """Words joined up to exactly `length` characters (the last one cut to fit, as a typist would)."""
    text = ""
    for word in words * 4:
        if len(text) + 1 + len(word) > length:
            break
        text = f"{text} {word}".strip()
    return (text + " " + words[0] * 10)[:length].rstrip() if len(text) < length else text


LONGEST_FIRST = _exactly(FIRST_WORDS, 100)
LONGEST_LAST = _exactly(LAST_WORDS, 100)
LONGEST_ORGANISATION = _exactly(["Stowarzyszenie", "na", "rzecz", "Rozwoju", "Gmin", "Pogranicza",
                                 "Polsko-Niemiecko-Czeskiego", "„Nysa”", "oraz", "Lokalnych", "Grup"], 200)
# One unbroken surname: it has to be cut into pieces, and no piece may be lost.
UNBROKEN_LAST = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafe"[:100]
# Characters with no glyph in DejaVu: emoji (the fallback has them), a private-use and an
# unassigned code point (no font has them: left out); line separators inside the name print as spaces.
EMOJI_FIRST, EMOJI_LAST = "Ala 😀\u2028Ola\n", "Kot👍-Nowak\x85🎉"
NO_FONT = "\ue000\u0378"


def test_the_longest_names_are_what_the_form_accepts():
    assert len(LONGEST_FIRST) == 100 and len(LONGEST_LAST) == 100 and len(LONGEST_ORGANISATION) == 200


@pytest.fixture
def pl(app):
    with app.test_request_context("/"):
        yield app
        db.session.rollback()


def _people(event) -> dict[str, Registration]:
    return {
        "longest": make_registration(event, first_name=LONGEST_FIRST, last_name=LONGEST_LAST,
                                     organisation=LONGEST_ORGANISATION),
        "unbroken": make_registration(event, first_name=LONGEST_FIRST, last_name=UNBROKEN_LAST,
                                      organisation=LONGEST_ORGANISATION),
        "emoji": make_registration(event, first_name=EMOJI_FIRST + NO_FONT, last_name=EMOJI_LAST,
                                   organisation="Fundacja 🌳 Drzewa", organisation_type=OrganisationType.NGO),
    }


def _every_pdf(tmp_path: Path) -> dict[str, tuple[Path, Registration]]:
    """Each kind of PDF, once for each person (the sheet: all of them on one page)."""
    event = make_event(title=_exactly(["Forum", "Współpracy", "Samorządów", "i", "Organizacji",
                                       "Pozarządowych", "Województwa", "Zachodniopomorskiego"], 200),
                       start_date=date.today() - timedelta(days=2), end_date=date.today() - timedelta(days=2))
    people = _people(event)
    for person in people.values():
        check_in(event, person, event.start_date, local(event.start_date, 9))
    db.session.commit()
    made = {}

    def save(name: str, content: bytes, person: Registration) -> None:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        made[name] = (path, person)

    for key, person in people.items():
        save(f"badge-{key}", badge_pdf(person), person)
        save(f"certificate-{key}", certificate_pdf(attendance_of(person)), person)
        content, _pages = attendance_list_pdf(event, day_heading(event, event.start_date, "pl"), [person])
        save(f"list-{key}", content, person)
    sheet = badge_sheet_pdf(event, list(people.values()))
    for key, person in people.items():
        save(f"sheet-{key}", sheet, person)
    return made


def _words(path: Path) -> list[tuple[str, float, float, float, float]]:
    html = run("pdftotext", "-bbox", str(path), "-", capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>', html)]


def _page_size(path: Path) -> tuple[float, float]:
    info = run("pdfinfo", str(path), capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(width), float(height)


def _expected_words(person: Registration) -> list[str]:
    return [w.replace("&", "&amp;") for w in f"{person.first_name} {person.last_name}".split()]


def test_every_word_of_the_longest_names_is_printed_inside_the_page(pl, tmp_path):
    for name, (path, person) in _every_pdf(tmp_path).items():
        if not name.endswith("longest"):
            continue
        width, height = _page_size(path)
        words = _words(path)
        for word, x_min, y_min, x_max, y_max in words:
            assert x_min >= 0 and x_max <= width and y_min >= 0 and y_max <= height, (name, word, x_min, x_max)
        printed = " ".join(w for w, *_box in words)
        # A line may break after a hyphen: read "Nowak-" + "Jeziorańska" as one word again.
        joined = re.sub(r"-\s+", "-", printed).split()
        for word in _expected_words(person):
            assert word in joined, (name, word)


def test_an_unbroken_surname_is_cut_into_pieces_none_lost_none_off_the_page(pl, tmp_path):
    for name, (path, _person) in _every_pdf(tmp_path).items():
        if not name.endswith("unbroken"):
            continue
        width, _height = _page_size(path)
        words = _words(path)
        assert all(x0 >= 0 and x1 <= width for _w, x0, _y0, x1, _y1 in words), name
        letters = "".join(w for w, *_box in words)
        assert UNBROKEN_LAST in letters, name


def _chars(path: Path):
    def walk(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from walk(child)

    for page in extract_pages(str(path)):
        yield from walk(page)


def test_no_character_is_drawn_with_a_font_that_lacks_it_and_the_text_layer_says_what_prints(pl, tmp_path):
    register_fonts()
    cmaps = {name: set(pdfmetrics.getFont(name).face.charToGlyph)
             for name in ("DejaVuSans", "DejaVuSans-Bold", "NotoEmoji-Regular")}
    for name, (path, _person) in _every_pdf(tmp_path).items():
        if not name.endswith("emoji"):
            continue
        chars = list(_chars(path))
        assert chars
        for char in chars:
            font = char.fontname.split("+", 1)[-1]
            text = char.get_text()
            assert len(text) == 1, (name, text)
            assert ord(text) in cmaps[font], (name, font, text)
        printed = "".join(c.get_text() for c in chars)
        for emoji in "😀👍🎉🌳":
            assert emoji in printed, (name, emoji)
        assert not set(NO_FONT) & set(printed), name
        # The drawn name reads back as typed, less what no font has.
        flat = "".join(printed.split())
        assert "".join(f"{EMOJI_FIRST}{EMOJI_LAST}".split()) in flat or name.startswith("list"), (name, flat)
        assert "".join(f"{EMOJI_LAST}{EMOJI_FIRST}".split()) in flat or not name.startswith("list"), (name, flat)


def test_every_font_a_pdf_names_is_embedded_and_there_is_no_helvetica(pl, tmp_path):
    for name, (path, _person) in _every_pdf(tmp_path).items():
        listing = run("pdffonts", str(path), capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows, name
        for row in rows:
            assert "Helvetica" not in row, (name, row)
            emb = row.split()[-5]
            assert emb == "yes", (name, row)


@needs("zbarimg", "pdftoppm")
def test_badges_with_the_longest_names_still_scan(pl, tmp_path):
    from tests.badges.helpers import pdf_codes_per_page, sheet_codes_per_page

    made = _every_pdf(tmp_path)
    for key in ("longest", "unbroken", "emoji"):
        path, person = made[f"badge-{key}"]
        assert pdf_codes_per_page(path, tmp_path / key) == [[person.badge_code]]
    sheet, _person = made["sheet-longest"]
    codes = sheet_codes_per_page(sheet, tmp_path / "sheet")[0]
    assert sorted(codes) == sorted(made[f"badge-{k}"][1].badge_code for k in ("longest", "unbroken", "emoji"))
