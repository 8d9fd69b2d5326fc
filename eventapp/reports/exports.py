"""CSV and XLSX: participants with their attendance per day and item; the summary as XLSX.

The numbers come from the same services as the summary page, so a column's sum in
the participants file equals the figure on the page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from babel.dates import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from eventapp.labels import label
from eventapp.models import AgendaItem, Event, OrganisationType, RegistrationSource, RegistrationStatus
from eventapp.questions.answers import answer_cell
from eventapp.questions.report import answer_report
from eventapp.reports.services import AttendanceSummary, ParticipantTable
from eventapp.spreadsheets import defused, starts_like_formula

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SOURCE_LABELS = {
    RegistrationSource.ONLINE: _l("online form"),
    RegistrationSource.WALK_IN: _l("walk-in (registered at the door)"),
    RegistrationSource.ORGANISER: _l("added by the organiser"),
}

def day_heading(day: date, locale: str) -> str:
    return _("Attended %(date)s", date=format_date(day, "yyyy-MM-dd", locale=locale))


def item_heading(item: AgendaItem, event: Event, locale: str) -> str:
    start = item.start_dt.astimezone(event.tz)
    return f"{format_date(start.date(), 'yyyy-MM-dd', locale=locale)} {format_time(start, 'HH:mm', locale=locale)} {item.title}"


def _participant_headings(event: Event, table: ParticipantTable, locale: str) -> list[str]:
    return [
        _("No."), _("Surname"), _("First name"), _("Email"), _("Organisation"), _("Organisation type"),
        _("Position"), _("Status"), _("Registered through"), _("Language"), _("Registered at"),
        _("Days attended"),
        *(day_heading(d, locale) for d in table.days),
        *(item_heading(i, event, locale) for i in table.items),
        *(q.label(locale) for q in table.questions),
    ]


def _participant_values(event: Event, table: ParticipantTable, locale: str = "pl") -> Iterable[list]:
    # Translated names looked up once, not once per row (10,000 rows).
    statuses = {status: label(status) for status in RegistrationStatus}
    types = {org_type: label(org_type) for org_type in OrganisationType}
    sources = {source: str(text) for source, text in SOURCE_LABELS.items()}
    tz = event.tz
    for number, row in enumerate(table.rows, start=1):
        r = row.registration
        given = table.answers.get(r.id, {})
        yield [
            number, r.last_name, r.first_name, r.email, r.organisation, types[r.organisation_type], r.position,
            statuses[r.status], sources[r.source], r.language,
            r.created_at.astimezone(tz).replace(tzinfo=None, microsecond=0),
            len(row.days),
            *(int(d in row.days) for d in table.days),
            *(int(i.id in row.items) for i in table.items),
            *(answer_cell(q, given.get(q.id), r.source.value, locale) for q in table.questions),
        ]


def participants_csv(event: Event, table: ParticipantTable, locale: str, delimiter: str = ";") -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel shows Polish letters; semicolons by default
    (see `eventapp.csvfiles`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(_participant_headings(event, table, locale))
    for values in _participant_values(event, table, locale):
        writer.writerow([
            v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime) else defused(v) for v in values
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text_cell(sheet, value, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # A name like "=SUM(…)" stays text: never a formula.
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _write_rows(sheet, headings: list[str], rows: Iterable[list], widths: list[int] | None = None,
                formats: dict[int, str] | None = None) -> None:
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, h, bold=True) for h in headings])
    formats = formats or {}
    for values in rows:
        cells = list(values)
        for index, value in enumerate(cells):
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                # XML 1.0 has no place for \v, \f and most other control characters: a name pasted
                # with one must not stop the whole workbook.
                value = cells[index] = ILLEGAL_CHARACTERS_RE.sub(" ", value)
            if index in formats and value is not None and not isinstance(value, Cell):
                cells[index] = _formatted(sheet, value, formats[index])
            elif isinstance(value, str) and starts_like_formula(value):
                # openpyxl would store "=…" as a formula: keep anything formula-like a text cell.
                cells[index] = _text_cell(sheet, value)
        sheet.append(cells)


def _formatted(sheet, value, number_format: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def participants_xlsx(event: Event, table: ParticipantTable, locale: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(_("Participants")))
    headings = _participant_headings(event, table, locale)
    widths = [6, 20, 16, 28, 32, 26, 20, 16, 18, 9, 18, 10] + [14] * (len(headings) - 12)
    _write_rows(sheet, headings, _participant_values(event, table, locale), widths, formats={10: "yyyy-mm-dd hh:mm"})
    return _xlsx_bytes(workbook)


def _percent(value: float | None):
    return None if value is None else round(value, 4)


def summary_xlsx(summary: AttendanceSummary, locale: str) -> bytes:
    """The summary page as a workbook: one sheet per table, rates as percentages."""
    event = summary.event
    workbook = Workbook(write_only=True)
    pct = "0.0%"

    sheet = workbook.create_sheet(_sheet_title(_("Summary")))
    _write_rows(sheet, [_("Figure"), _("Value")], [
        [_("Event"), event.title],
        [_("Registered"), summary.registered],
        [_("Confirmed"), summary.confirmed],
        [_("On the waiting list"), summary.waitlisted],
        [_("Cancelled"), summary.cancelled],
        [_("Attended at least one day"), summary.attended],
        [_("Attended although cancelled"), summary.attended_cancelled],
        [_("Attended from the waiting list"), summary.attended_waitlisted],
        [_("Walk-ins (registered at the door)"), summary.walk_ins],
        [_("Walk-ins who attended"), summary.walk_ins_attended],
        [_("Confirmed advance registrations"), summary.expected],
        [_("No-shows"), summary.no_shows],
        [_("No-show rate"), _formatted(sheet, _percent(summary.no_show_rate), pct)],
    ], [42, 40])

    sheet = workbook.create_sheet(_sheet_title(_("Days")))
    _write_rows(sheet, [_("Day"), _("Attended"), _("Walk-ins"), _("Confirmed who came"), _("No-shows"),
                        _("No-show rate")],
                [[row.day, row.attended, row.walk_ins, row.expected_attended, row.no_shows,
                  _percent(row.no_show_rate)] for row in summary.per_day],
                [14, 12, 12, 18, 12, 14], formats={0: "yyyy-mm-dd", 5: pct})

    sheet = workbook.create_sheet(_sheet_title(_("Agenda items")))
    _write_rows(sheet, [_("Starts"), _("Title"), _("Room"), _("Attended")],
                [[row.item.start_dt.astimezone(event.tz).replace(tzinfo=None), row.item.title,
                  row.item.room.name if row.item.room else "", row.attended] for row in summary.items],
                [18, 60, 20, 12], formats={0: "yyyy-mm-dd hh:mm"})

    sheet = workbook.create_sheet(_sheet_title(_("Workshops")))
    _write_rows(sheet, [_("Workshop"), _("Seats"), _("Seats taken"), _("Waiting list"), _("Fill rate"),
                        _("Attended")],
                [[row.item.title, row.seat_limit, row.confirmed, row.waitlisted, _percent(row.fill_rate),
                  row.attended] for row in summary.workshops],
                [60, 10, 12, 12, 12, 12], formats={4: pct})

    sheet = workbook.create_sheet(_sheet_title(_("Organisation types")))
    _write_rows(sheet, [_("Organisation type"), _("Registered"), _("Confirmed"), _("Attended"),
                        *(day_heading(d, locale) for d in summary.days)],
                [[row.label, row.registered, row.confirmed, row.attended, *(row.per_day[d] for d in summary.days)]
                 for row in summary.by_type],
                [42, 12, 12, 12] + [16] * len(summary.days))

    sheet = workbook.create_sheet(_sheet_title(_("Organisations")))
    _write_rows(sheet, [_("Organisation"), _("Registered"), _("Confirmed"), _("Attended")],
                [[row.label or _("(not given)"), row.registered, row.confirmed, row.attended]
                 for row in summary.by_organisation],
                [50, 12, 12, 12])

    sheet = workbook.create_sheet(_sheet_title(_("Arrivals")))
    _write_rows(sheet, [_("Day"), _("From"), _("Check-ins")],
                # Times of day in the event's zone, as time cells: they sort and chart as times.
                [[arrivals.day, start.time().replace(tzinfo=None), count]
                 for arrivals in summary.arrivals for start, count in arrivals.buckets],
                [14, 10, 12], formats={0: "yyyy-mm-dd", 1: "hh:mm"})
    _answers_sheet(workbook, summary, locale)
    return _xlsx_bytes(workbook)


def _answers_sheet(workbook: Workbook, summary: AttendanceSummary, locale: str) -> None:
    """Counts per option of the event's own questions (declined apart), and expected per day."""
    report = answer_report(summary.event, {row.day: row.attended for row in summary.per_day}, locale)
    if not report.questions:
        return
    sheet = workbook.create_sheet(_sheet_title(_("Answers")))
    rows = [[counts.question.label(locale), text, count] for counts in report.questions
            for text, count in [*counts.options, *([(_("prefer not to answer"), counts.declined)]
                                                  if counts.question.allow_decline or counts.declined else [])]]
    rows += [[_("Expected and present per day"), row.day.isoformat(), f"{row.expected} / {row.present}"]
             for row in report.days]
    _write_rows(sheet, [_("Question"), _("Answer"), _("People")], rows, [50, 40, 12])
