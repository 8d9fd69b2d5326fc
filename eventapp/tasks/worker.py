"""`flask worker`: the one background process. A Huey consumer running every task and the
schedule (outbox sweep and digests every minute, job resumption, nightly anonymisation)."""

from __future__ import annotations

import importlib
import logging

import click
from flask import Flask, current_app

from eventapp.tasks import huey

# Every module that declares tasks; the web processes import them through their blueprints,
# the worker imports them all here so that it knows every task by name.
TASK_MODULES = (
    "eventapp.mail.tasks",
    "eventapp.manage.notices",
    "eventapp.manage.mailings",
    "eventapp.reports.certificates",
    "eventapp.privacy.services",
    "eventapp.reminders.sending",
)


def load_task_modules() -> None:
    for name in TASK_MODULES:
        importlib.import_module(name)


def create_consumer(workers: int | None = None, periodic: bool = True, **options):
    """A consumer on the configured storage with thread workers (tasks spend their time on SMTP and the database)."""
    if huey.immediate:
        raise click.ClickException("TASK_QUEUE_IMMEDIATE is on: tasks already run inside the web process.")
    return huey.create_consumer(workers=workers or current_app.config["TASK_WORKERS"], worker_type="thread",
                                periodic=periodic, check_worker_health=True, scheduler_interval=1, **options)


def enqueue_catch_up() -> None:
    """On start: pick up at once what a previous worker left behind, without waiting for the minute."""
    from eventapp.mail.tasks import sweep_outbox
    from eventapp.manage.mailings import resume_mailings
    from eventapp.manage.notices import send_change_digests
    from eventapp.reminders.sending import send_reminders
    from eventapp.reports.certificates import resume_certificate_batches

    for periodic in (sweep_outbox, send_change_digests, resume_mailings, resume_certificate_batches,
                     send_reminders):
        periodic()


def init_app(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--workers", type=int, default=None, help="Worker threads (default: TASK_WORKERS).")
    def worker_command(workers: int | None) -> None:
        """Run background work: mail delivery, digests, mailings, certificate ZIPs, anonymisation."""
        logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if app.config.get("LOG_LEVEL", "INFO") != "DEBUG":
            logging.getLogger("huey").setLevel(logging.WARNING)  # not a line per delivered message
        load_task_modules()
        consumer = create_consumer(workers)
        enqueue_catch_up()
        click.echo(f"worker: {consumer.workers} threads on {app.config['TASK_QUEUE_URL']}")
        consumer.run()
