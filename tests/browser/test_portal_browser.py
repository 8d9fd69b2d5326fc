"""In real Chromium: a speaker follows the emailed invitation, sets a password, edits an
abstract in the portal and reads it on the public agenda; every page passes axe."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from eventapp.auth import invitations
from eventapp.extensions import db
from eventapp.models import EventRoleKind, Role
from tests.browser.conftest import axe_violations
from tests.factories import local, make_event, make_item, make_room, make_speaker

NEW_ABSTRACT = "Jak spółdzielnie socjalne łączą pracę i opiekę: trzy przykłady z Lubuskiego."


def _world(app) -> None:
    with app.app_context():
        event = make_event(slug="forum", title="Forum Ekonomii Społecznej")
        room = make_room(event, "Sala Lustrzana")
        halina = make_speaker("dr Halina Wykładowska", organisation="Uniwersytet")
        jan = make_speaker("Jan Panelista")
        make_item(event, local(event.start_date, 10), 60, title="Wykład otwierający", room=room,
                  abstract="Wstępny opis.", people=[(halina, Role.SPEAKER)])
        make_item(event, local(event.start_date, 12), 90, title="Panel o finansowaniu", room=room,
                  people=[(jan, Role.MODERATOR), (halina, Role.PANELIST)])
        db.session.commit()
        invitations.invite(event, "halina@example.org", EventRoleKind.SPEAKER, speaker=halina)


def _emailed_link(app) -> str:
    [path] = list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    match = re.search(r"http://localhost(/invitation/\S+)", message.get_body(("plain",)).get_content())
    return match.group(1)


def test_speaker_accepts_the_invitation_and_edits_an_abstract_seen_on_the_agenda(live_server, page):
    _world(live_server.app)
    link = _emailed_link(live_server.app)

    page.goto(live_server(link))
    assert axe_violations(page) == []
    assert page.get_by_label("Imię i nazwisko").input_value() == "dr Halina Wykładowska"
    page.get_by_label("Hasło", exact=True).fill("haslo-prelegentki-1")
    page.get_by_label("Powtórz hasło").fill("inne-haslo-12345")
    page.get_by_role("button", name="Przyjmij zaproszenie").click()
    assert page.get_by_text("Hasła się różnią.").is_visible()
    page.get_by_label("Hasło", exact=True).fill("haslo-prelegentki-1")
    page.get_by_label("Powtórz hasło").fill("haslo-prelegentki-1")
    page.get_by_role("button", name="Przyjmij zaproszenie").click()

    page.wait_for_url("**/portal/")
    assert page.get_by_role("heading", level=1).inner_text() == "Panel prelegenta"
    assert page.get_by_text("Jan Panelista (Moderator)").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Wykład otwierający").click()
    page.wait_for_url("**/portal/items/*")
    assert axe_violations(page) == []
    page.get_by_label("Streszczenie").fill(NEW_ABSTRACT)
    page.get_by_role("button", name="Zapisz wystąpienie").click()
    page.get_by_text("Zapisano. Publiczny program już pokazuje zmianę.").wait_for()

    page.goto(live_server("/events/forum/agenda"))
    assert page.locator(".agenda-item", has_text="Wykład otwierający").locator(".abstract").inner_text() == NEW_ABSTRACT

    # The invitation link is spent.
    response = page.goto(live_server(link))
    assert response.status == 404


def test_the_portal_fits_a_phone(live_server, browser):
    _world(live_server.app)
    link = _emailed_link(live_server.app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL")
    try:
        phone = context.new_page()
        phone.goto(live_server(link))
        phone.get_by_label("Hasło", exact=True).fill("haslo-prelegentki-1")
        phone.get_by_label("Powtórz hasło").fill("haslo-prelegentki-1")
        phone.get_by_role("button", name="Przyjmij zaproszenie").click()
        phone.wait_for_url("**/portal/")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        phone.get_by_role("link", name="Wykład otwierający").click()
        phone.wait_for_url("**/portal/items/*")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(phone) == []
    finally:
        context.close()
