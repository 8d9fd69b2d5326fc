"""Who may download which badge: the participant through their private link; organisers and
check-in staff of that event for anyone. Every refusal leaves the database as it was."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from eventapp.extensions import Base, db
from eventapp.models import EventRoleKind, EventStatus, RegistrationStatus
from tests.badges.helpers import pdf_codes_per_page, pdf_info, save, sheet_codes_per_page
from tests.conftest import login
from tests.factories import make_account, make_event, make_registration


@pytest.fixture
def world(app):
    with app.app_context():
        event = make_event(slug="forum", title="Forum Ekonomii Społecznej")
        other = make_event(slug="inne-forum")
        people = [make_registration(event, first_name="Anna", last_name=name)
                  for name in ("Żak", "Ćwik", "Lis")]
        cancelled = make_registration(event, last_name="Anulowana", status=RegistrationStatus.CANCELLED)
        waiting = make_registration(event, last_name="Czeka", status=RegistrationStatus.WAITLISTED,
                                    waitlist_position=1)
        stranger = make_registration(other, last_name="Obca")
        accounts = {}
        for name, at, role in (("organiser", event, EventRoleKind.ORGANISER), ("staff", event, EventRoleKind.STAFF),
                               ("speaker", event, EventRoleKind.SPEAKER), ("other-staff", other, EventRoleKind.STAFF),
                               ("other-organiser", other, EventRoleKind.ORGANISER)):
            accounts[name] = make_account(f"{name}@example.org", event=at, role=role).email
        db.session.commit()

        def plain(r):
            return SimpleNamespace(id=r.id, token=r.manage_token, code=r.badge_code, last_name=r.last_name)

        return SimpleNamespace(
            slug=event.slug, people=[plain(r) for r in people], cancelled=plain(cancelled),
            waiting=plain(waiting), stranger=plain(stranger), accounts=accounts,
        )


def _rows(app):
    with app.app_context():
        return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}


def _desk_urls(world):
    return [f"/events/{world.slug}/badges.pdf",
            f"/events/{world.slug}/registrations/{world.people[0].id}/badge.pdf"]


# The participant's own badge.


def test_participant_downloads_their_pdf_badge_with_their_code(client, world, tmp_path):
    person = world.people[0]
    response = client.get(f"/events/{world.slug}/r/{person.token}/badge.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert 'filename="badge-Zak.pdf"' in response.headers["Content-Disposition"]
    path = save(tmp_path, "badge.pdf", response.data)
    assert pdf_codes_per_page(path, tmp_path / "png") == [[person.code]]


def test_participant_gets_the_svg_qr_code(client, world):
    person = world.people[0]
    response = client.get(f"/events/{world.slug}/r/{person.token}/badge.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Kod QR' in svg
    assert person.last_name not in svg and person.code not in svg


@pytest.mark.parametrize("suffix", ["badge.pdf", "badge.svg"])
def test_wrong_truncated_or_forged_tokens_get_a_plain_404(app, client, world, suffix):
    real = world.people[0].token
    before = _rows(app)
    for token in (real[:-1], real + "A", "A" * 32, real[:-1] + ("B" if real[-1] != "B" else "C"),
                  world.people[0].code,  # the badge code is not the private link
                  world.stranger.token):  # another event's registration under this slug
        response = client.get(f"/events/{world.slug}/r/{token}/{suffix}")
        assert response.status_code == 404, token
        assert not response.data.startswith(b"%PDF") and b"<svg" not in response.data
    # The right token under another event's slug is not found either.
    assert client.get(f"/events/inne-forum/r/{real}/{suffix}").status_code == 404
    assert _rows(app) == before


@pytest.mark.parametrize("suffix", ["badge.pdf", "badge.svg"])
def test_cancelled_and_waitlisted_registrations_get_a_clear_page_instead(client, world, suffix):
    cancelled = client.get(f"/events/{world.slug}/r/{world.cancelled.token}/{suffix}")
    assert cancelled.status_code == 404 and cancelled.mimetype == "text/html"
    assert "To zgłoszenie zostało anulowane" in cancelled.get_data(as_text=True)
    waiting = client.get(f"/events/{world.slug}/r/{world.waiting.token}/{suffix}")
    assert waiting.status_code == 404
    assert "Jesteś na liście rezerwowej" in waiting.get_data(as_text=True)


# The desk: organisers and check-in staff.


@pytest.mark.parametrize("who", ["organiser", "staff"])
def test_organisers_and_staff_print_every_confirmed_badge(client, world, who, tmp_path):
    login(client, world.accounts[who])
    response = client.get(f"/events/{world.slug}/badges.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = save(tmp_path, "sheet.pdf", response.data)
    assert pdf_info(path)["Pages"] == "1"
    assert sorted(sheet_codes_per_page(path, tmp_path / "png")[0]) == sorted(p.code for p in world.people)


@pytest.mark.parametrize("who", ["organiser", "staff"])
def test_staff_print_one_persons_badge_for_a_walk_in(client, world, who, tmp_path):
    login(client, world.accounts[who])
    person = world.people[1]
    response = client.get(f"/events/{world.slug}/registrations/{person.id}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = save(tmp_path, "one.pdf", response.data)
    assert pdf_codes_per_page(path, tmp_path / "png") == [[person.code]]


def test_desk_cannot_reach_another_events_registration_or_a_cancelled_badge(app, client, world):
    login(client, world.accounts["staff"])
    before = _rows(app)
    response = client.get(f"/events/{world.slug}/registrations/{world.stranger.id}/badge.pdf")
    assert response.status_code == 404 and not response.data.startswith(b"%PDF")
    assert client.get(f"/events/{world.slug}/registrations/999999/badge.pdf").status_code == 404
    cancelled = client.get(f"/events/{world.slug}/registrations/{world.cancelled.id}/badge.pdf")
    assert cancelled.status_code == 404 and "anulowane" in cancelled.get_data(as_text=True)
    assert _rows(app) == before


def test_anonymous_visitors_are_sent_to_sign_in(app, client, world):
    before = _rows(app)
    for url in _desk_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location, url
    assert _rows(app) == before


@pytest.mark.parametrize("who", ["speaker", "other-staff", "other-organiser"])
def test_speakers_and_other_events_staff_are_refused(app, client, world, who):
    login(client, world.accounts[who])
    before = _rows(app)
    for url in _desk_urls(world):
        response = client.get(url)
        assert response.status_code == 403, (who, url)
        assert not response.data.startswith(b"%PDF")
    assert _rows(app) == before


def test_a_draft_events_badges_are_not_found_for_outsiders(app, client, world):
    with app.app_context():
        from eventapp.models import Event

        event = db.session.scalar(sa.select(Event).where(Event.slug == world.slug))
        event.status = EventStatus.DRAFT
        db.session.commit()
    login(client, world.accounts["other-staff"])
    for url in _desk_urls(world):
        assert client.get(url).status_code == 404
    # …and the participant's link of a draft event leads nowhere.
    assert client.get(f"/events/{world.slug}/r/{world.people[0].token}/badge.pdf").status_code == 404


def test_the_private_page_shows_the_qr_code_and_links_the_pdf_badge(client, world):
    person = world.people[0]
    page = client.get(f"/events/{world.slug}/r/{person.token}").get_data(as_text=True)
    link = f"/events/{world.slug}/r/{person.token}/badge.pdf"
    assert link in page and "Pobierz identyfikator do wydruku" in page
    assert 'aria-label="Kod QR' in page
    assert client.get(link).status_code == 200


def test_an_erased_registrations_badge_link_opens_nothing(app, client, world):
    from eventapp.models import Registration, utcnow

    with app.app_context():
        db.session.get(Registration, world.people[0].id).anonymised_at = utcnow()
        db.session.commit()
    for suffix in ("badge.pdf", "badge.svg"):
        assert client.get(f"/events/{world.slug}/r/{world.people[0].token}/{suffix}").status_code == 404
