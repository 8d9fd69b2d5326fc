"""Certificates of attendance (zaświadczenia o uczestnictwie), one PDF per attendee,
in the language the participant registered in; and all of them as one ZIP.

The ZIP is built by a background job whose progress is a database row
(`CertificateBatch`): any web process can show it, and a build whose heartbeat
stops (its process was restarted) is reported as interrupted and can be started again.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
import unicodedata
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from babel.dates import format_date, format_time
from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select, update

from eventapp.extensions import db
from eventapp.models import Account, Event, Registration, utcnow
from eventapp.models.reports import BatchStatus, CertificateBatch
from eventapp.pdf.fonts import new_canvas, register_fonts
from eventapp.pdf.text import draw, fit, wrap
from eventapp.reports.attendance_list import organisers_text, venue_text
from eventapp.reports.services import Attendance, attendance_of, attendances_of_attendees, event_has_ended
from eventapp.templating import format_locale

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = A4
# A running build that has not reported progress for this long was interrupted.
STALE_AFTER = timedelta(minutes=2)
PROGRESS_EVERY = 10


def certificate_number(registration: Registration) -> str:
    return f"{registration.event.slug.upper()}/{registration.id:05d}"


def certificate_pdf(attendance: Attendance) -> bytes:
    """One certificate, in the registration's language (Polish unless they chose English)."""
    registration = attendance.registration
    language = registration.language if registration.language in current_app.config["LANGUAGES"] else "pl"
    with force_locale(language):
        return _draw_certificate(attendance, language)


def _centred(pdf: canvas.Canvas, text: str | tuple[str, str], font: str, size: float, y: float, width: float,
             smallest: float | None = None) -> float:
    """Draw wrapped, centred text from baseline `y` down; returns the y under it. With `smallest`,
    text too long for one line shrinks down to it before it breaks onto more lines (a long name)."""
    size, lines = fit(text, font, width, largest=size, smallest=smallest or size, max_lines=1)
    for line in lines:
        draw(pdf, line, font, size, PAGE_WIDTH / 2, y, align="centre")
        y -= size * 1.35
    return y


def _draw_certificate(attendance: Attendance, language: str) -> bytes:
    regular, bold = register_fonts()
    registration = attendance.registration
    event = registration.event
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, A4)
    pdf.setTitle(_("Certificate of attendance") + f" — {registration.full_name}")
    pdf.setAuthor(organisers_text(event) or event.title)
    pdf.setSubject(event.title)
    width = PAGE_WIDTH - 2 * 72

    pdf.setStrokeColorRGB(0.043, 0.361, 0.678)
    pdf.setLineWidth(3)
    pdf.rect(28, 28, PAGE_WIDTH - 56, PAGE_HEIGHT - 56)
    pdf.setLineWidth(0.75)
    pdf.rect(36, 36, PAGE_WIDTH - 72, PAGE_HEIGHT - 72)

    y = PAGE_HEIGHT - 100
    organisers = organisers_text(event)
    if organisers:
        y = _centred(pdf, organisers, regular, 11, y, width) - 30
    else:
        y -= 30
    title = _("Certificate of attendance").upper()
    y = _centred(pdf, title, bold, 24, y, width, smallest=16) - 24
    y = _centred(pdf, _("This is to certify that"), regular, 13, y, width) - 10
    y = _centred(pdf, (registration.first_name, registration.last_name), bold, 22, y, width, smallest=14)
    if registration.organisation:
        y = _centred(pdf, registration.organisation, regular, 12, y - 2, width)
    y -= 14
    y = _centred(pdf, _("attended the event"), regular, 13, y, width) - 6
    y = _centred(pdf, f"„{event.title}”" if language == "pl" else f"“{event.title}”", bold, 16, y, width) - 6
    venue = venue_text(event)
    if venue:
        y = _centred(pdf, venue, regular, 11, y, width)
    y -= 18
    days = ", ".join(format_date(d, "long", locale=format_locale(language)) for d in attendance.days)
    label = _("Day attended:") if len(attendance.days) == 1 else _("Days attended:")
    y = _centred(pdf, f"{label} {days}", regular, 12, y, width)
    if attendance.items:
        y -= 12
        y = _centred(pdf, _("Sessions attended:"), bold, 11, y, width)
        for item in attendance.items:
            start = item.start_dt.astimezone(event.tz)
            when = f"{format_date(start.date(), 'd MMMM', locale=language)} {format_time(start, 'HH:mm', locale=language)}"
            y = _centred(pdf, f"{when} — {item.title}", regular, 10.5, y, width)

    if event.funding_note:
        note_y = 150
        for line in wrap(event.funding_note, regular, 9, width) or []:
            draw(pdf, line, regular, 9, PAGE_WIDTH / 2, note_y, align="centre")
            note_y -= 12
    issued = format_date(utcnow().astimezone(event.tz).date(), "long", locale=format_locale(language))
    draw(pdf, _("Certificate no. %(number)s", number=certificate_number(registration)), regular, 9, 72, 92)
    draw(pdf, _("Issued on %(date)s", date=issued), regular, 9, 72, 80)
    pdf.line(PAGE_WIDTH - 72 - 180, 92, PAGE_WIDTH - 72, 92)
    draw(pdf, _("For the organiser"), regular, 9, PAGE_WIDTH - 72 - 90, 80, align="centre")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def certificate_for_token(event: Event, registration: Registration | None,
                          now: datetime | None = None) -> Attendance | None:
    """The attendance behind a participant's certificate link; None when there is no certificate
    to give (wrong link, never checked in, or the event is not over yet)."""
    if registration is None or registration.event_id != event.id:
        return None
    attendance = attendance_of(registration, now)
    return attendance if attendance.certificate_available else None


def _ascii_name(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "x"


def certificate_filename(registration: Registration) -> str:
    """ASCII file names: every unzip tool and every mail client keeps them intact."""
    return f"{_ascii_name(registration.last_name)}-{_ascii_name(registration.first_name)}-{registration.id}.pdf"


# The ZIP of all certificates, built in the background.


def reports_folder() -> Path:
    folder = Path(current_app.config.get("REPORTS_FOLDER") or Path(current_app.instance_path) / "reports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_stale(batch: CertificateBatch, now: datetime | None = None) -> bool:
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return False
    last_sign = batch.heartbeat_at or batch.created_at
    return (now or utcnow()) - last_sign > STALE_AFTER


def latest_batch(event: Event) -> CertificateBatch | None:
    return db.session.scalar(
        select(CertificateBatch).where(CertificateBatch.event_id == event.id)
        .order_by(CertificateBatch.created_at.desc(), CertificateBatch.id.desc()).limit(1)
    )


def event_batch(event: Event, batch_id: int) -> CertificateBatch | None:
    batch = db.session.get(CertificateBatch, batch_id)
    return batch if batch is not None and batch.event_id == event.id else None


class CertificatesUnavailable(Exception):
    """The event is not over, or nobody attended: there is nothing to certify yet."""


def start_certificate_batch(event: Event, account: Account) -> CertificateBatch:
    """Queue a ZIP build (or return the one already under way) and start it after the commit."""
    # Serialise concurrent clicks of several organisers on the event row.
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    if not event_has_ended(event):
        db.session.rollback()
        raise CertificatesUnavailable(_("Certificates can be issued once the event is over."))
    current = latest_batch(event)
    if current is not None and current.status in (BatchStatus.QUEUED, BatchStatus.RUNNING) \
            and not is_stale(current):
        db.session.rollback()
        return current
    total = len(attendances_of_attendees(event))
    if total == 0:
        db.session.rollback()
        raise CertificatesUnavailable(_("Nobody has attended yet: there are no certificates to issue."))
    if current is not None and is_stale(current):
        current.status = BatchStatus.FAILED
        current.error = "interrupted"
        current.finished_at = utcnow()
    batch = CertificateBatch(event_id=event.id, requested_by_id=account.id, total=total,
                             status=BatchStatus.QUEUED, heartbeat_at=utcnow())
    db.session.add(batch)
    db.session.commit()
    _run_after_commit(batch.id)
    return batch


def _run_after_commit(batch_id: int) -> None:
    """REPORTS_JOBS = "thread" (default): a background thread of this process; "inline": now,
    in this request (tests); "worker": left to `flask reports build-certificates --loop`."""
    mode = current_app.config.get("REPORTS_JOBS", "thread")
    if mode == "worker":
        return
    if mode == "inline":
        build_certificate_batch(batch_id)
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    threading.Thread(target=_build_in_thread, args=(app, batch_id), daemon=True).start()


def _build_in_thread(app: Flask, batch_id: int) -> None:
    with app.app_context():
        try:
            build_certificate_batch(batch_id)
        finally:
            db.session.remove()


def build_certificate_batch(batch_id: int) -> BatchStatus | None:
    """Build the ZIP of a queued batch, reporting progress in its row; None if another worker has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(CertificateBatch)
        .where(CertificateBatch.id == batch_id, CertificateBatch.status == BatchStatus.QUEUED)
        .values(status=BatchStatus.RUNNING, started_at=now, heartbeat_at=now)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    batch = db.session.get(CertificateBatch, batch_id)
    event = db.session.get(Event, batch.event_id)
    folder = reports_folder()
    final_name = f"certificates-{_ascii_name(event.slug)}-{batch.id}.zip"
    partial = folder / f".{final_name}.part"
    try:
        people = attendances_of_attendees(event)
        batch.total = len(people)
        db.session.commit()
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, attendance in enumerate(people, start=1):
                archive.writestr(certificate_filename(attendance.registration), certificate_pdf(attendance))
                if done % PROGRESS_EVERY == 0 or done == len(people):
                    batch.done = done
                    batch.heartbeat_at = utcnow()
                    db.session.commit()
        os.replace(partial, folder / final_name)
    except Exception as error:  # the row must say it failed, whatever went wrong  # noqa: BLE001
        db.session.rollback()
        log.exception("certificate batch %s failed", batch_id)
        partial.unlink(missing_ok=True)
        batch = db.session.get(CertificateBatch, batch_id)
        batch.status = BatchStatus.FAILED
        batch.error = f"{type(error).__name__}: {error}"[:2000]
        batch.finished_at = utcnow()
        db.session.commit()
        return BatchStatus.FAILED
    batch.status = BatchStatus.DONE
    batch.file_name = final_name
    batch.finished_at = utcnow()
    _remove_older_zips(event, keep=batch.id)
    db.session.commit()
    return BatchStatus.DONE


def queued_batch_ids() -> list[int]:
    return list(db.session.scalars(
        select(CertificateBatch.id).where(CertificateBatch.status == BatchStatus.QUEUED).order_by(CertificateBatch.id)
    ))


def _remove_older_zips(event: Event, keep: int) -> None:
    """Only the newest ZIP of an event stays on disk: older ones hold outdated personal data."""
    older = db.session.scalars(
        select(CertificateBatch).where(CertificateBatch.event_id == event.id, CertificateBatch.id != keep,
                                       CertificateBatch.file_name.is_not(None))
    )
    for batch in older:
        (reports_folder() / batch.file_name).unlink(missing_ok=True)
        batch.file_name = None


def batch_file(batch: CertificateBatch) -> Path | None:
    if batch.status != BatchStatus.DONE or not batch.file_name:
        return None
    path = reports_folder() / batch.file_name
    return path if path.is_file() else None


def batch_progress(batch: CertificateBatch) -> dict:
    """What the progress page polls: JSON-ready."""
    status = BatchStatus.FAILED if is_stale(batch) else batch.status
    return {
        "id": batch.id,
        "status": status.value,
        "done": batch.done,
        "total": batch.total,
        "percent": round(100 * batch.done / batch.total) if batch.total else 0,
    }

