"""Where messages go: a real SMTP server, or (with no MAIL_SERVER) a folder of .eml files."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app


def send(message: bytes, sender: str, recipients: list[str]) -> None:
    """Hand one message over; raises on any failure so the outbox can retry."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _write_to_folder(message, Path(config["MAIL_FOLDER"]))
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.sendmail(sender, recipients, message)


def _write_to_folder(message: bytes, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    (folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(message)
