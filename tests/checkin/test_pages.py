"""The station pages: who may open them, the door picker, the service worker."""

from __future__ import annotations

import json
import re

import pytest

from eventapp.checkin.routes import OFFLINE_FILES
from tests.checkin.helpers import D2, build_world
from tests.conftest import login


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        return {"slug": world.event.slug, "other": world.other_event.slug, "workshop": world.workshop.id,
                "lecture": world.lecture.id}


def test_staff_list_only_their_events(client, world):
    login(client, "bramka@example.org")
    page = client.get("/checkin/").get_data(as_text=True)
    assert f'href="/checkin/{world["slug"]}/"' in page
    assert f'href="/checkin/{world["other"]}/"' not in page


def test_a_speaker_has_no_events_to_check_in(client, world):
    login(client, "prelegent@example.org")
    page = client.get("/checkin/").get_data(as_text=True)
    assert "Nie meldujesz uczestników na żadnym wydarzeniu." in page


@pytest.mark.parametrize("email, status", [
    (None, 302), ("prelegent@example.org", 403), ("obcy@example.org", 403),
])
def test_the_station_refuses_outsiders(client, world, email, status):
    if email:
        login(client, email)
    response = client.get(f"/checkin/{world['slug']}/")
    assert response.status_code == status
    if status == 302:
        assert "/auth/login" in response.headers["Location"]


def test_the_station_opens_at_a_door_with_the_csrf_token_and_its_texts(client, world):
    login(client, "bramka@example.org")
    response = client.get(f"/checkin/{world['slug']}/?item={world['workshop']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'data-item-id="{world["workshop"]}"' in page and f'data-day="{D2.isoformat()}"' in page
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', page)
    strings = json.loads(re.search(r"data-strings='([^']+)'", page).group(1))
    assert strings["outcomes"]["already"] == "Już zameldowany(-a)"
    assert response.headers["Cache-Control"] == "private, no-store"
    # Staff cannot override capacity: the checkbox is for organisers.
    assert "override_capacity" not in page


def test_a_wrong_door_is_explained(client, world):
    login(client, "organizator@example.org")
    response = client.get(f"/checkin/{world['slug']}/?item=99999")
    assert response.status_code == 400
    assert "Ten dzień ani punkt programu nie należy do wydarzenia." in response.get_data(as_text=True)
    assert 'name="override_capacity"' in response.get_data(as_text=True)


def test_the_service_worker_covers_the_stations_and_lists_files_that_exist(client):
    response = client.get("/checkin/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    source = response.get_data(as_text=True)
    files = json.loads(re.match(r"const OFFLINE_FILES = (\[.*?\]);", source).group(1))
    assert len(files) == len(OFFLINE_FILES)
    for url in files:
        static = client.get(url)
        static.close()  # static files are streamed: close them, or a ResourceWarning fails the run
        assert static.status_code == 200, url
    assert "Service-Worker-Allowed" not in response.headers  # its own folder, /checkin/, is the scope
