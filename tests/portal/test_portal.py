"""The speaker portal: profile, own sessions, materials, deadline, approval by the organiser."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    ChangeRecord,
    Event,
    ItemProposal,
    Material,
    MaterialKind,
    ProposalStatus,
    Speaker,
    utcnow,
)
from eventapp.portal import services
from tests.conftest import login
from tests.portal.helpers import build_world, pdf_bytes, png_bytes


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


@pytest.fixture
def world(app):
    with app.app_context():
        return build_world()


@pytest.fixture
def halina(client, world):
    login(client, "halina@example.org")
    return client


def rules(app, world, deadline=None, approval=False):
    with app.app_context():
        services.set_speaker_rules(db.session.get(Event, world.event_id), deadline, approval)


def agenda(client) -> str:
    return client.get("/events/forum/agenda").get_data(as_text=True)


def test_the_portal_lists_own_sessions_with_co_speakers_rooms_and_the_calendar(app, halina, world):
    page = halina.get("/portal/?lang=en").get_data(as_text=True)
    assert "Panel o finansowaniu" in page and "Wykład otwierający" in page and "Gdzie indziej" in page
    assert "Warsztat Jana" not in page
    assert "Jan Panelista (Moderator)" in page and "Sala Lustrzana" in page
    with app.app_context():
        token = db.session.get(Speaker, world.halina_id).calendar_token
    assert f"webcal://localhost/calendar/speaker/{token}.ics" in page
    assert f'href="/portal/items/{world.halina_item_id}"' in page
    # The header offers the portal to speakers.
    assert 'href="/portal/"' in halina.get("/").get_data(as_text=True)


def test_editing_the_abstract_shows_at_once_on_the_agenda_and_in_the_history(app, halina, world):
    with app.app_context():
        before = db.session.get(AgendaItem, world.halina_item_id).sequence
    response = halina.post(f"/portal/items/{world.halina_item_id}",
                           data={"title": "Wykład otwierający", "abstract": "Nowy abstrakt o spółdzielniach"})
    assert response.status_code == 302
    assert "Nowy abstrakt o spółdzielniach" in agenda(halina)
    with app.app_context():
        item = db.session.get(AgendaItem, world.halina_item_id)
        assert item.sequence == before + 1
        entry = db.session.scalar(sa.select(ChangeRecord).where(ChangeRecord.action == "item.updated"))
        assert entry.item_id == item.id and entry.speaker_id == world.halina_id
        assert entry.account_id == db.session.get(Speaker, world.halina_id).account_id
        assert entry.changes == {"abstract": ["Stary abstrakt", "Nowy abstrakt o spółdzielniach"]}


def test_an_empty_title_is_refused_and_keeps_what_was_typed(app, halina, world):
    page = halina.post(f"/portal/items/{world.halina_item_id}?lang=en",
                       data={"title": "", "abstract": "Wpisany tekst"}).get_data(as_text=True)
    assert "Please enter a title." in page and "Wpisany tekst" in page
    with app.app_context():
        assert db.session.get(AgendaItem, world.halina_item_id).abstract == "Stary abstrakt"


def test_profile_with_photo_is_saved_resized_and_shown_publicly(app, halina, world):
    response = halina.post("/portal/profile", content_type="multipart/form-data", data={
        "name": "prof. Halina Wykładowska", "organisation": "Uniwersytet Zielonogórski",
        "position": "Kierowniczka katedry", "bio": "Bada ekonomię społeczną.",
        "photo": (BytesIO(png_bytes()), "portret.png"),
    })
    assert response.status_code == 302
    with app.app_context():
        speaker = db.session.get(Speaker, world.halina_id)
        assert speaker.name == "prof. Halina Wykładowska" and speaker.photo_path.startswith("speakers/")
        with Image.open(Path(app.config["UPLOAD_FOLDER"]) / speaker.photo_path) as photo:
            assert max(photo.size) == 800
        records = db.session.scalars(sa.select(ChangeRecord).where(ChangeRecord.action == "speaker.updated")).all()
        assert {r.event_id for r in records} == {world.event_id, db.session.scalar(
            sa.select(Event.id).where(Event.slug == "inne"))}
        photo_path = speaker.photo_path
        panel_sequence = db.session.get(AgendaItem, world.panel_id).sequence
    assert panel_sequence >= 1  # the name is on the panel's calendar entry
    assert "prof. Halina Wykładowska" in agenda(halina)
    page = halina.get(f"/events/forum/speakers/{world.halina_id}").get_data(as_text=True)
    assert f'src="/files/{photo_path}"' in page
    photo_response = halina.get(f"/files/{photo_path}")
    photo_response.close()
    assert photo_response.status_code == 200


def test_a_bad_photo_changes_nothing_and_keeps_the_typed_profile(app, halina, world):
    page = halina.post("/portal/profile?lang=en", content_type="multipart/form-data", data={
        "name": "Zmienione Imię", "organisation": "", "position": "", "bio": "",
        "photo": (BytesIO(pdf_bytes()), "portret.jpg"),
    }).get_data(as_text=True)
    assert "does not match its name" in page and 'value="Zmienione Imię"' in page
    with app.app_context():
        speaker = db.session.get(Speaker, world.halina_id)
        assert speaker.name == "dr Halina Wykładowska" and speaker.photo_path is None
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(ChangeRecord))


def test_links_and_pdfs_are_added_shown_on_the_agenda_downloaded_and_removed(app, halina, world):
    url = f"/portal/items/{world.halina_item_id}"
    refused = halina.post(f"{url}/links?lang=en", data={"link-title": "Zły", "link-url": "javascript:alert(1)"})
    assert "full web address" in refused.get_data(as_text=True)
    assert halina.post(f"{url}/links", data={"link-title": "Nagranie", "link-url": "https://example.org/v"}).status_code == 302
    wrong = halina.post(f"{url}/files?lang=en", content_type="multipart/form-data",
                        data={"file-title": "Slajdy", "file-file": (BytesIO(png_bytes((10, 10))), "slajdy.pdf")})
    assert "it is not a PDF" in wrong.get_data(as_text=True)
    assert halina.post(f"{url}/files", content_type="multipart/form-data",
                       data={"file-title": "Slajdy", "file-file": (BytesIO(pdf_bytes()), "slajdy.pdf")}).status_code == 302
    with app.app_context():
        materials = db.session.scalars(sa.select(Material).order_by(Material.id)).all()
        assert [(m.kind, m.title) for m in materials] == [(MaterialKind.LINK, "Nagranie"), (MaterialKind.FILE, "Slajdy")]
        pdf = materials[1]
        pdf_path, pdf_id = pdf.file_path, pdf.id
        assert pdf.size_bytes == len(pdf_bytes()) and pdf.original_filename == "slajdy.pdf"
    page = agenda(halina)
    assert 'href="https://example.org/v"' in page and f'href="/files/{pdf_path}"' in page
    download = halina.get(f"/files/{pdf_path}")
    body = download.get_data()
    download.close()
    assert download.headers["Content-Disposition"] == "attachment; filename=slajdy.pdf" and body.startswith(b"%PDF-")
    assert halina.post(f"{url}/materials/{pdf_id}/remove").status_code == 302
    assert not (Path(app.config["UPLOAD_FOLDER"]) / pdf_path).exists()
    assert f"/files/{pdf_path}" not in agenda(halina)


def test_after_the_deadline_the_item_is_read_only_with_a_clear_message(app, halina, world):
    rules(app, world, deadline=utcnow() - timedelta(minutes=1))
    page = halina.get(f"/portal/items/{world.halina_item_id}?lang=en").get_data(as_text=True)
    assert "Changes are closed for this session" in page
    assert 'name="abstract"' not in page and "Stary abstrakt" in page
    with app.app_context():
        assert db.session.get(Event, world.event_id).speaker_edit_deadline is not None
        assert db.session.scalar(sa.select(ChangeRecord.action)) == "event.speaker_rules"


def test_before_the_deadline_the_item_is_open_and_says_until_when(app, halina, world):
    rules(app, world, deadline=utcnow() + timedelta(days=3))
    page = halina.get(f"/portal/items/{world.halina_item_id}?lang=en").get_data(as_text=True)
    assert "You can change this session until" in page and 'name="abstract"' in page


def test_set_speaker_rules_wants_an_aware_deadline(ctx):
    from datetime import datetime

    from tests.factories import make_event

    event = make_event()
    with pytest.raises(ValueError):
        services.set_speaker_rules(event, datetime(2030, 1, 1, 12), False)  # noqa: DTZ001


def test_with_approval_a_change_waits_then_the_organiser_accepts_and_the_speaker_is_told(
        app, client, world, smtp_server):
    rules(app, world, approval=True)
    login(client, "halina@example.org")
    client.post(f"/portal/items/{world.halina_item_id}", data={"title": "Nowy tytuł", "abstract": "Stary abstrakt"})
    assert "Nowy tytuł" not in agenda(client)
    assert "1 zmiana czeka" in client.get(f"/portal/items/{world.halina_item_id}").get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "org@example.org")
    page = client.get("/portal/events/forum/proposals").get_data(as_text=True)
    assert "Nowy tytuł" in page and "dr Halina Wykładowska" in page
    with app.app_context():
        proposal_id = db.session.scalar(sa.select(ItemProposal.id))
    response = client.post(f"/portal/events/forum/proposals/{proposal_id}/accept")
    assert response.status_code == 302
    assert "Nowy tytuł" in agenda(client)
    with app.app_context():
        proposal = db.session.get(ItemProposal, proposal_id)
        assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by_id is not None
        actions = db.session.scalars(sa.select(ChangeRecord.action).order_by(ChangeRecord.id)).all()
        assert actions == ["event.speaker_rules", "proposal.created", "proposal.accepted"]
    [message] = smtp_server.messages
    assert message["To"] == "halina@example.org"
    assert message["Subject"] == "Organizator zaakceptował Twoją zmianę: Nowy tytuł"
    assert f"http://localhost/portal/items/{world.halina_item_id}" in message.get_body(("plain",)).get_content()
    # A second decision on the same proposal is refused.
    client.post(f"/portal/events/forum/proposals/{proposal_id}/reject")
    with app.app_context():
        assert db.session.get(ItemProposal, proposal_id).status == ProposalStatus.ACCEPTED
    assert len(smtp_server.messages) == 1


def test_a_rejected_pdf_proposal_leaves_the_item_alone_and_removes_the_file(app, client, world, smtp_server):
    rules(app, world, approval=True)
    login(client, "halina@example.org")
    client.post(f"/portal/items/{world.halina_item_id}/files", content_type="multipart/form-data",
                data={"file-title": "Slajdy", "file-file": (BytesIO(pdf_bytes()), "slajdy.pdf")})
    with app.app_context():
        proposal = db.session.scalar(sa.select(ItemProposal))
        stored = Path(app.config["UPLOAD_FOLDER"]) / proposal.changes["add_material"]["file_path"]
        assert stored.exists()
        organiser = db.session.scalar(sa.select(services.Account).where(services.Account.email == "org@example.org"))
        assert [p.id for p in services.pending_proposals(db.session.get(Event, world.event_id))] == [proposal.id]
        services.reject_proposal(proposal, organiser)
        assert not stored.exists()
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(Material))
    [message] = smtp_server.messages
    assert message["Subject"] == "Organizator nie zaakceptował Twojej zmiany: Wykład otwierający"


def test_an_accepted_pdf_proposal_downloads_under_the_uploaded_name(app, client, world):
    rules(app, world, approval=True)
    login(client, "halina@example.org")
    client.post(f"/portal/items/{world.halina_item_id}/files", content_type="multipart/form-data",
                data={"file-title": "Slajdy",
                      "file-file": (BytesIO(pdf_bytes()), "Ekonomia społeczna – wprowadzenie.pdf")})
    with app.app_context():
        proposal = db.session.scalar(sa.select(ItemProposal))
        organiser = db.session.scalar(sa.select(services.Account).where(services.Account.email == "org@example.org"))
        services.accept_proposal(proposal, organiser)
        material = db.session.scalar(sa.select(Material))
        assert material.original_filename == "Ekonomia społeczna – wprowadzenie.pdf"
        path = material.file_path
    download = client.get(f"/files/{path}")
    download.close()
    assert ("filename*=UTF-8''Ekonomia%20spo%C5%82eczna%20%E2%80%93%20wprowadzenie.pdf"
            in download.headers["Content-Disposition"])


def test_a_speaker_signing_in_lands_in_the_portal_and_an_organiser_in_the_back_office(app, client, world):
    assert login(client, "halina@example.org").headers["Location"] == "/portal/"
    client.post("/auth/logout")
    assert login(client, "org@example.org").headers["Location"] == "/manage/"
    assert login(client, "org@example.org").status_code == 302
    assert client.get("/portal/").status_code == 403


def test_the_demo_speaker_lands_in_her_portal_with_her_sessions(app, runner, client):
    runner.invoke(args=["demo"])
    password = app.config["DEMO_PASSWORD"]
    response = login(client, "prelegentka@demo.eventapp.pl", password)
    assert response.headers["Location"] == "/portal/"
    page = client.get("/portal/?lang=en").get_data(as_text=True)
    assert "dr Halina Wykładowska" in page and "You can change your sessions until" in page
    assert page.count('class="portal-session"') >= 3
