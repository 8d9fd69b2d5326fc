"""CSV and XLSX open with standard readers (csv, openpyxl) and agree with the summary."""

import csv
import io
from datetime import datetime, time

import pytest
from openpyxl import load_workbook

from eventapp.extensions import db
from eventapp.reports.services import attendance_summary
from tests.conftest import login
from tests.factories import local
from tests.reports.helpers import EXPECTED, build_story, check_in, detached, person, with_accounts


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


@pytest.fixture
def story(app):
    with app.app_context():
        return detached(with_accounts(build_story()))


@pytest.fixture
def organiser(client, story):
    login(client, story.accounts["organiser"])
    return client


def _columns(headings, prefix):
    return [i for i, h in enumerate(headings) if h.startswith(prefix)]


def _check_participants(headings, rows, story):
    """The same checks for the CSV and the XLSX: one row per registration, columns that sum to the summary."""
    assert len(rows) == EXPECTED["registered"]
    days = story.event.days
    day_columns = _columns(headings, "Obecność ")
    assert [headings[i] for i in day_columns] == [f"Obecność {d.isoformat()}" for d in days]
    for index, (attended, *_rest) in EXPECTED["per_day"].items():
        assert sum(int(r[day_columns[index]]) for r in rows) == attended
    days_attended = headings.index("Dni obecności")
    assert sum(1 for r in rows if int(r[days_attended]) > 0) == EXPECTED["attended"]
    item_columns = [i for i, h in enumerate(headings) if h.endswith(tuple(t for t, _ in EXPECTED["items"]))]
    assert [sum(int(r[i]) for r in rows) for i in item_columns] == [n for _, n in EXPECTED["items"]]
    surname, status = headings.index("Nazwisko"), headings.index("Status")
    # Polish alphabetical order, and the status each person has now.
    assert [r[surname] for r in rows] == ["Kowalski", "Lato", "Lewandowska", "Lis", "Łukasiewicz", "Sowa",
                                         "Śliwa", "Zając", "Źdźbło", "Żak"]
    by_name = {r[surname]: r for r in rows}
    assert by_name["Źdźbło"][status] == "anulowana" and int(by_name["Źdźbło"][day_columns[0]]) == 1
    assert by_name["Żak"][status] == "na liście rezerwowej" and int(by_name["Żak"][day_columns[1]]) == 1
    # The undone day-2 check-in of Bartosz Lis is not attendance.
    assert [int(by_name["Lis"][i]) for i in day_columns] == [1, 0, 0]


def test_participants_csv_agrees_with_the_summary(app, organiser, story):
    response = organiser.get(f"/events/{story.slug}/reports/participants.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    headings, rows = rows[0], rows[1:]
    # Excel set to Polish splits on semicolons; commas on request give the same table.
    with_commas = organiser.get(f"/events/{story.slug}/reports/participants.csv?sep=comma").data
    assert list(csv.reader(io.StringIO(with_commas.decode("utf-8-sig"), newline=""))) == [headings, *rows]
    _check_participants(headings, rows, story)


def test_participants_xlsx_agrees_with_the_summary(app, organiser, story):
    response = organiser.get(f"/events/{story.slug}/reports/participants.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    headings, rows = values[0], values[1:]
    _check_participants(headings, rows, story)


def test_summary_xlsx_has_the_numbers_of_the_page(app, organiser, story):
    response = organiser.get(f"/events/{story.slug}/reports/summary.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["Podsumowanie", "Dni", "Punkty programu", "Warsztaty", "Typy instytucji",
                               "Instytucje", "Przybycia"]
    figures = dict(list(book["Podsumowanie"].iter_rows(values_only=True))[1:])
    assert figures["Zarejestrowani"] == 10 and figures["Potwierdzone"] == 6
    assert figures["Na liście rezerwowej"] == 2 and figures["Anulowane"] == 2
    assert figures["Obecni co najmniej jeden dzień"] == 7 and figures["Obecni mimo anulowania"] == 1
    assert figures["Zarejestrowani przy wejściu"] == 2 and figures["Nieobecni"] == 1
    assert figures["Odsetek nieobecnych"] == pytest.approx(0.2)
    days = list(book["Dni"].iter_rows(values_only=True))[1:]
    assert [(r[1], r[2], r[4]) for r in days] == [v[:3] for v in EXPECTED["per_day"].values()]
    assert [r[0].date() for r in days] == story.event.days
    types = {r[0]: r[1:] for r in list(book["Typy instytucji"].iter_rows(values_only=True))[1:]}
    assert types["Organizacja pozarządowa (stowarzyszenie, fundacja)"] == (3, 2, 2, 1, 2, 1)
    organisations = list(book["Instytucje"].iter_rows(values_only=True))[1:]
    assert [tuple(r) for r in organisations] == [
        (name or "(nie podano)", *numbers) for name, *numbers in EXPECTED["by_organisation"]]
    workshops = list(book["Warsztaty"].iter_rows(values_only=True))[1:]
    assert [tuple(r[1:]) for r in workshops] == [EXPECTED["workshop"]]
    arrivals = list(book["Przybycia"].iter_rows(values_only=True))[1:]
    assert sum(r[2] for r in arrivals) == sum(v[0] for v in EXPECTED["per_day"].values())
    assert [(r[1].strftime("%H:%M"), r[2]) for r in arrivals if r[0].date() == story.event.days[1]] \
        == EXPECTED["arrivals"][1]


def test_arrival_slots_in_the_summary_xlsx_are_time_cells(app, organiser, story):
    book = load_workbook(io.BytesIO(organiser.get(f"/events/{story.slug}/reports/summary.xlsx").data))
    rows = list(book["Przybycia"].iter_rows())[1:]
    assert rows
    for day, start, _count in rows:
        assert isinstance(start.value, time) and start.is_date and start.number_format == "hh:mm"
        assert isinstance(day.value, datetime) and day.number_format == "yyyy-mm-dd"
    first_day = [(r[1].value, r[2].value) for r in rows if r[0].value.date() == story.event.days[0]]
    assert first_day == [(time(int(hh), int(mm)), n) for (hh, mm), n in
                         ((slot.split(":"), n) for slot, n in EXPECTED["arrivals"][0])]


def test_a_name_that_looks_like_a_formula_stays_text(app, organiser, story):
    with app.app_context():
        event = db.session.merge(story.event)
        sneaky = person(event, "=HYPERLINK(\"http://zło.example\",\"Kliknij\")", "@Nowak",
                        organisation="+48 Fundacja")
        check_in(event, sneaky, event.days[0], local(event.days[0], 9))
        db.session.commit()
    text = organiser.get(f"/events/{story.slug}/reports/participants.csv").data.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if "Nowak" in "".join(r))
    assert "'@Nowak" in row and "'=HYPERLINK(\"http://zło.example\",\"Kliknij\")" in row and "'+48 Fundacja" in row
    book = load_workbook(io.BytesIO(organiser.get(f"/events/{story.slug}/reports/participants.xlsx").data))
    cells = [c for r in book.worksheets[0].iter_rows() for c in r if c.value == "=HYPERLINK(\"http://zło.example\",\"Kliknij\")"]
    assert len(cells) == 1 and cells[0].data_type == "s"


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠", "﹦", "=", "+", "-", "@", "\t"])
def test_a_full_width_formula_start_is_defused_like_the_ascii_one(app, organiser, story, start):
    with app.app_context():
        event = db.session.merge(story.event)
        sneaky = person(event, "Ala", f"{start}HYPERLINK(\"http://zło.example\")", organisation=f"{start}1+1")
        check_in(event, sneaky, event.days[0], local(event.days[0], 9))
        db.session.commit()
    text = organiser.get(f"/events/{story.slug}/reports/participants.csv").data.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if "zło.example" in "".join(r))
    assert f"'{start}HYPERLINK(\"http://zło.example\")" in row and f"'{start}1+1" in row
    # Every other cell is plain: numbers stay numbers, an empty value stays empty.
    assert all(not cell or cell[0] not in "=+-@＝＋－＠﹦\t" for cell in row)
    book = load_workbook(io.BytesIO(organiser.get(f"/events/{story.slug}/reports/participants.xlsx").data))
    cells = [c for r in book.worksheets[0].iter_rows() for c in r if isinstance(c.value, str) and "zło" in c.value]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_control_characters_in_names_do_not_stop_the_exports(app, organiser, story):
    with app.app_context():
        event = db.session.merge(story.event)
        odd = person(event, "Ala\vMa", "Kot\u2028\x85\fNowak\x1c", organisation="Fundacja\x1b\nŁąka")
        check_in(event, odd, event.days[0], local(event.days[0], 9))
        db.session.commit()
    for name in ("participants.csv", "participants.xlsx", "summary.xlsx"):
        assert organiser.get(f"/events/{story.slug}/reports/{name}").status_code == 200, name
    book = load_workbook(io.BytesIO(organiser.get(f"/events/{story.slug}/reports/participants.xlsx").data))
    [row] = [r for r in book.worksheets[0].iter_rows(values_only=True) if "Nowak" in str(r[1])]
    assert row[1].startswith("Kot") and row[2] == "Ala Ma" and row[4].endswith("Łąka")


def test_the_exports_follow_the_english_page(app, organiser, story):
    text = organiser.get(f"/events/{story.slug}/reports/participants.csv?lang=en").data.decode("utf-8-sig")
    headings = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert headings[:3] == ["No.", "Surname", "First name"]
    assert f"Attended {story.event.days[0].isoformat()}" in headings
    with app.app_context():
        assert attendance_summary(db.session.merge(story.event)).registered == 10
