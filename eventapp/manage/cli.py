"""`flask notify changes`: send the agenda-change digests now (the worker does it by itself)."""

from __future__ import annotations

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


# `flask notify changes`, at the top level like `flask mail deliver`.
bp.record_once(lambda state: state.app.cli.add_command(notify_group))
