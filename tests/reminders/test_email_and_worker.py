"""The reminder as people receive it (real SMTP server), and the periodic task run by real
workers: two worker threads running the task at once still send each person one reminder."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import ItemKind, OutboundEmail
from eventapp.registration import services
from eventapp.reminders import schedule
from eventapp.reminders.sending import send_due_reminders, send_reminders
from tests.conftest import queue_settings, running_worker, wait_until
from tests.factories import local, make_event, make_item, make_room
from tests.registration.helpers import details
from tests.reminders.test_schedule import utc


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


def test_each_person_gets_their_own_agenda_badge_map_and_cancel_link_in_their_language(ctx, smtp_server):
    event = make_event(title="Forum Gmin", start_date=date(2027, 6, 15))
    room = make_room(event, "Sala Lustrzana")
    make_item(event, local(date(2027, 6, 15), 9), title="Otwarcie", room=room)
    mine = make_item(event, local(date(2027, 6, 15), 11), title="Warsztat budżetowy", kind=ItemKind.WORKSHOP,
                     requires_signup=True, seat_limit=5)
    make_item(event, local(date(2027, 6, 15), 11), title="Warsztat medialny", kind=ItemKind.WORKSHOP,
              requires_signup=True, seat_limit=5)
    db.session.commit()
    ala = services.register(event, details("ala@example.org", first_name="Ala")).registration
    john = services.register(event, details("john@example.org", first_name="John", language="en")).registration
    services.sign_up_for_item(ala, mine)
    smtp_server.messages.clear()

    assert send_due_reminders(utc(2027, 6, 14, 8, 0)) == 2
    by_person = {m["To"]: m for m in smtp_server.messages}
    polish, english = by_person["ala@example.org"], by_person["john@example.org"]
    assert polish["Subject"] == "Przypomnienie: Forum Gmin już wkrótce"
    assert english["Subject"] == "Reminder: Forum Gmin is coming soon"

    text = polish.get_body(("plain",)).get_content()
    assert "Cześć Ala" in text or "Ala," in text
    assert "09:00" in text and "Otwarcie (Sala Lustrzana)" in text
    assert "Warsztat budżetowy" in text and "Warsztat medialny" not in text
    assert "https://www.openstreetmap.org/search?query=Centrum+Konferencyjne" in text
    assert f"/{event.slug}/" in text and ala.manage_token in text
    assert "odwołaj" in text.lower() or "zrezygn" in text.lower()
    images = [part for part in polish.walk() if part.get_content_type() == "image/png"]
    assert images, "the QR badge"

    english_text = english.get_body(("plain",)).get_content()
    assert "Your agenda:" in english_text and "Warsztat budżetowy" not in english_text
    assert john.manage_token in english_text and "cancel" in english_text


@pytest.mark.parametrize("workers", [2])
def test_two_workers_running_the_task_together_send_once(make_app, tmp_path, smtp_server, workers):
    app = make_app(**queue_settings(tmp_path), **smtp_server.settings)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        # Due since midnight today in Warsaw, whatever time the test runs; the event starts tomorrow.
        event = make_event(start_date=date.today() + timedelta(days=1))
        make_item(event, local(event.start_date, 10))
        db.session.commit()
        schedule.add_reminder(event, 1, time(0, 0))
        (default,) = [r for r in schedule.reminders(event) if r.at_local == time(10, 0)]
        schedule.remove_reminder(event, default.id)
        for n in range(8):
            services.register(event, details(f"osoba{n}@example.org"))
        db.session.commit()
        with running_worker(app, workers=workers):
            smtp_server.messages.clear()
            send_reminders()  # two runs of the periodic task, taken by the two worker threads
            send_reminders()

            def reminded():
                return [m for m in smtp_server.messages if m["Subject"].startswith("Przypomnienie")]

            wait_until(lambda: len(reminded()) >= 8)

            def all_sent():
                try:  # a short read each time: an open transaction would hold SQLite's write lock
                    return db.session.scalar(select(OutboundEmail.id).where(
                        OutboundEmail.kind == "reminders.reminder", OutboundEmail.status != "sent")) is None
                finally:
                    db.session.rollback()

            db.session.rollback()
            wait_until(all_sent)
        assert sorted(m["To"] for m in reminded()) == sorted(f"osoba{n}@example.org" for n in range(8))
