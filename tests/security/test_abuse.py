"""Abuse that used to cost the server or leak: expired-form pages that echoed the post, sign-up
stamps replayed for many sign-ups, 'resend my link' answering faster for unknown addresses,
unbounded descriptions and biographies, files of proposals nobody accepted served to anyone."""

from __future__ import annotations

import re
from io import BytesIO

import sqlalchemy as sa
from flask import template_rendered

from eventapp.extensions import db
from eventapp.models import Event, EventRoleKind, ItemProposal, OutboundEmail, Registration, Speaker
from eventapp.portal import services as portal_services
from tests.conftest import login, queue_settings
from tests.factories import make_account, make_event, make_registration
from tests.portal.helpers import build_world, pdf_bytes

BIG = 2 * 1024 * 1024  # far more than any field holds; the answer must not grow with it


def _form(**overrides) -> dict:
    values = {"first_name": "Grażyna", "last_name": "Żebrowska", "email": "grazyna@example.org",
              "organisation": "Spółdzielnia", "organisation_type": "ngo", "position": "Prezeska",
              "consent_data": "y"}
    values.update(overrides)
    return values


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


# ---- the "form expired" page -----------------------------------------------------------

def test_the_expired_sign_up_form_keeps_short_answers_and_never_echoes_a_huge_post(app, client):
    with app.app_context():
        make_event(slug="forum")
        db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/events/forum/register?lang=en",
                           data=_form(last_name="Ł" * BIG, website="w" * BIG, started="s" * BIG))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form expired before it was sent." in page
    assert 'value="Grażyna"' in page and 'value="grazyna@example.org"' in page  # what fits is kept
    assert "ŁŁŁŁ" not in page and "wwww" not in page and "ssss" not in page
    assert len(response.data) < 64 * 1024


def test_the_expired_form_page_elsewhere_is_as_small_whatever_was_posted(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    small = client.post("/auth/login", data={"email": "a@example.org", "password": "x"})
    large = client.post("/auth/login", data={"email": "a" * BIG, "password": "x" * BIG})
    assert small.status_code == large.status_code == 400
    assert abs(len(large.data) - len(small.data)) < 100
    api = client.post("/api/events/forum/checkins", json={"code": "c" * BIG})
    assert api.status_code in (400, 401) and len(api.data) < 1024


# ---- the sign-up form's stamp ------------------------------------------------------------

def test_one_shown_sign_up_form_cannot_be_replayed_for_many_sign_ups(app, client):
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    with app.app_context():
        make_event(slug="forum")
        db.session.commit()
    stamp = _hidden(client.get("/events/forum/register").get_data(as_text=True), "started")
    first = client.post("/events/forum/register?lang=en", data=_form(started=stamp))
    assert first.status_code == 200 and "grazyna@example.org" in first.get_data(as_text=True)
    replay = client.post("/events/forum/register?lang=en", data=_form(started=stamp, email="bot1@example.org"))
    assert replay.status_code == 400
    page = replay.get_data(as_text=True)
    assert "Please check your details once more and send the form again." in page
    assert 'value="bot1@example.org"' in page  # a person who sent twice keeps what they typed
    # The form shown again carries a fresh stamp, good for one more sign-up.
    fresh = _hidden(page, "started")
    assert fresh != stamp
    again = client.post("/events/forum/register", data=_form(started=fresh, email="bot1@example.org"))
    assert again.status_code == 200
    assert client.post("/events/forum/register", data=_form(started=fresh, email="bot2@example.org")).status_code == 400
    with app.app_context():
        emails = set(db.session.scalars(sa.select(Registration.email)))
    assert emails == {"grazyna@example.org", "bot1@example.org"}


def test_a_stamp_older_than_its_lifetime_is_refused(app, client):
    app.config.update(REGISTRATION_MIN_FILL_SECONDS=1, REGISTRATION_STAMP_MAX_AGE=-1)
    with app.app_context():
        make_event(slug="forum")
        db.session.commit()
    stamp = _hidden(client.get("/events/forum/register").get_data(as_text=True), "started")
    response = client.post("/events/forum/register", data=_form(started=stamp))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


# ---- "resend my link" ------------------------------------------------------------------

def test_resend_my_link_does_the_same_work_whether_or_not_the_address_is_registered(make_app, tmp_path):
    # The request alone is measured: its tasks go to a real queue (a worker renders and sends
    # later), not run at once inside it as the testing config does.
    app = make_app(**queue_settings(tmp_path))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        event = make_event(slug="forum")
        make_registration(event, email="jest@example.org")
        db.session.commit()
    client = app.test_client()
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    work = {}
    template_rendered.connect(record, app)
    try:
        for email in ("jest@example.org", "nie-ma@example.org"):
            rendered.clear()
            response = client.post("/events/forum/resend?lang=en", data={"email": email})
            assert response.status_code == 200
            work[email] = [name for name in rendered if name.startswith("registration/email/")]
    finally:
        template_rendered.disconnect(record, app)
    # Neither request builds the message (the worker does, for the one kept): the same work for both;
    # the stand-in's message is stored and rolled back, only the registered one is kept.
    assert work["jest@example.org"] == work["nie-ma@example.org"] == []
    with app.app_context():
        recipients = db.session.scalars(sa.select(OutboundEmail.recipient)).all()
        assert recipients == ["jest@example.org"]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


# ---- length limits ---------------------------------------------------------------------

def test_event_descriptions_and_speaker_biographies_have_length_limits(app, client):
    with app.app_context():
        event = make_event(slug="forum")
        make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        db.session.commit()
    login(client, "org@example.org")
    page = client.get("/manage/events/forum/edit").get_data(as_text=True)
    assert 'maxlength="20000"' in page
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*type="(?:text|date|hidden|number)"[^>]*value="([^"]*)"',
                             page))
    assert {"title", "start_date", "end_date"} <= fields.keys()
    fields.update(timezone="Europe/Warsaw", description="d" * 20_001)
    response = client.post("/manage/events/forum/edit?lang=en", data=fields)
    assert "The text may have at most 20000 characters." in response.get_data(as_text=True)
    response = client.post("/manage/events/forum/speakers/new?lang=en", data={"name": "Jan Nowy", "bio": "b" * 5_001})
    assert "The text may have at most 5000 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Event.description).where(Event.slug == "forum")) != "d" * 20_001
        assert db.session.scalar(sa.select(Speaker).where(Speaker.name == "Jan Nowy")) is None
    # Exactly at the limit is fine.
    fields.update(description="d" * 20_000)
    client.post("/manage/events/forum/edit", data=fields)
    with app.app_context():
        assert len(db.session.scalar(sa.select(Event.description).where(Event.slug == "forum"))) == 20_000


# ---- files of proposals nobody accepted --------------------------------------------------

def _propose_pdf(app, client) -> tuple[int, str]:
    with app.app_context():
        world = build_world()
        portal_services.set_speaker_rules(db.session.get(Event, world.event_id), None, True)
        item_id = world.halina_item_id
    login(client, "halina@example.org")
    response = client.post(f"/portal/items/{item_id}/files", content_type="multipart/form-data",
                           data={"file-title": "Slajdy", "file-file": (BytesIO(pdf_bytes()), "slajdy.pdf")})
    assert response.status_code == 302
    client.post("/auth/logout")
    with app.app_context():
        proposal = db.session.scalar(sa.select(ItemProposal))
        return proposal.id, proposal.changes["add_material"]["file_path"]


def _status(client, url: str) -> int:
    response = client.get(url)
    response.close()
    return response.status_code


def test_the_pdf_of_a_pending_proposal_is_not_served_to_the_public(app, client):
    proposal_id, path = _propose_pdf(app, client)
    assert _status(client, f"/files/{path}") == 404
    review = f"/portal/events/forum/proposals/{proposal_id}/file"
    assert _status(client, review) == 302  # to the sign-in form
    for stranger in ("halina@example.org", "staff-inne@example.org"):
        login(client, stranger)
        assert _status(client, review) in (403, 404), stranger
        assert _status(client, f"/files/{path}") == 404
        client.post("/auth/logout")
    login(client, "org@example.org")
    assert f'href="{review}"' in client.get("/portal/events/forum/proposals").get_data(as_text=True)
    response = client.get(review)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "private, no-store"
    response.close()
    assert _status(client, f"/files/{path}") == 404  # not even for the organiser, until accepted
    client.post(f"/portal/events/forum/proposals/{proposal_id}/accept")
    assert _status(client, f"/files/{path}") == 200
    assert _status(client, review) == 404  # decided: the material is the public file now
    client.post("/auth/logout")
    assert _status(client, f"/files/{path}") == 200


def test_the_pdf_of_a_rejected_proposal_is_never_served(app, client):
    proposal_id, path = _propose_pdf(app, client)
    login(client, "org@example.org")
    client.post(f"/portal/events/forum/proposals/{proposal_id}/reject")
    assert _status(client, f"/portal/events/forum/proposals/{proposal_id}/file") == 404
    client.post("/auth/logout")
    assert _status(client, f"/files/{path}") == 404
