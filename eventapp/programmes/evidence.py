"""Evidence for audits: one ZIP per event, and the archive-until hold on anonymisation.

The ZIP holds the attendance-list PDFs (per day and per workshop), the scans of the
signed paper lists that staff uploaded, the check-in log (CSV, undone check-ins
included), the consent texts with their versions and how many accepted each, the
summary (XLSX) and MANIFEST.csv with the SHA-256 and size of every other file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import (
    Account,
    CheckIn,
    ConsentText,
    Event,
    EvidenceScan,
    Programme,
    ProgrammeEvent,
    Registration,
    RegistrationConsent,
)
from eventapp.reports import services as reports
from eventapp.reports.attendance_list import attendance_list_pdf, day_heading, item_heading
from eventapp.reports.exports import summary_xlsx
from eventapp.uploads.services import UploadRejected, save_pdf, upload_root
from eventapp.uploads.services import delete as delete_upload


@rolls_back_on_refusal
def upload_scan(event: Event, file: FileStorage | None, account: Account) -> EvidenceScan:
    """Keep a scan (PDF) of a signed paper attendance list."""
    if file is None or not file.filename:
        raise Refusal(_("Please choose a PDF file."), field="scan")
    try:
        stored = save_pdf(file)
    except UploadRejected as rejected:
        raise Refusal(str(rejected), field="scan") from None
    scan = EvidenceScan(event_id=event.id, file_path=stored.path, original_filename=stored.original_name,
                        size_bytes=stored.size, uploaded_by_id=account.id)
    db.session.add(scan)
    db.session.commit()
    return scan


def event_scans(event: Event) -> list[EvidenceScan]:
    return list(db.session.scalars(
        select(EvidenceScan).where(EvidenceScan.event_id == event.id)
        .options(selectinload(EvidenceScan.uploaded_by)).order_by(EvidenceScan.id)
    ))


@rolls_back_on_refusal
def remove_scan(event: Event, scan_id: int) -> None:
    scan = db.session.get(EvidenceScan, scan_id)
    if scan is None or scan.event_id != event.id:
        raise Refusal(_("There is no such scan."))
    path = scan.file_path
    db.session.delete(scan)
    db.session.commit()
    delete_upload(path)


def _checkin_log(event: Event) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scanned_at_local", "recorded_at_local", "day", "agenda_item", "registration_id", "surname",
                     "first_name", "source", "station", "staff", "undone_at_local"])
    rows = db.session.scalars(
        select(CheckIn).where(CheckIn.event_id == event.id)
        .options(selectinload(CheckIn.registration), selectinload(CheckIn.staff))
        .order_by(CheckIn.scanned_at, CheckIn.id)
    )
    titles = {item.id: item.title for item in event.agenda_items}

    def local(value):
        return value.astimezone(event.tz).isoformat(timespec="seconds") if value else ""

    for c in rows:
        writer.writerow([local(c.scanned_at), local(c.recorded_at), c.day.isoformat(), titles.get(c.item_id, ""),
                         c.registration_id, c.registration.last_name, c.registration.first_name, c.source.value,
                         c.station or "", c.staff.email if c.staff else "", local(c.undone_at)])
    return out.getvalue().encode("utf-8-sig")


def _consents(event: Event) -> bytes:
    rows = db.session.execute(
        select(ConsentText, func.count(RegistrationConsent.id))
        .join(RegistrationConsent, RegistrationConsent.consent_text_id == ConsentText.id)
        .join(Registration, Registration.id == RegistrationConsent.registration_id)
        .where(Registration.event_id == event.id)
        .group_by(ConsentText.id).order_by(ConsentText.kind, ConsentText.version, ConsentText.language)
    ).all()
    lines = []
    for text, count in rows:
        lines += [f"## {text.kind.value} · version {text.version} · {text.language} · accepted by {count}",
                  "", text.text, ""]
    return "\n".join(lines or ["(no consents recorded)"]).encode("utf-8")


def evidence_files(event: Event, locale: str) -> list[tuple[str, bytes]]:
    """The files of the evidence ZIP, by name, without the manifest."""
    files: list[tuple[str, bytes]] = []
    for day in event.days:
        content, _pages = attendance_list_pdf(event, day_heading(event, day, locale), reports.day_list(event, day))
        files.append((f"attendance-lists/day-{day.isoformat()}.pdf", content))
    summary = reports.attendance_summary(event)
    for row in summary.workshops:
        content, _pages = attendance_list_pdf(event, item_heading(event, row.item, locale),
                                              reports.item_list(event, row.item))
        files.append((f"attendance-lists/item-{row.item.id}.pdf", content))
    for scan in event_scans(event):
        path = upload_root() / scan.file_path
        if path.is_file():
            name = scan.original_filename or f"scan-{scan.id}.pdf"
            files.append((f"signed-scans/{scan.id}-{name}", path.read_bytes()))
    files.append(("checkin-log.csv", _checkin_log(event)))
    files.append(("consents.txt", _consents(event)))
    files.append(("summary.xlsx", summary_xlsx(summary, locale)))
    return files


def manifest(files: list[tuple[str, bytes]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "sha256", "bytes"])
    for name, content in files:
        writer.writerow([name, hashlib.sha256(content).hexdigest(), len(content)])
    return out.getvalue().encode("utf-8")


def evidence_zip(event: Event, locale: str) -> bytes:
    """The ZIP for the auditor: every file, and MANIFEST.csv with their SHA-256."""
    files = evidence_files(event, locale)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
        archive.writestr("MANIFEST.csv", manifest(files))
    return buffer.getvalue()


# Archive hold


def archive_holds(events: list[Event]) -> dict[int, date]:
    """Events whose documents must be kept: {event id: keep until} (the event's own date wins)."""
    if not events:
        return {}
    rows = db.session.execute(
        select(ProgrammeEvent.event_id, ProgrammeEvent.archive_until, Programme.archive_until)
        .join(Programme, Programme.id == ProgrammeEvent.programme_id)
        .where(ProgrammeEvent.event_id.in_([e.id for e in events]))
    ).all()
    holds = {}
    for event_id, own, programme_date in rows:
        until = own or programme_date
        if until is not None:
            holds[event_id] = until
    return holds
