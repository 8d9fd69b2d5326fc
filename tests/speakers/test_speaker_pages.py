"""Public speaker pages list the speaker's items at that event only."""

from eventapp.extensions import db
from eventapp.models import Role
from tests.factories import make_event, make_item, make_speaker


def test_speaker_page_lists_their_items_with_roles(app, client):
    with app.app_context():
        event = make_event(slug="forum")
        other = make_event(slug="inne")
        speaker = make_speaker("Łucja Świątek", organisation="Spółdzielnia Socjalna", bio="Ekspertka.")
        make_item(event, title="Panel o samorządach", people=[(speaker, Role.MODERATOR)])
        make_item(other, title="Coś gdzie indziej", people=[(speaker, Role.SPEAKER)])
        db.session.commit()
        speaker_id = speaker.id
    page = client.get(f"/events/forum/speakers/{speaker_id}").get_data(as_text=True)
    assert "Łucja Świątek" in page and "Panel o samorządach" in page and "Moderator" in page
    assert "Coś gdzie indziej" not in page
    listing = client.get("/events/forum/speakers/").get_data(as_text=True)
    assert f'/events/forum/speakers/{speaker_id}"' in listing


def test_speaker_without_items_at_this_event_is_not_found(app, client):
    with app.app_context():
        event = make_event(slug="forum")
        other = make_event(slug="inne")
        speaker = make_speaker()
        make_item(other, people=[(speaker, Role.SPEAKER)])
        make_item(event)
        db.session.commit()
        speaker_id = speaker.id
    assert client.get(f"/events/forum/speakers/{speaker_id}").status_code == 404
    assert client.get("/events/forum/speakers/999999").status_code == 404
