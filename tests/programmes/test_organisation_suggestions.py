"""Organisation names from the programme's directory, suggested on the sign-up form."""

import re

import pytest

from eventapp.extensions import db
from eventapp.models import DirectoryOrganisation, EventStatus
from eventapp.programmes import identity
from tests.factories import make_event, make_registration
from tests.programmes.helpers import make_programme


def seed():
    first = make_event(slug="seminarium")
    second = make_event(slug="forum")
    make_event(slug="poza-programem")
    make_event(slug="szkic", status=EventStatus.DRAFT)
    programme = make_programme(events=[first, second])
    other = make_programme(slug="inny", events=[])
    for name in ("Fundacja Rozwoju Lokalnego", "Stowarzyszenie Fundacji", "Urząd Gminy Kłobuck"):
        make_registration(first, email=f"{len(name)}@example.org", organisation=name)
    identity.sync_directory(programme)
    # A variant merged into its entry is not offered; another programme's directory never is.
    entry = db.session.scalar(db.select(DirectoryOrganisation).where(
        DirectoryOrganisation.name == "Fundacja Rozwoju Lokalnego"))
    db.session.add(DirectoryOrganisation(programme_id=programme.id, name="fundacja rozwoju  lokalnego",
                                         merged_into_id=entry.id, nip="5260250274"))
    db.session.add(DirectoryOrganisation(programme_id=other.id, name="Fundacja Obca"))
    db.session.commit()


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed()
    return app


def test_names_containing_the_typed_text_starting_ones_first(seeded, client):
    response = client.get("/events/forum/organisation-suggestions?q=FUNDAC")
    assert response.status_code == 200
    assert response.json == {"names": ["Fundacja Rozwoju Lokalnego", "Stowarzyszenie Fundacji"]}
    assert client.get("/events/forum/organisation-suggestions?q=kłob").json == {"names": ["Urząd Gminy Kłobuck"]}


def test_names_only_and_nothing_for_one_letter(seeded, client):
    assert client.get("/events/seminarium/organisation-suggestions?q=f").json == {"names": []}
    body = client.get("/events/seminarium/organisation-suggestions?q=rozwoju").get_data(as_text=True)
    assert "5260250274" not in body and "@" not in body


@pytest.mark.parametrize("slug", ["poza-programem", "szkic", "nie-ma"])
def test_events_outside_a_programme_or_not_public_get_nothing(seeded, client, slug):
    response = client.get(f"/events/{slug}/organisation-suggestions?q=fundacja")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_the_sign_up_form_offers_the_list_and_stays_a_text_field(seeded, client):
    page = client.get("/events/forum/register").get_data(as_text=True)
    assert '<datalist id="organisation-suggestions" data-url="/events/forum/organisation-suggestions"' in page
    assert re.search(r'<input[^>]*id="organisation"[^>]*type="text"', page)
    outside = client.get("/events/poza-programem/register").get_data(as_text=True)
    assert "organisation-suggestions" not in outside


def test_correcting_ones_details_offers_the_list_too(seeded, client):
    with seeded.app_context():
        from eventapp.models import Event

        forum = db.session.scalar(db.select(Event).where(Event.slug == "forum"))
        token = make_registration(forum, email="zmiana@example.org").manage_token
        db.session.commit()
    page = client.get(f"/events/forum/r/{token}/details").get_data(as_text=True)
    assert 'data-url="/events/forum/organisation-suggestions"' in page
