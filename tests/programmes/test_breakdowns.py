"""The programme report's unique people by county, gender and age band, from the ESF+ answers."""

import io

from openpyxl import load_workbook

from eventapp.programmes.report import build_report
from tests.conftest import login
from tests.programmes.helpers import event_series, make_programme
from tests.programmes.monitoring import monitored_programme


def _tables(report):
    return {b.key: (b.rows, b.declined, b.not_given) for b in report.breakdowns}


def test_attended_people_by_county_gender_and_age_band(ctx):
    programme = monitored_programme()[0]
    tables = _tables(build_report(programme))
    # ala (at both events) once; darek never came; ewa answered nothing.
    assert tables["county"] == ([("powiat częstochowski, śląskie", 2), ("powiat kłobucki, śląskie", 1)], 0, 1)
    assert tables["gender"] == ([("kobieta", 1), ("mężczyzna", 1)], 1, 1)
    # ala born 1990 (35 on 14 April 2026), celina born 2010 (16), bartek gave 60.
    assert tables["age"] == ([("poniżej 18 lat", 1), ("30–54 lata", 1), ("55 lat i więcej", 1)], 0, 1)


def test_nothing_is_broken_down_when_nothing_was_collected(ctx):
    programme = make_programme(events=event_series(2, 4))
    assert build_report(programme).breakdowns == []


def test_the_report_page_and_xlsx_show_the_breakdowns(app, client):
    with app.app_context():
        monitored_programme()
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/report/", headers={"Accept-Language": "pl"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="table-gender"' in html and "Według płci" in html and "kobieta" in html
    assert 'id="table-county"' in html and "powiat częstochowski, śląskie" in html
    download = client.get("/manage/programmes/program-csr/report.xlsx", headers={"Accept-Language": "pl"})
    book = load_workbook(io.BytesIO(download.data))
    rows = [list(r) for r in book["Według płci"].iter_rows(values_only=True)]
    assert rows == [["Według płci", "Osoby"], ["kobieta", 1], ["mężczyzna", 1], ["Woli nie odpowiadać", 1],
                    ["Nie podano", 1]]
    assert [list(r) for r in book["Według wieku"].iter_rows(values_only=True)][1] == ["poniżej 18 lat", 1]
