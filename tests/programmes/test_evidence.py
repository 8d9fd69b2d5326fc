"""The evidence ZIP (its manifest's hashes recomputed) and the archive hold on anonymisation."""

import csv
import hashlib
import io
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Event, EventRoleKind, EvidenceScan, ProgrammeEvent, Registration
from eventapp.privacy.services import anonymise_finished_events
from tests.conftest import login
from tests.factories import local, make_account, make_event, make_item, make_registration
from tests.privacy.test_privacy import _past_event
from tests.programmes.helpers import attend, make_programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n9\n%%EOF\n"


@pytest.fixture
def evidence_world(app):
    with app.app_context():
        event = make_event(slug="forum", start_date=date(2026, 6, 1), end_date=date(2026, 6, 2))
        workshop = make_item(event, local(date(2026, 6, 1), 13), 90, title="Warsztat: media społecznościowe",
                             requires_signup=True, seat_limit=10)
        for n in range(3):
            reg = make_registration(event, email=f"p{n}@example.org", last_name=f"Źródło{n}")
            attend(event, reg, date(2026, 6, 1))
        attend(event, reg, date(2026, 6, 1), item=workshop)
        attend(event, reg, date(2026, 6, 2), undone=True)
        make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        make_account("staff@example.org", event=event, role=EventRoleKind.STAFF)
        make_account("obcy@example.org")
        db.session.commit()
    return app


def test_staff_upload_scans_and_the_zip_holds_everything_with_true_hashes(evidence_world, client):
    login(client, "staff@example.org")
    response = client.post("/manage/events/forum/evidence/", data={"scan": (io.BytesIO(PDF), "lista-dzien-1.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    # Staff may not download the ZIP (personal data of everyone): organisers only.
    assert client.get("/manage/events/forum/evidence.zip").status_code == 403
    client.post("/auth/logout")
    login(client, "org@example.org")
    response = client.get("/manage/events/forum/evidence.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"attendance-lists/day-2026-06-01.pdf", "attendance-lists/day-2026-06-02.pdf", "checkin-log.csv",
            "consents.txt", "summary.xlsx", "MANIFEST.csv"} <= names
    assert any(n.startswith("attendance-lists/item-") for n in names)
    [scan] = [n for n in names if n.startswith("signed-scans/")]
    assert archive.read(scan) == PDF
    rows = list(csv.DictReader(io.StringIO(archive.read("MANIFEST.csv").decode())))
    assert {r["file"] for r in rows} == names - {"MANIFEST.csv"}
    for row in rows:
        content = archive.read(row["file"])
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        assert len(content) == int(row["bytes"])
    log = list(csv.DictReader(io.StringIO(archive.read("checkin-log.csv").decode("utf-8-sig"))))
    assert len(log) == 5 and sum(1 for r in log if r["undone_at_local"]) == 1
    assert log[0]["scanned_at_local"].endswith("+02:00")


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(evidence_world, client):
    login(client, "staff@example.org")
    response = client.post("/manage/events/forum/evidence/", data={"scan": (io.BytesIO(b"hello"), "lista.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "field-error" in response.get_data(as_text=True)
    with evidence_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EvidenceScan)) == 0


def test_people_without_a_role_at_the_event_are_refused(evidence_world, client):
    login(client, "obcy@example.org")
    assert client.get("/manage/events/forum/evidence/").status_code == 403
    assert client.get("/manage/events/forum/evidence.zip").status_code == 403
    assert client.post("/manage/events/forum/evidence/", data={"scan": (io.BytesIO(PDF), "a.pdf")},
                       content_type="multipart/form-data").status_code == 403


def test_anonymisation_leaves_a_programme_event_alone_until_its_archive_date(ctx):
    held = _past_event(200, "archiwum")
    free = _past_event(200, "bez-programu")
    make_programme(events=[held], archive_until=date.today() + timedelta(days=365 * 5))
    db.session.commit()
    messages = []
    assert anonymise_finished_events(90, progress=messages.append) == 9
    assert any("archiwum: kept until" in m for m in messages)
    assert db.session.scalar(sa.select(sa.func.count()).where(
        Registration.event_id == held.id, Registration.anonymised_at.is_(None))) == 9
    assert db.session.scalar(sa.select(sa.func.count()).where(
        Registration.event_id == free.id, Registration.anonymised_at.is_(None))) == 0


def test_an_event_may_override_the_programme_archive_date(ctx):
    event = _past_event(200, "wczesniej")
    make_programme(events=[event], archive_until=date.today() + timedelta(days=365))
    db.session.get(ProgrammeEvent, event.id).archive_until = date.today() - timedelta(days=1)
    db.session.commit()
    assert anonymise_finished_events(90) == 9


def test_the_anonymise_command_says_why_an_event_is_kept(app, runner):
    with app.app_context():
        event = _past_event(400, "projekt-efs")
        make_programme(events=[event], archive_until=date(2035, 12, 31))
        db.session.commit()
    result = runner.invoke(args=["anonymise", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "projekt-efs: kept until 2035-12-31 (programme archive)" in result.output
    assert "0 registrations anonymised." in result.output




def test_a_manager_sets_an_events_own_archive_date(app, client):
    with app.app_context():
        event = make_event(slug="forum-efs")
        manager = make_account("kierownik@example.org")
        make_programme(events=[event], managers=[manager], archive_until=date(2033, 12, 31))
        db.session.commit()
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/").get_data(as_text=True)
    assert 'name="archive_until"' in page
    response = client.post("/manage/programmes/program-csr/events/forum-efs/archive",
                           data={"archive_until": "2030-06-30"})
    assert response.status_code == 302
    with app.app_context():
        from eventapp.programmes.evidence import archive_holds
        event = db.session.scalar(sa.select(Event).where(Event.slug == "forum-efs"))
        assert archive_holds([event]) == {event.id: date(2030, 6, 30)}
    assert 'value="2030-06-30"' in client.get("/manage/programmes/program-csr/").get_data(as_text=True)
