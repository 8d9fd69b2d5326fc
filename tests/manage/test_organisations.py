"""Organisations behind the event (with logos) and the funding note."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, EventOrganisation, OrganisationPart
from tests.conftest import login
from tests.manage.conftest import row_counts, snapshot


def _png(width=1200, height=600) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 170)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _add(client, name, part, **extra):
    data = {"name": name, "part": part, "url": "https://example.org"}
    data.update(extra)
    return client.post("/manage/events/forum/organisations?lang=en", data=data,
                       content_type="multipart/form-data")


def test_organisations_with_logos_in_every_part_appear_on_the_event_page(app, as_organiser, world):
    client = as_organiser
    assert _add(client, "Stowarzyszenie Gmin", "organiser", logo=(_png(), "logo.png")).status_code == 302
    for name, part in (("Fundacja Współpracy", "co_organiser"), ("Bank Spółdzielczy", "partner"),
                       ("Urząd Marszałkowski", "funder"), ("Radio Regionalne", "media_patron")):
        assert _add(client, name, part).status_code == 302
    with app.app_context():
        organisations = db.session.scalars(select(EventOrganisation).order_by(EventOrganisation.position)).all()
        assert [o.part for o in organisations] == list(OrganisationPart)
        logo = organisations[0].logo_path
        assert logo.startswith("logos/")
        stored = Path(app.config["UPLOAD_FOLDER"]) / logo
        with Image.open(stored) as image:
            assert max(image.size) <= 400
    page = client.get("/events/forum/").get_data(as_text=True)
    assert f"/files/{logo}" in page and "Radio Regionalne" in page
    response = client.get(f"/files/{logo}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    response.close()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_written(app, as_organiser, world):
    before = row_counts(app)
    response = _add(as_organiser, "Udawane Logo", "partner", logo=(io.BytesIO(b"<script>alert(1)</script>"), "logo.png"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "image could not be read" in page or "JPEG, PNG or WebP" in page
    assert 'value="Udawane Logo"' in page
    response = _add(as_organiser, "Zły Typ", "partner", logo=(io.BytesIO(b"%PDF-1.4"), "logo.pdf"))
    assert "JPEG, PNG or WebP" in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_an_organisation_is_edited_reordered_its_logo_replaced_and_removed(app, as_organiser, world):
    client = as_organiser
    _add(client, "Pierwsza", "partner", logo=(_png(), "a.png"))
    _add(client, "Druga", "partner")
    with app.app_context():
        first, second = db.session.scalars(select(EventOrganisation).order_by(EventOrganisation.position)).all()
        first_id, second_id, old_logo = first.id, second.id, first.logo_path
    client.post(f"/manage/events/forum/organisations/{second_id}/move", data={"direction": "up"})
    response = client.post(f"/manage/events/forum/organisations/{first_id}", content_type="multipart/form-data",
                           data={"name": "Pierwsza Fundacja", "part": "funder", "url": "",
                                 "logo": (_png(300, 300), "b.png")})
    assert response.status_code == 302
    with app.app_context():
        ordered = db.session.scalars(select(EventOrganisation).order_by(EventOrganisation.position)).all()
        assert [o.id for o in ordered] == [second_id, first_id]
        edited = db.session.get(EventOrganisation, first_id)
        assert (edited.name, edited.part, edited.url) == ("Pierwsza Fundacja", OrganisationPart.FUNDER, None)
        assert edited.logo_path != old_logo
    assert not (Path(app.config["UPLOAD_FOLDER"]) / old_logo).exists()
    client.post(f"/manage/events/forum/organisations/{first_id}/remove")
    with app.app_context():
        assert db.session.scalars(select(EventOrganisation.id)).all() == [second_id]


def test_the_funding_note_is_required_for_eu_funding(app, as_organiser, world):
    client = as_organiser
    before = snapshot(app, Event, world.event_id)
    response = client.post("/manage/events/forum/funding?lang=en", data={"funding-eu_funded": "y",
                                                                         "funding-funding_note": " "})
    assert response.status_code == 422 and "funding note" in response.get_data(as_text=True)
    assert snapshot(app, Event, world.event_id) == before
    client.post("/manage/events/forum/funding", data={"funding-eu_funded": "y",
                                                      "funding-funding_note": "Projekt współfinansowany przez UE"})
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        assert event.eu_funded and event.funding_note == "Projekt współfinansowany przez UE"
    assert "Projekt współfinansowany przez UE" in client.get("/events/forum/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, who):
    login(client, world.accounts["organiser"])
    _add(client, "Nasza", "partner")
    client.post("/auth/logout")
    with app.app_context():
        org_id = db.session.scalar(select(EventOrganisation.id))
    login(client, world.accounts[who])
    before = row_counts(app), snapshot(app, EventOrganisation, org_id), snapshot(app, Event, world.event_id)
    base = "/manage/events/forum"
    assert client.get(f"{base}/organisations").status_code == 403
    assert client.get(f"{base}/organisations/{org_id}").status_code == 403
    for url, data in ((f"{base}/organisations", {"name": "Obca", "part": "partner"}),
                      (f"{base}/organisations/{org_id}", {"name": "Przejęta", "part": "funder"}),
                      (f"{base}/organisations/{org_id}/move", {"direction": "down"}), (f"{base}/organisations/{org_id}/remove", {}),
                      (f"{base}/funding", {"funding-funding_note": "Obca"})):
        assert client.post(url, data=data).status_code == 403, url
    after = row_counts(app), snapshot(app, EventOrganisation, org_id), snapshot(app, Event, world.event_id)
    assert after == before
