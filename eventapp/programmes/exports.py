"""The programme report as XLSX: one sheet per table of the report page."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from eventapp.labels import label
from eventapp.programmes.report import ProgrammeReport
from eventapp.programmes.targets import unit_label

# A spreadsheet would run a cell that starts like a formula (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(book: Workbook, title: str, headings: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for index, heading in enumerate(headings):
        sheet.column_dimensions[chr(65 + index)].width = max(12, min(50, len(heading) + 4))


def report_xlsx(report: ProgrammeReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, _("Summary"), [_("Figure"), _("Number")], [
        [_("Unique people registered"), report.registered_people],
        [_("Unique people who attended"), report.attended_people],
        [_("Unique organisations that attended"), report.organisations],
        [_("People who attended more than one event"), len(report.repeat_people)],
    ])
    _sheet(book, _("By organisation type"), [_("Organisation type"), _("People"), _("Organisations")],
           [[str(label(r.org_type)), r.people, r.organisations] for r in report.by_type])
    _sheet(book, _("Per event"), [_("Event"), _("First day"), _("Registered"), _("Attended"),
                                  _("Organisations"), _("Also at another event")],
           [[r.event.title, r.event.start_date, r.registered, r.attended, r.organisations, r.returning]
            for r in report.per_event])
    _sheet(book, _("Per month"), [_("Month"), _("People"), _("Organisations")],
           [[r.month.strftime("%Y-%m"), r.people, r.organisations] for r in report.per_month])
    _sheet(book, _("Targets"), [_("Target"), _("Counts"), _("Goal"), _("Reached so far"), _("Progress (%)")],
           [[t.target.name, unit_label(t.target.unit), t.target.goal, t.count, t.percent] for t in report.targets])
    _sheet(book, _("More than one event"), [_("Name"), _("Email"), _("Organisation"), _("Events attended")],
           [[p.name, p.email, p.organisation,
             "; ".join(report.event_titles[e] for e in sorted(p.events_attended))] for p in report.repeat_people])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
