"""Mail delivery as tasks of the one queue.

Every message a transaction put into the outbox gets a delivery task when (and only when)
that transaction commits; the sweep every minute enqueues whatever is due and has no task
any more (a retry whose pause is over, a lease left by a worker that died, a task lost
with a crashed process or a queue that was down at commit time).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import OutboundEmail
from eventapp.tasks import crontab, periodic_task, task

log = logging.getLogger(__name__)

# A message never tried is left to its own task for this long before the sweep takes it.
UNTRIED_GRACE = timedelta(minutes=1)
SWEEP_LIMIT = 1000


@task()
def deliver_email(email_id: int) -> None:
    """Send one message (rendering it first when it was queued as what is to be said)."""
    outbox.deliver_one(email_id)


@periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: enqueue the due messages that have no delivery task (retries, lost tasks)."""
    ids = outbox.due_ids(limit=SWEEP_LIMIT, untried_after=UNTRIED_GRACE)
    db.session.commit()  # end the read before the tasks run (at once, in immediate mode)
    for email_id in ids:
        deliver_email(email_id)
    return len(ids)


@event.listens_for(Session, "after_flush")
def _remember_new_messages(session: Session, _flush_context) -> None:
    for obj in session.new:
        if isinstance(obj, OutboundEmail):
            session.info.setdefault(outbox.PENDING_KEY, set()).add(obj.id)


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A SAVEPOINT released (SQLAlchemy fires after_commit for those too): the rows are not
        # committed yet, and a task run now (at once, in immediate mode) would find them missing
        # (PostgreSQL) or the database locked by this very transaction (SQLite). Wait for the real commit.
        return
    # Ids from a savepoint rolled back since are harmless: their claim finds no message.
    ids = session.info.pop(outbox.PENDING_KEY, None)
    if not ids:
        return
    try:
        for email_id in sorted(ids):
            deliver_email(email_id)
    except Exception:  # the queue is down: the messages are safe, the sweep sends them  # noqa: BLE001
        log.exception("could not enqueue delivery of %s messages; the sweep will send them", len(ids))
