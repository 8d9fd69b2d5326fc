"""Printable attendance lists (listy obecności): per day and per workshop, signed on paper.

Every page repeats the heading EU-funded projects must show (event, date, venue,
organisers, funding note) so that a single page filed on its own is still complete.
Drawn straight on the canvas; a row is as tall as its longest name or organisation (one line
for nearly everyone), and every row is measured before the first page is drawn, so the page
count is known in advance ("page 3 of 40").
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_time
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from eventapp.models import AgendaItem, Event, OrganisationPart, Registration
from eventapp.pdf.fonts import new_canvas, register_fonts
from eventapp.pdf.text import block_height, draw, draw_lines, fit, text_width, wrap
from eventapp.templating import format_locale

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40
ROW_HEIGHT = 22
# Numbered empty rows at the end for people who come without being on the list.
BLANK_ROWS = 10
FOOTER_HEIGHT = 24
LEADING = 1.15


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


@dataclass
class _Row:
    number: int
    registration: Registration | None
    height: float
    # (font, size, lines) for the name and the organisation columns, fitted to their width
    cells: list[tuple[str, float, list[str]]]


class _Layout:
    """Where everything goes; computed once, the same on every page."""

    def __init__(self, heading: ListHeading, funding_note: str | None, regular: str, bold: str):
        self.regular, self.bold = regular, bold
        inner = PAGE_WIDTH - 2 * MARGIN
        self.label_width = max(text_width(f"{lbl}:", bold, 9) for lbl, _text in heading.lines) + 6
        self.heading_lines: list[tuple[str, list[str]]] = [
            (lbl, wrap(text, regular, 9, inner - self.label_width) or [""]) for lbl, text in heading.lines
        ]
        self.funding_lines = (wrap(funding_note, regular, 8, inner) or []) if funding_note else []
        height = 20 + sum(12 * len(lines) for _lbl, lines in self.heading_lines) + 4
        if self.funding_lines:
            height += 10 * len(self.funding_lines) + 6
        self.heading_height = height
        self.table_top = PAGE_HEIGHT - MARGIN - height
        number, name, organisation = 30, 175, 165
        self.columns = [number, name, organisation, inner - number - name - organisation]
        self.usable = self.table_top - ROW_HEIGHT - (MARGIN + FOOTER_HEIGHT)

    def row(self, number: int, registration: Registration | None) -> _Row:
        """A row as tall as its longest cell: a name shrinks to 7 pt, then takes more lines."""
        if registration is None:
            return _Row(number, None, ROW_HEIGHT, [])
        cells = []
        for column, text, font in ((1, (registration.last_name, registration.first_name), self.bold),
                                   (2, registration.organisation or "", self.regular)):
            size, lines = fit(text, font, self.columns[column] - 8, largest=9.5, smallest=7, max_lines=1)
            cells.append((font, size, lines))
        tallest = max(block_height(lines, size, LEADING) for _font, size, lines in cells)
        return _Row(number, registration, max(ROW_HEIGHT, tallest + 10), cells)

    def pages(self, registrations: Sequence[Registration]) -> list[list[_Row]]:
        """The rows (people, then blank ones) cut into pages; the page count is known before drawing."""
        rows = [self.row(n, r) for n, r in enumerate(registrations, start=1)]
        rows += [self.row(len(rows) + n, None) for n in range(1, BLANK_ROWS + 1)]
        pages: list[list[_Row]] = [[]]
        used = 0.0
        for row in rows:
            if pages[-1] and used + row.height > self.usable:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += row.height
        return pages


def attendance_list_pdf(event: Event, heading: ListHeading, registrations: Sequence[Registration]) -> tuple[bytes, int]:
    """The list as PDF bytes and its number of pages."""
    regular, bold = register_fonts()
    layout = _Layout(heading, event.funding_note, regular, bold)
    pages = layout.pages(registrations)
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, A4)
    pdf.setTitle(f"{heading.title} — {heading.lines[1][1] if len(heading.lines) > 1 else event.title}")
    pdf.setAuthor(organisers_text(event) or event.title)
    pdf.setSubject(event.title)
    for number, rows in enumerate(pages, start=1):
        _draw_heading(pdf, layout, heading)
        _draw_table_head(pdf, layout)
        top = layout.table_top - ROW_HEIGHT
        for row in rows:
            _draw_row(pdf, layout, top, row)
            top -= row.height
        _draw_footer(pdf, layout, heading, number, len(pages))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue(), len(pages)


def _draw_heading(pdf: canvas.Canvas, layout: _Layout, heading: ListHeading) -> None:
    y = PAGE_HEIGHT - MARGIN - 12
    draw(pdf, heading.title.upper(), layout.bold, 14, MARGIN, y)
    y -= 20
    for lbl, lines in layout.heading_lines:
        draw(pdf, f"{lbl}:", layout.bold, 9, MARGIN, y)
        for line in lines:
            draw(pdf, line, layout.regular, 9, MARGIN + layout.label_width, y)
            y -= 12
    if layout.funding_lines:
        y -= 2
        for line in layout.funding_lines:
            draw(pdf, line, layout.regular, 8, MARGIN, y)
            y -= 10


def _draw_table_head(pdf: canvas.Canvas, layout: _Layout) -> None:
    top = layout.table_top
    pdf.setFillGray(0.9)
    pdf.rect(MARGIN, top - ROW_HEIGHT, sum(layout.columns), ROW_HEIGHT, stroke=1, fill=1)
    pdf.setFillGray(0)
    titles = [_("No."), _("Surname and first name"), _("Organisation"), _("Signature")]
    x: float = MARGIN
    for width, title in zip(layout.columns, titles, strict=True):
        size, lines = fit(title, layout.bold, width - 8, largest=9, smallest=6, max_lines=1, ellipsis=True)
        draw(pdf, lines[0], layout.bold, size, x + 4, top - ROW_HEIGHT + 7)
        x += width


def _draw_row(pdf: canvas.Canvas, layout: _Layout, top: float, row: _Row) -> None:
    bottom = top - row.height
    x: float = MARGIN
    pdf.setLineWidth(0.5)
    for width in layout.columns:
        pdf.rect(x, bottom, width, row.height, stroke=1, fill=0)
        x += width
    number_top = top - (row.height - block_height(["1."], 9, LEADING)) / 2
    draw(pdf, f"{row.number}.", layout.regular, 9, MARGIN + layout.columns[0] - 4, number_top - 9 * 0.76,
         align="right")
    for column, (font, size, lines) in enumerate(row.cells, start=1):
        # Centred in the row's height: one line sits where it always did, several share the row.
        block_top = top - (row.height - block_height(lines, size, LEADING)) / 2
        draw_lines(pdf, lines, font, size, MARGIN + sum(layout.columns[:column]) + 4, block_top,
                   layout.columns[column] - 8, leading=LEADING)


def _draw_footer(pdf: canvas.Canvas, layout: _Layout, heading: ListHeading, page: int, pages: int) -> None:
    y = MARGIN
    subject = heading.lines[1][1] if len(heading.lines) > 1 else ""
    size, lines = fit(f"{heading.title} · {subject}", layout.regular, PAGE_WIDTH - 2 * MARGIN - 90,
                      largest=8, smallest=7, max_lines=1, ellipsis=True)
    draw(pdf, lines[0], layout.regular, size, MARGIN, y)
    draw(pdf, _("Page %(page)d of %(pages)d", page=page, pages=pages), layout.regular, 8,
         PAGE_WIDTH - MARGIN, y, align="right")
