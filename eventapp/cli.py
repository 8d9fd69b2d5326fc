"""Command-line tasks: `flask demo`, `flask create-account`."""

from __future__ import annotations

import time

import click
from flask import Flask
from sqlalchemy import select

from eventapp.extensions import db


def init_app(app: Flask) -> None:
    @app.cli.command("demo")
    @click.option("--reset", is_flag=True, help="Delete everything and load the demo again.")
    @click.option("--if-empty", is_flag=True, help="Load only into a database with no events.")
    def demo_command(reset: bool, if_empty: bool) -> None:
        """Load the demo events, people and registrations, then print the demo logins."""
        from eventapp import demo
        from eventapp.models import Event

        if if_empty and db.session.scalar(select(Event.id).limit(1)) is not None:
            click.echo("The database already has events; the demo was not loaded again.")
        else:
            if reset:
                demo.clear()
            summary = demo.load(progress=click.echo)
            click.echo(summary)
        click.echo(demo.logins_text(app.config["DEMO_PASSWORD"]))

    @app.cli.group("mail")
    def mail_group() -> None:
        """Outbound email."""

    @mail_group.command("deliver")
    @click.option("--loop", is_flag=True, help="Keep delivering (a worker process).")
    @click.option("--interval", default=15.0, show_default=True, help="Seconds between rounds with --loop.")
    def deliver_command(loop: bool, interval: float) -> None:
        """Send the queued messages that are due, retrying earlier failures."""
        from eventapp.mail.outbox import deliver_due

        def progress(done: int, total: int) -> None:
            click.echo(f"\r{done}/{total}", nl=done == total)

        while True:
            if "manage" in app.blueprints:  # agenda-change digests join the outbox first
                from eventapp.manage.notices import send_digests

                send_digests()
            report = deliver_due(progress=progress)
            click.echo(f"sent {report.sent}, to retry {report.retrying}, failed {report.failed}")
            if not loop:
                break
            time.sleep(interval)

    @app.cli.command("anonymise")
    @click.option("--days", default=90, show_default=True,
                  help="Anonymise events that finished more than this many days ago.")
    def anonymise_command(days: int) -> None:
        """Blank participants' personal data of long-finished events; statistics stay."""
        from eventapp.privacy.services import anonymise_finished_events

        count = anonymise_finished_events(days, progress=click.echo)
        click.echo(f"{count} registrations anonymised.")

    @app.cli.command("create-account")
    @click.argument("email")
    @click.argument("name")
    @click.option("--admin", is_flag=True, help="May create events and manage all of them.")
    @click.password_option()
    def create_account_command(email: str, name: str, admin: bool, password: str) -> None:
        """Create an account that can sign in."""
        from eventapp.auth.services import create_account

        create_account(email, name, password, is_admin=admin)
        db.session.commit()
        click.echo(f"Account {email} created.")
