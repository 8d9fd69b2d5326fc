"""Every path the portal forbids: refused with 403/404 (or the login page), nothing changed."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest

from eventapp.extensions import db
from eventapp.models import AgendaItem, Event, ItemProposal, Material, MaterialKind, utcnow
from eventapp.portal import services
from tests.conftest import login
from tests.factories import make_account
from tests.portal.helpers import build_world, pdf_bytes, png_bytes, snapshot
from tests.security.test_route_guard import PUBLIC


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        # A material on Jan's item, and a pending proposal of Jan's, for the refusals below.
        db.session.add(Material(item_id=world.jan_item_id, kind=MaterialKind.LINK, title="Jana", url="https://example.org/j"))
        db.session.add(ItemProposal(item_id=world.jan_item_id, speaker_id=world.jan_id, changes={"title": "Jan?"}))
        make_account("staff@example.org")  # an account with no speaker profile
        db.session.commit()
        world.jan_material_id = db.session.scalar(db.select(Material.id))
        world.proposal_id = db.session.scalar(db.select(ItemProposal.id))
        return world


def _uploads(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attempts(world, item_id: int, material_id: int):
    """Every change a speaker can ask for on one item."""
    return [
        ("GET", f"/portal/items/{item_id}", None),
        ("POST", f"/portal/items/{item_id}", {"title": "Przejęte", "abstract": "Przejęte"}),
        ("POST", f"/portal/items/{item_id}/links", {"link-title": "X", "link-url": "https://evil.example"}),
        ("POST", f"/portal/items/{item_id}/files", {"file-title": "X", "file-file": (BytesIO(pdf_bytes()), "x.pdf")}),
        ("POST", f"/portal/items/{item_id}/materials/{material_id}/remove", {}),
    ]


def _assert_refused(app, client, attempts, allowed: set[int]):
    with app.app_context():
        before = snapshot()
    for method, url, data in attempts:
        response = client.open(url, method=method, data=data, content_type="multipart/form-data")
        assert response.status_code in allowed, f"{method} {url} -> {response.status_code}"
        if response.status_code == 302:
            assert "/auth/login" in response.headers["Location"]
    with app.app_context():
        assert snapshot() == before
    assert _uploads(app) == []


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client, world):
    attempts = _attempts(world, world.halina_item_id, world.jan_material_id) + [
        ("GET", "/portal/", None),
        ("GET", "/portal/profile", None),
        ("POST", "/portal/profile", {"name": "Anonim"}),
        ("GET", "/portal/events/forum/proposals", None),
        ("POST", f"/portal/events/forum/proposals/{world.proposal_id}/accept", {}),
        ("POST", f"/portal/events/forum/proposals/{world.proposal_id}/reject", {}),
    ]
    _assert_refused(app, client, attempts, {302})


def test_an_account_without_a_speaker_profile_has_no_portal(app, client, world):
    login(client, "staff@example.org")
    attempts = _attempts(world, world.halina_item_id, world.jan_material_id) + [
        ("GET", "/portal/", None), ("GET", "/portal/profile", None),
        ("POST", "/portal/profile", {"name": "Obcy", "photo": (BytesIO(png_bytes()), "a.png")}),
    ]
    _assert_refused(app, client, attempts, {403})


def test_a_speaker_cannot_touch_another_speakers_item(app, client, world):
    login(client, "halina@example.org")
    attempts = _attempts(world, world.jan_item_id, world.jan_material_id)
    _assert_refused(app, client, attempts, {404})


def test_a_speaker_cannot_remove_another_items_material_through_their_own_item(app, client, world):
    login(client, "halina@example.org")
    _assert_refused(app, client, [
        ("POST", f"/portal/items/{world.halina_item_id}/materials/{world.jan_material_id}/remove", {}),
    ], {404})


def test_a_speaker_can_only_ever_edit_their_own_profile(app, client, world):
    login(client, "halina@example.org")
    assert not any("speaker" in arg for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("portal.") for arg in rule.arguments)
    client.post("/portal/profile", data={"name": "Halina", "speaker_id": str(world.jan_id), "id": str(world.jan_id)})
    with app.app_context():
        from eventapp.models import Speaker

        assert db.session.get(Speaker, world.jan_id).name == "Jan Panelista"
        assert db.session.get(Speaker, world.halina_id).name == "Halina"


@pytest.mark.parametrize("approval", [False, True])
def test_after_the_deadline_every_change_is_refused(app, client, world, approval):
    with app.app_context():
        db.session.add(Material(item_id=world.halina_item_id, kind=MaterialKind.LINK, title="Moje", url="https://example.org/m"))
        db.session.commit()
        own_material = db.session.scalar(db.select(Material.id).where(Material.item_id == world.halina_item_id))
        services.set_speaker_rules(db.session.get(Event, world.event_id), utcnow() - timedelta(seconds=1), approval)
    login(client, "halina@example.org")
    attempts = [a for a in _attempts(world, world.halina_item_id, own_material) if a[0] == "POST"]
    _assert_refused(app, client, attempts, {403})
    with app.app_context():
        with pytest.raises(services.ItemLocked):
            item = db.session.get(AgendaItem, world.halina_item_id)
            services.update_item(item, item.speaker_roles[0].speaker, None, {"abstract": "Po terminie"})
        assert db.session.get(AgendaItem, world.halina_item_id).abstract == "Stary abstrakt"


def test_a_cancelled_item_is_locked_too(app, client, world):
    from eventapp.models import ItemStatus

    with app.app_context():
        db.session.get(AgendaItem, world.halina_item_id).status = ItemStatus.CANCELLED
        db.session.commit()
    login(client, "halina@example.org")
    _assert_refused(app, client, [("POST", f"/portal/items/{world.halina_item_id}",
                                   {"title": "X", "abstract": "Y"})], {403})


def test_a_speaker_cannot_open_registrations_reports_settings_or_the_proposals(app, client, world):
    login(client, "halina@example.org")
    attempts = []
    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments or rule.endpoint in PUBLIC or not rule.endpoint.startswith(
                ("manage.", "registration.", "reports.", "checkin.", "badges.", "portal.")):
            continue  # public pages (the sign-up form) are open to everyone anyway
        values = {"slug": "forum", "decision": "accept", "proposal_id": str(world.proposal_id)}
        url = re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m, values=values: values.get(m.group(1), "1"), rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            attempts.append((method, url, {}))
    assert any("/proposals" in url for _, url, _ in attempts)
    assert any(f"/proposals/{world.proposal_id}/accept" in url for _, url, _ in attempts)
    assert any("report" in url for _, url, _ in attempts)
    _assert_refused(app, client, attempts, {403, 404, 405})


def test_staff_of_another_event_and_speakers_cannot_review_proposals(app, client, world):
    decide = f"/portal/events/forum/proposals/{world.proposal_id}"
    refused = [("GET", "/portal/events/forum/proposals", None),
               ("POST", f"{decide}/accept", {}), ("POST", f"{decide}/reject", {})]
    login(client, "staff-inne@example.org")  # organiser of "inne", nothing at "forum"
    _assert_refused(app, client, refused, {403})
    client.post("/auth/logout")
    login(client, "jan@example.org")  # a speaker at "forum"
    _assert_refused(app, client, refused, {403})


def test_an_organiser_cannot_decide_another_events_proposal_through_their_own(app, client, world):
    login(client, "staff-inne@example.org")
    _assert_refused(app, client, [
        ("POST", f"/portal/events/inne/proposals/{world.proposal_id}/accept", {}),
    ], {404})
