"""After signing in each role lands in its place; the header links each role to its places on
every page (public pages too), and only to those; the attendance report stays in the back office."""

import pytest

from eventapp.extensions import db
from eventapp.models import EventRoleKind
from tests.conftest import login
from tests.factories import make_event, make_speaker
from tests.manage.conftest import account


@pytest.fixture
def people(app):
    with app.app_context():
        event = make_event(slug="forum")
        account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
        account("staff@example.org", event=event, role=EventRoleKind.STAFF)
        speaker_account = account("mowca@example.org", event=event, role=EventRoleKind.SPEAKER)
        make_speaker("Mówca", account_id=speaker_account.id)
        account("admin@example.org", is_admin=True)
        account("nikt@example.org")
        db.session.commit()


@pytest.mark.parametrize(("email", "place"), [
    ("org@example.org", "/manage/"), ("admin@example.org", "/manage/"), ("staff@example.org", "/checkin/"),
    ("mowca@example.org", "/portal/"), ("nikt@example.org", "/"),
])
def test_each_role_lands_in_its_place_after_signing_in(app, client, people, email, place):
    assert login(client, email).headers["Location"] == place


def test_a_next_address_still_wins(app, client, people):
    response = client.post("/auth/login?next=/events/forum/", data={"email": "org@example.org",
                                                                    "password": "secret-password-1"})
    assert response.headers["Location"] == "/events/forum/"


HEADER_LINKS = ("/manage/", "/checkin/", "/portal/")


@pytest.mark.parametrize(("email", "links"), [
    ("org@example.org", {"/manage/", "/checkin/"}),
    ("staff@example.org", {"/checkin/"}),
    ("mowca@example.org", {"/portal/"}),
    ("nikt@example.org", set()),
])
@pytest.mark.parametrize("path", ["/", "/events/forum/", "/events/forum/agenda"])
def test_the_header_links_each_role_to_its_places_on_public_pages(app, client, people, email, links, path):
    login(client, email)
    html = client.get(path).get_data(as_text=True)
    header = html[html.index('<nav aria-label="Menu główne"'):html.index("</nav>")]
    shown = {href for href in HEADER_LINKS if f'href="{href}"' in header}
    assert shown == links


def test_the_attendance_report_keeps_the_organiser_in_the_back_office(app, client, people):
    login(client, "org@example.org")
    html = client.get("/events/forum/reports/").get_data(as_text=True)
    assert 'class="manage-nav"' in html
    assert 'href="/manage/events/forum/registrations"' in html
    assert 'href="/manage/" aria-current="page"' in html
    # And the back office links the report in its own menu.
    assert 'href="/events/forum/reports/"' in client.get("/manage/events/forum/").get_data(as_text=True)


def test_signed_out_visitors_see_no_place_of_work(app, client, people):
    html = client.get("/").get_data(as_text=True)
    assert not any(f'href="{href}"' in html for href in HEADER_LINKS)
