"""Back-office commands for worker processes."""

from __future__ import annotations

import time

import click

from eventapp.manage import bp


@click.group("notify")
def notify_group() -> None:
    """Tell people about changes."""


@notify_group.command("changes")
def changes_command() -> None:
    """Email each person one digest of the agenda changes since their last message."""
    from eventapp.manage.notices import send_digests

    click.echo(f"{send_digests()} messages queued.")


@notify_group.command("mailings")
@click.option("--loop", is_flag=True, help="Keep running (a worker process, with MANAGE_JOBS=worker).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between looks with --loop.")
def mailings_command(loop: bool, interval: float) -> None:
    """Queue the messages of the mailings organisers started."""
    from eventapp.manage.mailings import queued_mailing_ids, run_mailing

    while True:
        for mailing_id in queued_mailing_ids():
            status = run_mailing(mailing_id)
            if status is not None:
                click.echo(f"mailing {mailing_id}: {status.value}")
        if not loop:
            break
        time.sleep(interval)


# `flask notify changes`, at the top level like `flask mail deliver`.
bp.record_once(lambda state: state.app.cli.add_command(notify_group))
