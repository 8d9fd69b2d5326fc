"""Every link in an email carries the reader's language: an English participant (or an
invited English account) opens English pages from the email, with no cookie; Polish stays Polish."""

import re

import pytest

from eventapp.auth import invitations
from eventapp.extensions import db
from eventapp.models import EventRoleKind
from eventapp.registration import services
from tests.factories import make_account, make_event, make_item
from tests.registration.helpers import details


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def _links(message) -> list[str]:
    body = message.get_body(("plain",)).get_content()
    return re.findall(r"http://localhost(/[^\s]+)", body)


def _lang_of(client, path) -> str:
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    return re.search(r'<html lang="(\w+)"', html).group(1)


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_participants_links_open_pages_in_their_language(app, smtp_server, language):
    with app.app_context():
        event = make_event(slug="forum", capacity=5)
        make_item(event, requires_signup=True, seat_limit=5)
        db.session.commit()
        services.register(event, details("ann@example.org", language=language))
    [message] = smtp_server.messages
    links = [link for link in _links(message) if "/feeds/" not in link and not link.endswith(".ics")]
    assert links, message.get_body(("plain",)).get_content()
    for link in links:
        assert f"lang={language}" in link, link
        # A fresh browser (no cookie) opens the page in the participant's language.
        assert _lang_of(app.test_client(), link) == language


def test_an_invitation_link_carries_the_invited_accounts_language(app, smtp_server):
    with app.app_context():
        make_account("ann@example.org").language = "en"
        event = make_event(title="Forum")
        db.session.commit()
        invitations.invite(event, "ann@example.org", EventRoleKind.STAFF)
    [link] = [link for link in _links(smtp_server.messages[0]) if "/invitation/" in link]
    assert link.endswith("?lang=en")
    assert _lang_of(app.test_client(), link) == "en"
