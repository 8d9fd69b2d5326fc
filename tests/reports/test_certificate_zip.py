"""All certificates as one ZIP, built in the background with its progress in the database."""

import io
import time
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import utcnow
from eventapp.models.reports import BatchStatus, CertificateBatch
from tests.conftest import login
from tests.reports.helpers import EXPECTED, build_story, detached, with_accounts
from tests.tools import find, run

ATTENDEE_FILES = sorted([
    "Lukasiewicz-Anna", "Lis-Bartosz", "Sliwa-Dariusz", "Zdzblo-Ewa", "Zak-Filip", "Lewandowska-Grazyna",
    "Kowalski-Jan",
])


def _story(app, **kwargs):
    with app.app_context():
        return detached(with_accounts(build_story(**kwargs)))


def _batches(app):
    with app.app_context():
        return list(db.session.scalars(sa.select(CertificateBatch).order_by(CertificateBatch.id)))


def _zip(client, url):
    response = client.get(url)
    data = response.get_data()
    response.close()
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "thread"}


def test_building_in_the_background_shows_progress_then_the_zip(app, client, tmp_path):
    story = _story(app)
    login(client, story.accounts["organiser"])
    started = client.post(f"/events/{story.slug}/reports/certificates/")
    assert started.status_code == 302
    [batch] = _batches(app)
    assert started.location.endswith(f"/reports/certificates/?batch={batch.id}")
    status_url = f"/events/{story.slug}/reports/certificates/{batch.id}.json"
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(status_url).get_json()
        seen.append(state["status"])
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert state["status"] == "done", seen
    assert state["done"] == state["total"] == len(EXPECTED["attendees"]) and state["percent"] == 100
    archive = _zip(client, state["download_url"])
    names = archive.namelist()
    assert sorted(n.rsplit("-", 1)[0] for n in names) == ATTENDEE_FILES
    assert all(n.isascii() and n.endswith(".pdf") for n in names)
    page = client.get(f"/events/{story.slug}/reports/certificates/").get_data(as_text=True)
    assert 'id="batch-progress"' in page and "reports-progress.js" in page and "Pobierz plik ZIP" in page
    if find("pdftotext"):  # the ZIP is the point here; reading a certificate back is a bonus
        ewa = next(n for n in names if n.startswith("Zdzblo-Ewa"))
        path = tmp_path / "ewa.pdf"
        path.write_bytes(archive.read(ewa))
        text = run("pdftotext", str(path), "-", capture_output=True, text=True, check=True).stdout
        assert "Ewa Źdźbło" in text and "ZAŚWIADCZENIE O UCZESTNICTWIE" in text
    archive.close()


def test_progress_lives_in_the_database_so_another_process_can_build_and_report(make_app, tmp_path):
    folder = str(tmp_path / "shared-reports")
    web = make_app(REPORTS_FOLDER=folder, REPORTS_JOBS="worker")
    with web.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
    story = _story(web)
    client = web.test_client()
    login(client, story.accounts["organiser"])
    client.post(f"/events/{story.slug}/reports/certificates/")
    [batch] = _batches(web)
    status_url = f"/events/{story.slug}/reports/certificates/{batch.id}.json"
    assert client.get(status_url).get_json() == {"id": batch.id, "status": "queued", "done": 0,
                                                 "total": 7, "percent": 0}
    # A second click while it waits does not queue a second build.
    client.post(f"/events/{story.slug}/reports/certificates/")
    assert len(_batches(web)) == 1
    worker = make_app(REPORTS_FOLDER=folder, REPORTS_JOBS="worker")
    result = worker.test_cli_runner().invoke(args=["reports", "build-certificates"])
    assert result.exit_code == 0, result.output
    assert f"batch {batch.id}: done" in result.output
    state = client.get(status_url).get_json()
    assert state["status"] == "done" and state["done"] == 7
    with _zip(client, state["download_url"]) as archive:
        assert len(archive.namelist()) == 7


def test_an_interrupted_build_is_reported_and_can_be_started_again(app, client):
    story = _story(app)
    with app.app_context():
        stuck = CertificateBatch(event_id=story.event.id, status=BatchStatus.RUNNING, total=7, done=3,
                                 created_at=utcnow() - timedelta(minutes=10),
                                 heartbeat_at=utcnow() - timedelta(minutes=5))
        db.session.add(stuck)
        db.session.commit()
        stuck_id = stuck.id
    login(client, story.accounts["organiser"])
    state = client.get(f"/events/{story.slug}/reports/certificates/{stuck_id}.json").get_json()
    assert state["status"] == "failed" and state["done"] == 3
    assert "Przygotowanie zostało przerwane" in client.get(f"/events/{story.slug}/reports/certificates/").get_data(as_text=True)
    client.post(f"/events/{story.slug}/reports/certificates/")
    old, new = _batches(app)
    assert old.status == BatchStatus.FAILED and old.error == "interrupted"
    assert new.id != stuck_id and new.status in (BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.DONE)
    for _ in range(600):
        if _batches(app)[-1].status == BatchStatus.DONE:
            break
        time.sleep(0.05)
    assert _batches(app)[-1].status == BatchStatus.DONE


def test_a_new_build_removes_the_previous_zip(app, client, tmp_path):
    app.config["REPORTS_JOBS"] = "inline"
    story = _story(app)
    login(client, story.accounts["organiser"])
    client.post(f"/events/{story.slug}/reports/certificates/")
    client.post(f"/events/{story.slug}/reports/certificates/")
    first, second = _batches(app)
    assert first.file_name is None and second.file_name
    assert [p.name for p in (tmp_path / "reports").iterdir()] == [second.file_name]
    response = client.get(f"/events/{story.slug}/reports/certificates/{first.id}.zip")
    assert response.status_code == 404


def test_no_zip_before_the_event_is_over(app, client):
    story = _story(app, slug="jutrzejsze", start=date.today() + timedelta(days=3))
    login(client, story.accounts["organiser"])
    response = client.post(f"/events/{story.slug}/reports/certificates/", follow_redirects=True)
    assert "Zaświadczenia można wystawić po zakończeniu wydarzenia." in response.get_data(as_text=True)
    assert _batches(app) == []
