"""The .ics a sign-up confirmation carries: one entry per day, through a real SMTP server."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from eventapp.extensions import db
from eventapp.feeds import services
from eventapp.mail.outbox import deliver_due, queue_email
from eventapp.models import Event, Registration
from tests.factories import make_event
from tests.feeds.helpers import DAY1, DAY2, dst_event, parse_both, utc


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def test_invitation_travels_by_email_and_parses_with_both_libraries(app, smtp_server):
    with app.app_context():
        ids = dst_event()
        event = db.session.get(Event, ids.event_id)
        registration = db.session.get(Registration, ids.registration_id)
        with force_locale("pl"):
            queue_email(kind="confirmation", recipient=registration.email, subject="Potwierdzenie",
                        text="Dzień dobry", attachments=[services.invitation_attachment(event, registration)],
                        event_id=event.id, registration_id=registration.id)
        db.session.commit()
        assert deliver_due().sent == 1
    [message] = smtp_server.messages
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"{ids.slug}.ics"
    parsed = parse_both(attachment.get_payload(decode=True))
    assert str(parsed.ical["METHOD"]) == "PUBLISH"
    day1 = parsed.ical_events[f"event-{ids.event_id}-{DAY1:%Y%m%d}@localhost"]
    day2 = parsed.ical_events[f"event-{ids.event_id}-{DAY2:%Y%m%d}@localhost"]
    # Day 1 runs from the opening (09:00 CEST) to the end of the evening (04:00 CET on day 2).
    assert day1.decoded("DTSTART") == utc(2026, 10, 24, 7)
    assert day1.decoded("DTEND") == utc(2026, 10, 25, 3)
    # Day 2: the workshops (10:00 CET); the cancelled coffee break does not stretch the day.
    assert day2.decoded("DTSTART") == utc(2026, 10, 25, 9)
    assert day2.decoded("DTEND") == utc(2026, 10, 25, 11)
    assert str(day2["SUMMARY"]) == "Forum Ekonomii Społecznej — Zielona Góra (dzień 2)"
    description = parsed.vobj_events[f"event-{ids.event_id}-{DAY1:%Y%m%d}@localhost"].description.value
    assert f"http://localhost/calendar/participant/{ids.calendar_token}.ics" in description
    assert ids.manage_token not in attachment.get_payload(decode=True).decode()


def test_invitation_without_an_agenda_is_all_day_and_in_the_participants_language(ctx):
    event = make_event(slug="bez-programu", title="Spotkanie sieciujące", start_date=DAY1)
    db.session.commit()
    from tests.factories import make_registration

    registration = make_registration(event, language="en")
    db.session.commit()
    parsed = parse_both(services.event_invitation(event, registration))
    [entry] = parsed.vobj_events.values()
    assert entry.dtstart.value == DAY1
    assert "Your agenda as a calendar feed" in entry.description.value
    assert not parsed.ical.walk("VTIMEZONE")


def test_a_later_copy_of_the_invitation_has_a_higher_sequence_after_a_change(ctx):
    from datetime import timedelta

    from eventapp.agenda.services import touch_item
    from eventapp.models import AgendaItem

    ids = dst_event()
    event = db.session.get(Event, ids.event_id)
    registration = db.session.get(Registration, ids.registration_id)
    event.updated_at -= timedelta(hours=1)
    for item in event.agenda_items:
        item.updated_at -= timedelta(hours=1)
    db.session.commit()
    uid = f"event-{ids.event_id}-{DAY2:%Y%m%d}@localhost"
    before = parse_both(services.event_invitation(event, registration))
    # The organiser moves a workshop of day 2 an hour later: the day's entry changes.
    workshop = db.session.get(AgendaItem, ids.workshop_a_id)
    workshop.start_dt += timedelta(hours=1)
    workshop.end_dt += timedelta(hours=1)
    touch_item(workshop)
    db.session.commit()
    after = parse_both(services.event_invitation(event, registration))
    old, new = before.ical_events[uid], after.ical_events[uid]
    assert new.decoded("DTEND") > old.decoded("DTEND")
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    assert int(after.vobj_events[uid].sequence.value) > int(before.vobj_events[uid].sequence.value)
