"""The back-office reminders page: only the event's organisers see and change reminders; bad
input is refused with a message and the form keeps what was typed; refusals change nothing."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, EventReminder, ReminderSettings
from tests.conftest import login
from tests.manage.conftest import row_counts


def page(world, lang="en"):
    return f"/manage/events/{world.slug}/reminders?lang={lang}"


def test_an_organiser_sees_the_default_adds_removes_and_switches_reminders(app, as_organiser, world):
    shown = as_organiser.get(page(world))
    assert shown.status_code == 200
    body = shown.get_data(as_text=True)
    assert "1 day before, at 10:00" in body and "Default" in body
    assert 'href="/manage/events/forum/reminders?lang=en"' in body or "aria-current" in body

    added = as_organiser.post(page(world), data={"days_before": "3", "at_local": "18:30"})
    assert added.status_code == 302
    body = as_organiser.get(page(world)).get_data(as_text=True)
    assert "3 days before, at 18:30" in body and "1 day before, at 10:00" in body
    with app.app_context():
        rows = db.session.scalars(select(EventReminder).order_by(EventReminder.days_before)).all()
        assert [(r.days_before, r.at_local.strftime("%H:%M")) for r in rows] == [(1, "10:00"), (3, "18:30")]
        first_id = rows[0].id

    removed = as_organiser.post(f"/manage/events/{world.slug}/reminders/{first_id}/remove")
    assert removed.status_code == 302
    off = as_organiser.post(f"/manage/events/{world.slug}/reminders/off")
    assert off.status_code == 302
    body = as_organiser.get(page(world)).get_data(as_text=True)
    assert "Reminders are off for this event" in body
    with app.app_context():
        assert db.session.get(ReminderSettings, world.event_id).enabled is False
        assert [r.days_before for r in db.session.scalars(select(EventReminder))] == [3]


@pytest.mark.parametrize(("data", "message"), [
    ({"days_before": "31", "at_local": "10:00"}, "Choose between 0 and 30 days before the event."),
    ({"days_before": "", "at_local": "10:00"}, "Give a number of days (0 is the first day itself)."),
    ({"days_before": "2", "at_local": "25:99"}, "Give the time of day, for example 10:00."),
    ({"days_before": "1", "at_local": "10:00"}, "This event already has that reminder."),
    ({"days_before": "0", "at_local": "23:00"}, "That time is not before the event starts."),
])
def test_bad_input_is_refused_with_a_message_and_kept(app, as_organiser, world, data, message):
    before = row_counts(app)
    refused = as_organiser.post(page(world), data=data)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert message in body
    assert f'value="{data["days_before"]}"' in body
    assert row_counts(app) == before


def test_the_polish_page(as_organiser, world):
    body = as_organiser.get(page(world, "pl")).get_data(as_text=True)
    assert "Przypomnienia" in body and "1 dzień przed, o 10:00" in body


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_people_who_do_not_organise_the_event_are_refused(app, client, world, who):
    login(client, world.accounts[who])
    before = row_counts(app)
    assert client.get(page(world)).status_code == 403
    assert client.post(page(world), data={"days_before": "2", "at_local": "10:00"}).status_code == 403
    assert client.post(f"/manage/events/{world.slug}/reminders/off").status_code == 403
    assert client.post(f"/manage/events/{world.slug}/reminders/1/remove").status_code == 403
    assert row_counts(app) == before


def test_anonymous_people_are_sent_to_sign_in(app, client, world):
    assert client.get(page(world)).status_code == 302
    assert client.post(f"/manage/events/{world.slug}/reminders/off").status_code == 302
    with app.app_context():
        assert db.session.get(ReminderSettings, world.event_id) is None


def test_another_events_reminder_cannot_be_removed_from_this_page(app, as_organiser, world):
    with app.app_context():
        other = db.session.scalar(select(Event).where(Event.slug == world.other_slug))
        row = EventReminder(event_id=other.id, days_before=2, at_local=time(9, 0))
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    assert as_organiser.post(f"/manage/events/{world.slug}/reminders/{row_id}/remove").status_code == 404
    with app.app_context():
        assert db.session.get(EventReminder, row_id) is not None
