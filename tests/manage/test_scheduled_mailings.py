"""A mailing scheduled for later: nothing goes out before its time, the worker sends it then
(its own delayed task, or the minute sweep when that task was lost), a past time is refused."""

from __future__ import annotations

import time as clock
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from eventapp.extensions import db
from eventapp.manage import mailings
from eventapp.manage.registrations import RegistrationFilter
from eventapp.models import Account, Event, OutboundEmail, utcnow
from eventapp.models.manage import Mailing, MailingStatus
from tests.conftest import queue_settings, running_worker, wait_until
from tests.factories import make_account, make_event, make_registration
from tests.manage.conftest import row_counts


@pytest.fixture
def app_settings(smtp_server):
    return smtp_server.settings


@pytest.fixture
def people(app, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        for n in range(3):
            make_registration(event, email=f"osoba{n}@example.org")
        db.session.commit()


def local_form_time(app, world, delta: timedelta) -> str:
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        return (utcnow() + delta).astimezone(event.tz).strftime("%Y-%m-%dT%H:%M")


def test_a_scheduled_mailing_waits_and_the_sweep_sends_it_when_due(app, as_organiser, world, people, smtp_server):
    when = local_form_time(app, world, timedelta(days=2))
    response = as_organiser.post("/manage/events/forum/mailings/new?lang=en", data={
        "subject": "Przypomnienie o ankiecie", "body": "Treść", "send_at": when})
    assert response.status_code == 302
    page = as_organiser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Scheduled: the worker sends it" in page and when[-5:] in page
    with app.app_context():
        mailing = db.session.scalar(select(Mailing))
        assert mailing.status == MailingStatus.QUEUED and mailing.send_at > utcnow() + timedelta(days=1)
        assert mailings.unfinished_mailing_ids() == []  # not due: the sweep leaves it
        assert mailings.run_mailing(mailing.id) is None  # and a task that came early cannot claim it
        db.session.rollback()
    assert smtp_server.messages == []
    assert as_organiser.get(response.headers["Location"] + ".json").get_json()["finished"] is False

    with app.app_context():  # two days later (its own delayed task lost with a restarted worker)
        db.session.execute(update(Mailing).values(send_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    mailings.resume_mailings()  # the minute sweep, run at once here (immediate mode)
    with app.app_context():
        assert db.session.scalar(select(Mailing.status)) == MailingStatus.DONE
        queued = sorted(db.session.scalars(select(OutboundEmail.recipient).where(OutboundEmail.kind == "manage.mailing")))
    assert queued == [f"osoba{n}@example.org" for n in range(3)]


def test_a_time_in_the_past_is_refused_and_the_form_keeps_the_text(app, as_organiser, world, people):
    before = row_counts(app)
    when = local_form_time(app, world, -timedelta(hours=1))
    refused = as_organiser.post("/manage/events/forum/mailings/new?lang=en", data={
        "subject": "Za późno", "body": "Treść do zachowania", "send_at": when})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Choose a time in the future, or leave it empty to send now." in body
    assert "Treść do zachowania" in body and "Za późno" in body
    assert row_counts(app) == before


def test_the_running_worker_sends_it_at_its_time_not_before(make_app, tmp_path, smtp_server):
    app = make_app(**queue_settings(tmp_path), **smtp_server.settings)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        event = make_event()
        organiser = make_account("org@example.org")
        for n in range(2):
            make_registration(event, email=f"osoba{n}@example.org")
        db.session.commit()
        send_at = utcnow() + timedelta(seconds=3)
        with running_worker(app):
            mailings.start_mailing(event, RegistrationFilter(), "Później", "Treść",
                                   db.session.get(Account, organiser.id), send_at=send_at)
            clock.sleep(1.5)
            assert smtp_server.messages == []
            wait_until(lambda: len(smtp_server.messages) == 2)
            arrived = datetime.now().astimezone()
        assert arrived >= send_at
