"""Printable attendance lists (listy obecności): per day and per workshop, signed on paper.

Every page repeats the heading EU-funded projects must show (event, date, venue,
organisers, funding note) so that a single page filed on its own is still complete.
Drawn straight on the canvas with fixed row heights: the page count is known in
advance ("page 3 of 40") and 2,000 people take well under a second.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_time
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from eventapp.models import AgendaItem, Event, OrganisationPart, Registration
from eventapp.pdf.fonts import register_fonts
from eventapp.templating import format_locale

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40
ROW_HEIGHT = 22
# Numbered empty rows at the end for people who come without being on the list.
BLANK_ROWS = 10
FOOTER_HEIGHT = 24


@dataclass
class ListHeading:
    title: str  # "Attendance list"
    lines: list[tuple[str, str]]  # (label, text), e.g. ("Date", "Tuesday, 12 May 2026")


def venue_text(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address, event.venue_city) if p)


def organisers_text(event: Event) -> str:
    parts = (OrganisationPart.ORGANISER, OrganisationPart.CO_ORGANISER)
    return ", ".join(o.name for o in event.organisations if o.part in parts)


def _common_lines(event: Event) -> list[tuple[str, str]]:
    lines = [(_("Venue"), venue_text(event))]
    organisers = organisers_text(event)
    if organisers:
        lines.append((_("Organisers"), organisers))
    return lines


def day_heading(event: Event, day: date, locale: str) -> ListHeading:
    return ListHeading(_("Attendance list"), [
        (_("Event"), event.title),
        (_("Date"), format_date(day, "full", locale=format_locale(locale))),
        *_common_lines(event),
    ])


def item_heading(event: Event, item: AgendaItem, locale: str) -> ListHeading:
    start, end = item.start_dt.astimezone(event.tz), item.end_dt.astimezone(event.tz)
    when = (f"{format_date(start.date(), 'full', locale=format_locale(locale))}, "
            f"{format_time(start, 'HH:mm', locale=locale)}–{format_time(end, 'HH:mm', locale=locale)}")
    if item.room:
        when += f", {item.room.name}"
    return ListHeading(_("Attendance list"), [
        (_("Event"), event.title),
        (_("Session"), item.title),
        (_("Date"), when),
        *_common_lines(event),
    ])


def _fit(text: str, font: str, size: float, width: float, smallest: float = 7) -> tuple[str, float]:
    """Shrink the font down to `smallest`, then cut with an ellipsis, so text stays in its cell."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size


class _Layout:
    """Where everything goes; computed once, the same on every page."""

    def __init__(self, heading: ListHeading, funding_note: str | None, regular: str, bold: str):
        self.regular, self.bold = regular, bold
        inner = PAGE_WIDTH - 2 * MARGIN
        self.label_width = max(stringWidth(f"{lbl}:", bold, 9) for lbl, _text in heading.lines) + 6
        self.heading_lines: list[tuple[str, list[str]]] = [
            (lbl, simpleSplit(text, regular, 9, inner - self.label_width) or [""]) for lbl, text in heading.lines
        ]
        self.funding_lines = simpleSplit(funding_note, regular, 8, inner) if funding_note else []
        height = 20 + sum(12 * len(lines) for _lbl, lines in self.heading_lines) + 4
        if self.funding_lines:
            height += 10 * len(self.funding_lines) + 6
        self.heading_height = height
        self.table_top = PAGE_HEIGHT - MARGIN - height
        number, name, organisation = 30, 175, 165
        self.columns = [number, name, organisation, inner - number - name - organisation]
        usable = self.table_top - ROW_HEIGHT - (MARGIN + FOOTER_HEIGHT)
        self.rows_per_page = max(1, int(usable // ROW_HEIGHT))


def attendance_list_pdf(event: Event, heading: ListHeading, registrations: Sequence[Registration]) -> tuple[bytes, int]:
    """The list as PDF bytes and its number of pages."""
    regular, bold = register_fonts()
    layout = _Layout(heading, event.funding_note, regular, bold)
    total_rows = len(registrations) + BLANK_ROWS
    pages = max(1, math.ceil(total_rows / layout.rows_per_page))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{heading.title} — {heading.lines[1][1] if len(heading.lines) > 1 else event.title}")
    pdf.setAuthor(organisers_text(event) or event.title)
    pdf.setSubject(event.title)
    for page in range(pages):
        _draw_heading(pdf, layout, heading)
        _draw_table_head(pdf, layout)
        first = page * layout.rows_per_page
        for offset in range(min(layout.rows_per_page, total_rows - first)):
            index = first + offset
            registration = registrations[index] if index < len(registrations) else None
            _draw_row(pdf, layout, offset, index + 1, registration)
        _draw_footer(pdf, layout, heading, page + 1, pages)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue(), pages


def _draw_heading(pdf: canvas.Canvas, layout: _Layout, heading: ListHeading) -> None:
    y = PAGE_HEIGHT - MARGIN - 12
    pdf.setFont(layout.bold, 14)
    pdf.drawString(MARGIN, y, heading.title.upper())
    y -= 20
    for lbl, lines in layout.heading_lines:
        pdf.setFont(layout.bold, 9)
        pdf.drawString(MARGIN, y, f"{lbl}:")
        pdf.setFont(layout.regular, 9)
        for line in lines:
            pdf.drawString(MARGIN + layout.label_width, y, line)
            y -= 12
    if layout.funding_lines:
        y -= 2
        pdf.setFont(layout.regular, 8)
        for line in layout.funding_lines:
            pdf.drawString(MARGIN, y, line)
            y -= 10


def _draw_table_head(pdf: canvas.Canvas, layout: _Layout) -> None:
    top = layout.table_top
    pdf.setFillGray(0.9)
    pdf.rect(MARGIN, top - ROW_HEIGHT, sum(layout.columns), ROW_HEIGHT, stroke=1, fill=1)
    pdf.setFillGray(0)
    pdf.setFont(layout.bold, 9)
    titles = [_("No."), _("Surname and first name"), _("Organisation"), _("Signature")]
    x = MARGIN
    for width, title in zip(layout.columns, titles, strict=True):
        text, size = _fit(title, layout.bold, 9, width - 8)
        pdf.setFont(layout.bold, size)
        pdf.drawString(x + 4, top - ROW_HEIGHT + 7, text)
        x += width


def _draw_row(pdf: canvas.Canvas, layout: _Layout, offset: int, number: int,
              registration: Registration | None) -> None:
    top = layout.table_top - ROW_HEIGHT * (offset + 1)
    bottom = top - ROW_HEIGHT
    x = MARGIN
    pdf.setLineWidth(0.5)
    for width in layout.columns:
        pdf.rect(x, bottom, width, ROW_HEIGHT, stroke=1, fill=0)
        x += width
    baseline = bottom + 7
    pdf.setFont(layout.regular, 9)
    pdf.drawRightString(MARGIN + layout.columns[0] - 4, baseline, f"{number}.")
    if registration is None:
        return
    name = f"{registration.last_name} {registration.first_name}".strip()
    for column, (text, font) in ((1, (name, layout.bold)), (2, (registration.organisation, layout.regular))):
        fitted, size = _fit(text, font, 9.5, layout.columns[column] - 8)
        pdf.setFont(font, size)
        pdf.drawString(MARGIN + sum(layout.columns[:column]) + 4, baseline, fitted)


def _draw_footer(pdf: canvas.Canvas, layout: _Layout, heading: ListHeading, page: int, pages: int) -> None:
    pdf.setFont(layout.regular, 8)
    y = MARGIN
    subject = heading.lines[1][1] if len(heading.lines) > 1 else ""
    text, size = _fit(f"{heading.title} · {subject}", layout.regular, 8, PAGE_WIDTH - 2 * MARGIN - 90)
    pdf.setFont(layout.regular, size)
    pdf.drawString(MARGIN, y, text)
    pdf.setFont(layout.regular, 8)
    pdf.drawRightString(PAGE_WIDTH - MARGIN, y, _("Page %(page)d of %(pages)d", page=page, pages=pages))
