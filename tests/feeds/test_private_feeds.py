"""Personal feeds: a participant's agenda and a speaker's sessions on unguessable, read-only URLs."""

from __future__ import annotations

from datetime import date

from eventapp.agenda.services import touch_item
from eventapp.extensions import db
from eventapp.feeds import services
from eventapp.models import (
    AgendaItem,
    EventStatus,
    Registration,
    RegistrationStatus,
    Role,
    SignupStatus,
    Speaker,
    WorkshopSignup,
    utcnow,
)
from eventapp.tokens import new_token
from tests.factories import local, make_event, make_item, make_registration, make_speaker
from tests.feeds.helpers import calname, dst_event, item_uid, parse_both


def _participant_url(token: str) -> str:
    return f"/calendar/participant/{token}.ics"


def _speaker_url(token: str) -> str:
    return f"/calendar/speaker/{token}.ics"


def test_participant_feed_has_plenary_items_and_confirmed_workshops_only(app, client):
    with app.app_context():
        ids = dst_event()
        # A waiting-list place in the other workshop does not put it in the calendar.
        db.session.add(WorkshopSignup(registration_id=ids.registration_id, item_id=ids.workshop_b_id,
                                      status=SignupStatus.WAITLISTED, waitlist_position=1))
        # Another participant's seat changes nothing for this one.
        other = make_registration(db.session.get(Registration, ids.registration_id).event)
        db.session.add(WorkshopSignup(registration=other, item_id=ids.workshop_b_id,
                                      status=SignupStatus.CONFIRMED))
        db.session.commit()
    response = client.get(_participant_url(ids.calendar_token))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    parsed = parse_both(response.data)
    assert set(parsed.ical_events) == {item_uid(i) for i in (ids.opening_id, ids.panel_id, ids.night_id,
                                                             ids.workshop_a_id, ids.break_id)}
    assert str(parsed.ical_events[item_uid(ids.break_id)]["STATUS"]) == "CANCELLED"
    assert calname(parsed) == "Forum Ekonomii Społecznej — Zielona Góra: mój program"
    workshop = parsed.ical_events[item_uid(ids.workshop_a_id)]
    assert workshop["DTSTART"].to_ical() == b"20261025T100000"


def test_a_seat_given_up_leaves_the_participant_feed(app, client):
    with app.app_context():
        ids = dst_event()
    assert item_uid(ids.workshop_a_id) in parse_both(client.get(_participant_url(ids.calendar_token)).data).ical_events
    with app.app_context():
        signup = db.session.query(WorkshopSignup).filter_by(registration_id=ids.registration_id).one()
        signup.status = SignupStatus.CANCELLED
        db.session.commit()
    assert item_uid(ids.workshop_a_id) not in parse_both(
        client.get(_participant_url(ids.calendar_token)).data).ical_events


def test_wrong_truncated_or_borrowed_tokens_are_plain_404s(app, client):
    with app.app_context():
        ids = dst_event()
    wrong = [
        new_token(),                      # well-formed, unknown
        ids.calendar_token[:-1],          # truncated
        ids.calendar_token + "x",         # too long
        ids.calendar_token.upper() if ids.calendar_token.upper() != ids.calendar_token else new_token(),
        ids.manage_token,                 # the private page's secret opens no calendar
        ids.speaker_token,                # a speaker's token is not a participant's
        "' OR 1=1 --",
    ]
    for token in wrong:
        response = client.get(_participant_url(token))
        assert response.status_code == 404, token
        assert b"BEGIN:VCALENDAR" not in response.data
    assert client.get(_speaker_url(ids.calendar_token)).status_code == 404
    assert client.get(_speaker_url(ids.speaker_token[:20])).status_code == 404


def test_calendar_token_is_a_separate_secret(ctx):
    ids = dst_event()
    registration = db.session.get(Registration, ids.registration_id)
    assert registration.calendar_token not in {registration.manage_token, registration.badge_code}
    urls = services.participant_feed_urls(registration)
    assert urls.https == f"http://localhost/calendar/participant/{registration.calendar_token}.ics"
    assert urls.webcal == f"webcal://localhost/calendar/participant/{registration.calendar_token}.ics"
    assert registration.manage_token not in urls.https


def test_a_renewed_token_closes_the_old_url(app, client):
    with app.app_context():
        ids = dst_event()
        registration = db.session.get(Registration, ids.registration_id)
        new_urls = services.renew_participant_calendar_token(registration)
        speaker = db.session.get(Speaker, ids.moderator_id)
        new_speaker_urls = services.renew_speaker_calendar_token(speaker)
    assert client.get(_participant_url(ids.calendar_token)).status_code == 404
    assert client.get(new_urls.https.removeprefix("http://localhost")).status_code == 200
    assert client.get(_speaker_url(ids.speaker_token)).status_code == 404
    assert client.get(new_speaker_urls.https.removeprefix("http://localhost")).status_code == 200


def test_a_cancelled_registration_cancels_every_entry(app, client):
    with app.app_context():
        ids = dst_event()
        registration = db.session.get(Registration, ids.registration_id)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = utcnow()
        db.session.commit()
    parsed = parse_both(client.get(_participant_url(ids.calendar_token)).data)
    assert parsed.ical_events
    assert {str(e["STATUS"]) for e in parsed.ical_events.values()} == {"CANCELLED"}
    with app.app_context():  # nothing was written back to the agenda
        assert db.session.get(AgendaItem, ids.panel_id).status.value == "scheduled"


def test_a_waitlisted_participant_sees_tentative_entries(app, client):
    with app.app_context():
        ids = dst_event()
        registration = db.session.get(Registration, ids.registration_id)
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = 1
        db.session.commit()
    parsed = parse_both(client.get(_participant_url(ids.calendar_token)).data)
    statuses = {uid: str(e["STATUS"]) for uid, e in parsed.ical_events.items()}
    assert statuses.pop(item_uid(ids.break_id)) == "CANCELLED"
    assert set(statuses.values()) == {"TENTATIVE"}


def test_an_anonymised_registration_has_no_feed(app, client):
    with app.app_context():
        ids = dst_event()
        db.session.get(Registration, ids.registration_id).anonymised_at = utcnow()
        db.session.commit()
    assert client.get(_participant_url(ids.calendar_token)).status_code == 404


def test_participant_feed_speaks_the_participants_language(app, client):
    with app.app_context():
        ids = dst_event()
        db.session.get(Registration, ids.registration_id).language = "en"
        db.session.commit()
    parsed = parse_both(client.get(_participant_url(ids.calendar_token)).data)
    assert calname(parsed) == "Forum Ekonomii Społecznej — Zielona Góra: my agenda"
    assert parsed.vobj_events[item_uid(ids.panel_id)].categories.value == ["Panel debate"]
    parsed = parse_both(client.get(_participant_url(ids.calendar_token) + "?lang=pl").data)
    assert calname(parsed) == "Forum Ekonomii Społecznej — Zielona Góra: mój program"


def test_speaker_feed_has_their_items_at_every_public_event(app, client):
    with app.app_context():
        ids = dst_event()
        moderator = db.session.get(Speaker, ids.moderator_id)
        spring = make_event(slug="wiosna", title="Wiosenne seminarium", start_date=date(2026, 3, 28),
                            end_date=date(2026, 3, 29))
        # 29 March 2026: Warsaw moves to summer time at 02:00.
        lecture = make_item(spring, local(date(2026, 3, 29), 10), 45, title="Wykład o spółdzielniach",
                            people=[(moderator, Role.SPEAKER)])
        draft = make_event(slug="szkic", status=EventStatus.DRAFT)
        hidden = make_item(draft, people=[(moderator, Role.SPEAKER)])
        make_item(spring, local(date(2026, 3, 28), 10), 45, people=[(make_speaker(), Role.SPEAKER)])
        db.session.commit()
        lecture_id, hidden_id = lecture.id, hidden.id
    response = client.get(_speaker_url(ids.speaker_token))
    assert response.status_code == 200 and "private" in response.headers["Cache-Control"]
    parsed = parse_both(response.data)
    assert set(parsed.ical_events) == {item_uid(ids.panel_id), item_uid(lecture_id)}
    assert item_uid(hidden_id) not in parsed.ical_events
    lecture_entry = parsed.vobj_events[item_uid(lecture_id)]
    assert lecture_entry.dtstart.value.hour == 10
    assert lecture_entry.dtstart.value.utcoffset().total_seconds() == 7200  # summer time already
    assert calname(parsed) == "dr Łucja Żółtowska: moje wystąpienia"


def test_private_feeds_answer_conditional_requests(app, client):
    with app.app_context():
        ids = dst_event()
    etags = {}
    for url in (_participant_url(ids.calendar_token), _speaker_url(ids.speaker_token)):
        first = client.get(url)
        etags[url] = first.headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etags[url]}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    with app.app_context():
        touch_item(db.session.get(AgendaItem, ids.panel_id))  # in both feeds
        db.session.commit()
    for url, etag in etags.items():
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200, url


def _participant_with_workshops(event, count: int):
    registration = make_registration(event)
    for n in range(count):
        item = make_item(event, local(event.start_date, 9) + n * (local(event.start_date, 10) - local(event.start_date, 9)),
                         30, requires_signup=True, people=[(make_speaker(), Role.HOST)])
        db.session.add(WorkshopSignup(registration=registration, item=item, status=SignupStatus.CONFIRMED))
    for _ in range(count):
        make_item(event, local(event.start_date, 8), 30, people=[(make_speaker(), Role.SPEAKER)])
    db.session.commit()
    return registration.calendar_token


def test_private_feed_query_count_does_not_grow(app, client, count_queries):
    with app.app_context():
        small = _participant_with_workshops(make_event(slug="male", start_date=date(2026, 10, 24)), 1)
        large = _participant_with_workshops(make_event(slug="duze", start_date=date(2026, 10, 24)), 12)
    counts = []
    for token in (small, large):
        with count_queries() as counter:
            assert client.get(_participant_url(token)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 4  # registration, event, items, people
