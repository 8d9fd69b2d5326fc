"""`flask reports build-certificates`: build queued certificate ZIPs (a worker process)."""

from __future__ import annotations

import time

import click

from eventapp.reports import bp


@bp.cli.command("build-certificates")
@click.option("--loop", is_flag=True, help="Keep building as organisers ask (a worker process).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between looks with --loop.")
def build_certificates_command(loop: bool, interval: float) -> None:
    """Build the certificate ZIPs organisers asked for (with REPORTS_JOBS=worker)."""
    from eventapp.reports.certificates import build_certificate_batch, queued_batch_ids

    while True:
        for batch_id in queued_batch_ids():
            status = build_certificate_batch(batch_id)
            if status is not None:
                click.echo(f"batch {batch_id}: {status.value}")
        if not loop:
            break
        time.sleep(interval)
