"""Work that runs by itself: a real Huey consumer (what `flask worker` runs) on a SQLite queue
file delivers digests, resumes a mailing whose worker was killed, and keeps sign-ups fast when
the mail server hangs or refuses."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from datetime import time as clock
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from eventapp.extensions import db
from eventapp.manage import agenda
from eventapp.models import EmailStatus, Mailing, MailingRecipient, MailingStatus, OutboundEmail, Role, utcnow
from eventapp.tasks.worker import enqueue_catch_up
from tests.conftest import free_port, queue_settings, running_worker, wait_until
from tests.factories import local, make_event, make_item, make_registration, make_room, make_speaker
from tests.manage.conftest import account


def _queue_app(make_app, tmp_path, **settings):
    app = make_app(**queue_settings(tmp_path), **settings)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
    return app


def test_a_moved_agenda_item_reaches_people_by_the_running_worker_with_no_command(make_app, tmp_path, smtp_server):
    app = _queue_app(make_app, tmp_path, DIGEST_DELAY_SECONDS=1, **smtp_server.settings)
    with app.app_context():
        event = make_event(slug="forum", title="Forum NGO")
        room = make_room(event, "Sala A")
        speaker = make_speaker("Anna Nowak", email="anna@example.org")
        lecture = make_item(event, local(event.start_date, 10), room=room, title="Wykład",
                            people=[(speaker, Role.SPEAKER)])
        make_registration(event, email="ala@example.org", first_name="Ala", language="pl")
        organiser = account("org@example.org")
        db.session.commit()
        with running_worker(app):
            data = {"kind": "lecture", "title": "Wykład", "abstract": "", "day": event.start_date.isoformat(),
                    "start": clock(11, 0), "end": clock(12, 0), "room_id": str(room.id), "requires_signup": False,
                    "seat_limit": None}
            agenda.update_item(event, lecture, data, organiser)
            assert smtp_server.messages == []  # the digest waits DIGEST_DELAY_SECONDS for more edits
            wait_until(lambda: len(smtp_server.messages) == 2)
    by_person = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_person) == ["ala@example.org", "anna@example.org"]
    assert by_person["ala@example.org"]["Subject"] == "Zmiany w programie: Forum NGO"
    assert "11:00" in by_person["ala@example.org"].get_body(("plain",)).get_content()


KILLER = textwrap.dedent("""
    import os, signal, sys
    from eventapp import create_app
    from eventapp.manage import mailings

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1], TASK_QUEUE_IMMEDIATE=False,
                     TASK_QUEUE_URL=sys.argv[2], MAIL_SERVER="127.0.0.1", MAIL_PORT=int(sys.argv[3]))
    mailings.BATCH = 2
    queue_one, seen = mailings._queue_one, []

    def dies_on_the_fifth(mailing, event, registration):
        if len(seen) == 4:
            os.kill(os.getpid(), signal.SIGKILL)  # the worker is killed in the middle of the job
        seen.append(registration.id)
        queue_one(mailing, event, registration)

    mailings._queue_one = dies_on_the_fifth
    with app.app_context():
        mailings.run_mailing(int(sys.argv[4]))
""")


def test_a_mailing_whose_worker_was_killed_resumes_and_reaches_everyone_once(make_app, tmp_path, smtp_server,
                                                                             database_url):
    app = _queue_app(make_app, tmp_path, JOB_STALE_SECONDS=1, **smtp_server.settings)
    with app.app_context():
        event = make_event(slug="forum")
        people = [make_registration(event, email=f"p{n}@example.org") for n in range(9)]
        organiser = account("org@example.org")
        db.session.flush()
        mailing = Mailing(event_id=event.id, created_by_id=organiser.id, subject="Ważne", body="Treść",
                          filters={}, total=len(people), status=MailingStatus.QUEUED, heartbeat_at=utcnow())
        db.session.add(mailing)
        db.session.commit()
        mailing_id = mailing.id
    killed = subprocess.run([sys.executable, "-c", KILLER, database_url, app.config["TASK_QUEUE_URL"],
                             str(smtp_server.port), str(mailing_id)], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with app.app_context():
        stuck = db.session.get(Mailing, mailing_id)
        assert stuck.status == MailingStatus.RUNNING and stuck.queued == 4
        db.session.commit()
    time.sleep(1.1)  # the dead worker's heartbeat grows stale (JOB_STALE_SECONDS=1)
    with running_worker(app):
        with app.app_context():
            enqueue_catch_up()  # what `flask worker` does on start, and the schedule every minute
        wait_until(lambda: len(smtp_server.messages) >= 9)
        time.sleep(0.3)  # nothing more arrives
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"p{n}@example.org" for n in range(9))
    with app.app_context():
        done = db.session.get(Mailing, mailing_id)
        assert done.status == MailingStatus.DONE and done.queued == done.total == 9
        assert db.session.scalar(select(func.count(MailingRecipient.id))
                                 .where(MailingRecipient.mailing_id == mailing_id)) == 9


@pytest.fixture
def hung_smtp():
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _sign_up(client, slug: str, n: int):
    data = {"first_name": "Ala", "last_name": f"Nowak{n}", "email": f"ala{n}@example.org", "organisation": "Gmina",
            "organisation_type": "ngo", "position": "Referent", "consent_data": "y", "website": ""}
    started = time.monotonic()
    response = client.post(f"/events/{slug}/register", data=data)
    return response, time.monotonic() - started


def test_a_hung_mail_server_does_not_hold_sign_ups_and_a_refused_one_is_retried(make_app, tmp_path, hung_smtp,
                                                                                   smtp_server):
    port, accepted = hung_smtp
    app = _queue_app(make_app, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=10,
                     REGISTRATION_MIN_FILL_SECONDS=0)
    with app.app_context():
        slug = make_event(slug="forum").slug
        db.session.commit()
    client = app.test_client()
    with running_worker(app, workers=2):
        wait_until(lambda: _sign_up(client, slug, 0)[0].status_code == 200)
        wait_until(lambda: len(accepted) >= 1)  # the worker is now stuck talking to the silent server
        for n in range(1, 6):
            response, seconds = _sign_up(client, slug, n)
            # Far below MAIL_TIMEOUT: the request neither waits for SMTP nor for a database lock.
            assert response.status_code == 200 and seconds < 5, seconds
        # The server refuses now: delivery fails, the message waits for its retry timer.
        app.config["MAIL_PORT"] = free_port()
        _sign_up(client, slug, 6)
        refused = wait_until(lambda: _message_to(app, "ala6@example.org", attempts=1), timeout=60)
        assert "ConnectionRefusedError" in refused.last_error and refused.next_attempt_at > utcnow()
        # The server is back; the retry timer runs out; the sweep (every minute) sends it.
        app.config.update(smtp_server.settings)
        with app.app_context():
            db.session.execute(update(OutboundEmail).where(OutboundEmail.id == refused.id)
                               .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
            enqueue_catch_up()
        wait_until(lambda: "ala6@example.org" in [m["To"] for m in smtp_server.messages])
        assert wait_until(lambda: _message_to(app, "ala6@example.org", status=EmailStatus.SENT))


def _message_to(app, recipient: str, attempts: int | None = None, status: EmailStatus = EmailStatus.QUEUED):
    """Look in a short transaction of its own (on SQLite an open one would hold up the worker)."""
    with app.app_context():
        query = select(OutboundEmail).where(OutboundEmail.recipient == recipient, OutboundEmail.status == status)
        if attempts is not None:
            query = query.where(OutboundEmail.attempts == attempts)
        email = db.session.scalar(query)
        if email is not None:
            db.session.expunge(email)
        db.session.rollback()
        return email
