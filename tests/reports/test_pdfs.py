"""Attendance lists and certificates render (pdftoppm) with the expected pages and text (pdftotext)."""

import re
from datetime import date, timedelta

import pytest

from eventapp.extensions import db
from eventapp.reports.attendance_list import BLANK_ROWS, attendance_list_pdf, day_heading
from eventapp.reports.services import day_list
from tests.conftest import login
from tests.factories import make_registration
from tests.reports.helpers import (
    EXPECTED,
    FUNDING_NOTE,
    build_story,
    detached,
    pdf_page_count,
    pdftotext,
    with_accounts,
)
from tests.tools import needs

pytestmark = needs("pdftotext", "pdftoppm")


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


@pytest.fixture
def story(app):
    with app.app_context():
        story = detached(with_accounts(build_story()))
    story.tokens = {key: r.manage_token for key, r in story.people.items()}
    return story


def _save(tmp_path, response, name):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    path = tmp_path / name
    path.write_bytes(response.data)
    return path


def _names_in_order(text: str, names: list[str]) -> list[str]:
    found = sorted((text.index(n), n) for n in names if n in text)
    return [n for _, n in found]


def test_day_list_is_in_polish_order_with_the_heading_and_blank_rows(app, client, story, tmp_path):
    login(client, story.accounts["organiser"])
    day = story.event.days[0]
    path = _save(tmp_path, client.get(f"/events/{story.slug}/reports/attendance-list/{day.isoformat()}.pdf"), "d1.pdf")
    assert pdf_page_count(path, tmp_path) == 1
    text = pdftotext(path)
    everyone = EXPECTED["day_2_list"] + EXPECTED["day_1_list"] + ["Lato Irena", "Sowa Henryk"]
    assert _names_in_order(text, sorted(set(everyone))) == EXPECTED["day_1_list"]
    for expected in ("LISTA OBECNOŚCI", "Forum Ekonomii Społecznej — Łódź", "wtorek, 12 maja 2026",
                     "Centrum Konferencyjne „Żuraw”, ul. Świętojańska 5, Łódź",
                     "Ośrodek Wsparcia Ekonomii Społecznej Jura", "Nazwisko i imię", "Instytucja", "Podpis",
                     "Strona 1 z 1", "Fundacja Łąka", "Spółdzielnia Socjalna Źródło"):
        assert expected in text, expected
    assert " ".join(FUNDING_NOTE.split()[:6]) in " ".join(text.split())
    # Numbered rows: the people, then empty rows for those not on the list.
    last = len(EXPECTED["day_1_list"]) + BLANK_ROWS
    assert re.search(rf"\b{last}\.", text) and not re.search(rf"\b{last + 1}\.", text)


def test_workshop_list_has_seats_and_those_who_came(app, client, story, tmp_path):
    login(client, story.accounts["organiser"])
    response = client.get(f"/events/{story.slug}/reports/attendance-list/item-{story.workshop.id}.pdf?lang=en")
    text = pdftotext(_save(tmp_path, response, "w.pdf"))
    names = ["Lis Bartosz", "Łukasiewicz Anna", "Żak Filip", "Źdźbło Ewa", "Zając Celina"]
    assert _names_in_order(text, names) == EXPECTED["workshop_list"]
    assert "ATTENDANCE LIST" in text and "Warsztat: źródła finansowania" in text and "10:00–12:00" in text
    assert "Wednesday, 13 May 2026" in text  # day before month, as on the English pages


def test_a_long_list_breaks_into_numbered_pages_with_everyone_once(ctx, tmp_path):
    story = build_story(slug="duze")
    for n in range(130):
        make_registration(story.event, first_name="Łucja", last_name=f"Ślusarczyk-{n:03d}")
    db.session.commit()
    people = day_list(story.event, story.event.days[0])
    with ctx.test_request_context("/"):
        content, pages = attendance_list_pdf(story.event, day_heading(story.event, story.event.days[0], "pl"), people)
    path = tmp_path / "long.pdf"
    path.write_bytes(content)
    assert pdf_page_count(path, tmp_path) == pages >= 5
    page_texts = pdftotext(path).split("\f")[:pages]
    for number, text in enumerate(page_texts, start=1):
        assert f"Strona {number} z {pages}" in text
        assert "LISTA OBECNOŚCI" in text and "Podpis" in text  # the heading repeats on every page
    everything = "\n".join(page_texts)
    for n in range(130):
        assert everything.count(f"Ślusarczyk-{n:03d} Łucja") == 1
    assert f"{len(people) + BLANK_ROWS}." in page_texts[-1]


def test_a_day_outside_the_event_or_another_events_item_is_not_found(app, client, story):
    login(client, story.accounts["organiser"])
    outside = (story.event.end_date + timedelta(days=1)).isoformat()
    assert client.get(f"/events/{story.slug}/reports/attendance-list/{outside}.pdf").status_code == 404
    assert client.get(f"/events/{story.slug}/reports/attendance-list/jutro.pdf").status_code == 404
    with app.app_context():
        other = build_story(slug="obce")
        other_item = other.workshop.id
    assert client.get(f"/events/{story.slug}/reports/attendance-list/item-{other_item}.pdf").status_code == 404


def test_participant_downloads_their_certificate_in_their_language(app, client, story, tmp_path):
    url = f"/events/{story.slug}/r/{story.tokens['anna']}/certificate.pdf"
    response = client.get(url)
    assert response.headers["Cache-Control"] == "private, no-store"
    path = _save(tmp_path, response, "anna.pdf")
    assert pdf_page_count(path, tmp_path) == 1
    text = " ".join(pdftotext(path).split())
    for expected in ("ZAŚWIADCZENIE O UCZESTNICTWIE", "Zaświadcza się, że", "Anna Łukasiewicz", "Fundacja Łąka",
                     "brał(a) udział w wydarzeniu", "„Forum Ekonomii Społecznej — Łódź”",
                     "Dni obecności: 12 maja 2026, 13 maja 2026, 14 maja 2026",
                     "Zajęcia z potwierdzoną obecnością:", "Warsztat: źródła finansowania",
                     "Ośrodek Wsparcia Ekonomii Społecznej Jura", "Nr zaświadczenia: FORUM-EKONOMII/"):
        assert expected in text, expected
    english = " ".join(pdftotext(_save(tmp_path, client.get(
        f"/events/{story.slug}/r/{story.tokens['jan']}/certificate.pdf"), "jan.pdf")).split())
    assert "CERTIFICATE OF ATTENDANCE" in english and "Jan Kowalski" in english
    assert "Days attended: 12 May 2026, 14 May 2026" in english
    # Day 1 of Bartosz counts; his undone day 2 does not.
    bartosz = " ".join(pdftotext(_save(tmp_path, client.get(
        f"/events/{story.slug}/r/{story.tokens['bartosz']}/certificate.pdf"), "b.pdf")).split())
    assert "Dzień obecności: 12 maja 2026" in bartosz and "13 maja" not in bartosz
    # Cancelled after checking in: she was there, she gets it (the same rule as the summary).
    assert client.get(f"/events/{story.slug}/r/{story.tokens['ewa']}/certificate.pdf").status_code == 200


def test_no_certificate_without_attendance_or_with_a_wrong_link(app, client, story):
    assert client.get(f"/events/{story.slug}/r/{story.tokens['celina']}/certificate.pdf").status_code == 404
    assert client.get(f"/events/{story.slug}/r/{'x' * 32}/certificate.pdf").status_code == 404
    assert client.get(f"/events/{story.slug}/r/short/certificate.pdf").status_code == 404
    with app.app_context():
        other = build_story(slug="drugie")
        other_token = other.people["anna"].manage_token
    # A valid link of another event does not open this event's certificates.
    assert client.get(f"/events/{story.slug}/r/{other_token}/certificate.pdf").status_code == 404
    assert client.get(f"/events/drugie/r/{other_token}/certificate.pdf").status_code == 200


def test_no_certificate_before_the_event_is_over(app, client):
    with app.app_context():
        future = build_story(slug="przyszle", start=date.today() + timedelta(days=20))
        token = future.people["anna"].manage_token
    assert client.get(f"/events/przyszle/r/{token}/certificate.pdf").status_code == 404
