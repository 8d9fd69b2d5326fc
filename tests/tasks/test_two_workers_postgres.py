"""Two `flask worker` processes on one PostgreSQL database (the queue in PostgreSQL too) share the
outbox: every message is delivered, none twice, even when each delivery task is enqueued twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from eventapp import ROOT, create_app
from eventapp.extensions import db
from eventapp.mail.outbox import queue_email
from eventapp.mail.tasks import deliver_email, sweep_outbox
from eventapp.models import EmailStatus, OutboundEmail
from eventapp.tasks import huey
from tests.conftest import truncate_all, wait_until

pytestmark = pytest.mark.postgres_only

MESSAGES = 120


@pytest.fixture
def pg_queue_app(postgres_url, smtp_server):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=postgres_url, TASK_QUEUE_IMMEDIATE=False,
                     TASK_QUEUE_URL=postgres_url, **smtp_server.settings)
    with app.app_context():
        db.create_all()
        truncate_all(db.engine)
    huey.flush()
    yield app
    huey.flush()
    huey.storage.close()
    with app.app_context():
        db.session.remove()
        truncate_all(db.engine)
        db.engine.dispose()


def _start_worker(postgres_url: str, smtp_port: int) -> subprocess.Popen:
    env = {**os.environ, "EVENTAPP_CONFIG": "development", "FLASK_APP": "wsgi", "DATABASE_URL": postgres_url,
           "TASK_QUEUE_URL": postgres_url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
           "TASK_WORKERS": "3", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "flask", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_worker_processes_never_send_a_message_twice_nor_lose_one(pg_queue_app, postgres_url, smtp_server):
    workers = [_start_worker(postgres_url, smtp_server.port) for _ in range(2)]
    try:
        with pg_queue_app.app_context():
            ids = []
            for n in range(MESSAGES):
                email = queue_email(kind="test", recipient=f"osoba{n}@example.org", subject=f"Nr {n}",
                                    text="Dzień dobry")
                db.session.flush()
                ids.append(email.id)
                if n % 10 == 9:
                    db.session.commit()  # each commit enqueues the delivery of its ten messages
            db.session.commit()
            for email_id in ids:  # a second task for every message: the two workers race for each
                deliver_email(email_id)
            sweep_outbox()
        wait_until(lambda: len(smtp_server.messages) >= MESSAGES, timeout=120)
        time.sleep(1.0)  # any duplicate would have arrived by now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        outputs = [worker.communicate(timeout=60)[0] for worker in workers]
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted(f"osoba{n}@example.org" for n in range(MESSAGES)), outputs
    with pg_queue_app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboundEmail.status == EmailStatus.SENT)) == MESSAGES
        assert db.session.scalar(select(func.max(OutboundEmail.attempts))) == 1
