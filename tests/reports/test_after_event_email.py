"""After the event every attendee gets one email (real SMTP server) with their certificate link and the materials."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Material, MaterialKind, OutboundEmail
from tests.conftest import login
from tests.reports.helpers import EXPECTED, build_story, detached, with_accounts


@pytest.fixture
def app_settings(smtp_server, tmp_path):
    return {**smtp_server.settings, "REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


def _story(app, **kwargs):
    with app.app_context():
        story = with_accounts(build_story(**kwargs))
        db.session.add_all([
            Material(item_id=story.workshop.id, kind=MaterialKind.LINK, title="Prezentacja o dotacjach",
                     url="https://example.org/dotacje.pdf"),
            Material(item_id=story.lecture.id, kind=MaterialKind.FILE, title="Notatki z wykładu",
                     file_path="materials/notatki.pdf", content_type="application/pdf", size_bytes=1000),
        ])
        db.session.commit()
        return detached(story)


def _body(message, kind="plain"):
    return message.get_body((kind,)).get_content()


def test_attendees_get_their_certificate_link_and_the_materials(app, client, smtp_server):
    story = _story(app)
    login(client, story.accounts["organiser"])
    response = client.post(f"/events/{story.slug}/reports/emails", follow_redirects=True)
    assert "Wiadomości w kolejce do wysłania: 7; wysłane już wcześniej: 0." in response.get_data(as_text=True)
    people = {key: story.people[key] for key in EXPECTED["attendees"]}
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people.values())
    # Nobody who did not attend is written to.
    for key in ("celina", "henryk", "irena"):
        assert story.people[key].email not in [m["To"] for m in smtp_server.messages]

    anna = next(m for m in smtp_server.messages if m["To"] == people["anna"].email)
    assert anna["Subject"] == "Dziękujemy za udział w wydarzeniu Forum Ekonomii Społecznej — Łódź: Twoje zaświadczenie"
    text = _body(anna)
    link = f"http://localhost/events/{story.slug}/r/{people['anna'].manage_token}/certificate.pdf?lang=pl"
    assert "Dzień dobry, Anna," in text and link in text
    assert "Prezentacja o dotacjach" in text and "https://example.org/dotacje.pdf" in text
    assert "Notatki z wykładu" in text and f"http://localhost/events/{story.slug}/agenda?lang=pl#item-{story.lecture.id}" in text
    assert f'href="{link}"' in _body(anna, "html")
    # The link in the email is the certificate.
    pdf = client.get(link.removeprefix("http://localhost"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # Each person only their own link.
    for key, person in people.items():
        message = next(m for m in smtp_server.messages if m["To"] == person.email)
        others = [p.manage_token for k, p in story.people.items() if k != key]
        assert person.manage_token in _body(message) and not any(t in _body(message) for t in others)

    jan = next(m for m in smtp_server.messages if m["To"] == people["jan"].email)
    assert jan["Subject"].startswith("Thank you for attending") and "Hello Jan," in _body(jan)


def test_sending_again_writes_only_to_new_attendees(app, client, smtp_server):
    story = _story(app)
    login(client, story.accounts["organiser"])
    client.post(f"/events/{story.slug}/reports/emails")
    assert len(smtp_server.messages) == 7
    response = client.post(f"/events/{story.slug}/reports/emails", follow_redirects=True)
    assert "Wiadomości w kolejce do wysłania: 0; wysłane już wcześniej: 7." in response.get_data(as_text=True)
    assert len(smtp_server.messages) == 7
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 7


def test_no_email_before_the_event_is_over(app, client, smtp_server):
    story = _story(app, slug="za-tydzien", start=date.today() + timedelta(days=7))
    login(client, story.accounts["organiser"])
    response = client.post(f"/events/{story.slug}/reports/emails", follow_redirects=True)
    assert "Zaświadczenia można wystawić po zakończeniu wydarzenia." in response.get_data(as_text=True)
    assert smtp_server.messages == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 0
