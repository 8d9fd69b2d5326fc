"""PDF badges: one A6 badge for a participant, and A4 sheets of eight for the organisers.

Text is set in DejaVu Sans (embedded: Polish letters print, an emoji falls back to Noto Emoji);
names and organisations that do not fit shrink first, then wrap (eventapp.pdf.text), never
losing a part and never running past the badge's edge. The QR code is drawn as vector shapes, so it is sharp at any size.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import pgettext
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from eventapp.badges.qr import QUIET_ZONE, dark_runs, qr_matrix
from eventapp.badges.services import BadgeRole, badge_role, by_surname, speaker_emails
from eventapp.models import Event, Registration
from eventapp.pdf.fonts import new_canvas, register_fonts
from eventapp.pdf.text import block_height, draw, draw_block, draw_lines, fit
from eventapp.templating import date_range

ROLE_COLOURS = {
    BadgeRole.PARTICIPANT: Color(0.043, 0.361, 0.678),  # the blue of the certificates
    BadgeRole.SPEAKER: Color(0.62, 0.13, 0.10),
}
INK = Color(0.1, 0.1, 0.1)
MUTED = Color(0.3, 0.3, 0.3)

# The sheet: 2 × 4 badges of 95 × 66 mm on A4, with 6 mm gutters for the cuts.
SHEET_COLUMNS, SHEET_ROWS = 2, 4
CARD_WIDTH, CARD_HEIGHT = 95 * mm, 66 * mm
GUTTER = 6 * mm
PER_SHEET = SHEET_COLUMNS * SHEET_ROWS
# QR modules sit on a grid of 1/150 inch (see _draw_qr).
GRID = 72 / 150


@dataclass(frozen=True)
class Badge:
    """What one badge shows, gathered once (the sheet draws hundreds)."""

    name: tuple[str, str]
    organisation: str
    role: BadgeRole
    event_title: str
    dates: str
    code: str


def role_label(role: BadgeRole) -> str:
    labels = {BadgeRole.PARTICIPANT: pgettext("badge", "Participant"),
              BadgeRole.SPEAKER: pgettext("badge", "Speaker")}
    return labels[role]


def _badge(registration: Registration, event: Event, speakers: frozenset[str]) -> Badge:
    return Badge(
        name=(registration.first_name.strip(), registration.last_name.strip()),
        organisation=registration.organisation or "",
        role=badge_role(registration, speakers),
        event_title=event.title,
        dates=date_range(event.start_date, event.end_date),
        code=registration.badge_code,
    )


# Drawing.


def _draw_qr(pdf: canvas.Canvas, code: str, x: float, y: float, size: float, page_height: float) -> None:
    """The code with its quiet zone, centred in the `size`-point square box whose lower-left
    corner is (x, y); a little smaller than the box when the grid asks for it.

    Modules are whole multiples of 1/150 inch placed on that grid (counted from the page's top
    left, as rasterisers count pixels): at 150, 300 or 600 dpi every module edge falls on a pixel
    edge, and no grey anti-aliased seams blur the code for scanners reading the printed page."""
    matrix = qr_matrix(code)
    modules = len(matrix) + 2 * QUIET_ZONE
    module = max(1, int(size / modules / GRID)) * GRID
    side = module * modules
    margin = (size - side) / 2
    left = round((x + margin) / GRID) * GRID
    top = page_height - round((page_height - (y + size - margin)) / GRID) * GRID
    pdf.setFillColor(white)
    pdf.rect(left, top - side, side, side, stroke=0, fill=1)
    pdf.saveState()
    # One unit per module, rows counted downwards from the top: every coordinate below is a
    # small integer, written as raw rectangles (a sheet of 300 badges has some 60,000 of them).
    pdf.transform(module, 0, 0, -module, left + QUIET_ZONE * module, top - QUIET_ZONE * module)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.addLiteral(" ".join(f"{column} {row} {run} 1 re" for row, column, run in dark_runs(matrix)) + " f")
    pdf.restoreState()


def _draw_role_band(pdf: canvas.Canvas, badge: Badge, x: float, y: float, width: float,
                    height: float, bold: str, largest: float) -> None:
    pdf.setFillColor(ROLE_COLOURS[badge.role])
    pdf.rect(x, y, width, height, stroke=0, fill=1)
    pdf.setFillColor(white)
    text = role_label(badge.role).upper()
    size, lines = fit(text, bold, width - 8 * mm, largest=largest, smallest=6, max_lines=1, ellipsis=True)
    draw(pdf, lines[0], bold, size, x + width / 2, y + (height - size * 0.72) / 2, align="centre")


def _draw_a6(pdf: canvas.Canvas, badge: Badge, fonts: tuple[str, str]) -> None:
    """Portrait A6: event at the top, the name large, the organisation, the QR code, the role."""
    regular, bold = fonts
    width, height = A6
    margin = 8 * mm
    inner = width - 2 * margin
    band = 14 * mm
    _draw_role_band(pdf, badge, 0, 0, width, band, bold, largest=18)

    pdf.setFillColor(MUTED)
    y = draw_block(pdf, badge.event_title, bold, margin, height - margin, inner,
                   largest=11, smallest=7, max_lines=2, align="centre")
    y = draw_block(pdf, badge.dates, regular, margin, y - 1.5 * mm, inner,
                   largest=9, smallest=6.5, max_lines=1, align="centre")
    pdf.setStrokeColor(MUTED)
    pdf.setLineWidth(0.5)
    pdf.line(margin, y - 2.5 * mm, width - margin, y - 2.5 * mm)
    pdf.setFillColor(INK)
    y = draw_block(pdf, badge.name, bold, margin, y - 8 * mm, inner,
                   largest=26, smallest=12, max_lines=2, align="centre", leading=1.12)
    pdf.setFillColor(MUTED)
    y = draw_block(pdf, badge.organisation, regular, margin, y - 3 * mm, inner,
                   largest=13, smallest=7.5, max_lines=2, align="centre")
    # The QR code takes the room left between the text and the band (about 60 mm: a phone
    # reads it from arm's length), centred in it.
    room = y - 3 * mm - (band + 3 * mm)
    qr_size = min(62 * mm, room)
    _draw_qr(pdf, badge.code, (width - qr_size) / 2, band + 3 * mm + (room - qr_size) / 2, qr_size, height)


def _draw_card(pdf: canvas.Canvas, badge: Badge, x: float, y: float, fonts: tuple[str, str]) -> None:
    """One badge of the sheet (95 × 66 mm, landscape): text on the left, the QR code on the right.

    The code is 40 mm wide when the name and organisation leave room for it; a very long name
    (the form takes 100 + 100 characters) makes it smaller, down to 22 mm, rather than run
    over the role band."""
    regular, bold = fonts
    width, height = CARD_WIDTH, CARD_HEIGHT
    pad = 4 * mm
    band = 9 * mm
    _draw_role_band(pdf, badge, x, y, width, band, bold, largest=12)

    pdf.setFillColor(MUTED)
    top = draw_block(pdf, badge.event_title, bold, x + pad, y + height - pad, width - 2 * pad,
                     largest=8.5, smallest=6, max_lines=2)
    top = draw_block(pdf, badge.dates, regular, x + pad, top - 1 * mm, width - 2 * pad,
                     largest=7, smallest=5.5, max_lines=1)
    floor = y + band + 2 * mm
    largest_qr = min(40 * mm, top - 2 * mm - floor)
    for qr_size in [largest_qr] + [side * mm for side in range(38, 21, -2) if side * mm < largest_qr]:
        qr_x = x + width - pad - qr_size + 2 * mm  # the quiet zone may reach into the padding
        column = qr_x - (x + pad) - 1 * mm
        name = fit(badge.name, bold, column, largest=17, smallest=8, max_lines=3)
        organisation = fit(badge.organisation, regular, column, largest=9, smallest=6, max_lines=3)
        needed = 4 * mm + block_height(name[1], name[0], 1.12) + 2 * mm + block_height(organisation[1],
                                                                                          organisation[0], 1.18)
        if top - needed >= floor:
            break
    _draw_qr(pdf, badge.code, qr_x, floor, qr_size, A4[1])
    pdf.setFillColor(INK)
    below = draw_lines(pdf, name[1], bold, name[0], x + pad, top - 4 * mm, column, leading=1.12)
    pdf.setFillColor(MUTED)
    draw_lines(pdf, organisation[1], regular, organisation[0], x + pad, below - 2 * mm, column)


def _card_origins() -> list[tuple[float, float]]:
    """Lower-left corners of the eight cards, row by row from the top of the page."""
    page_width, page_height = A4
    left = (page_width - SHEET_COLUMNS * CARD_WIDTH - (SHEET_COLUMNS - 1) * GUTTER) / 2
    bottom = (page_height - SHEET_ROWS * CARD_HEIGHT - (SHEET_ROWS - 1) * GUTTER) / 2
    return [
        (left + c * (CARD_WIDTH + GUTTER), bottom + (SHEET_ROWS - 1 - r) * (CARD_HEIGHT + GUTTER))
        for r in range(SHEET_ROWS) for c in range(SHEET_COLUMNS)
    ]


def _draw_cut_marks(pdf: canvas.Canvas) -> None:
    """Crop marks in the page margins on the line of every cut (guillotine style)."""
    page_width, page_height = A4
    origins = _card_origins()
    xs = sorted({x for x, _y in origins} | {x + CARD_WIDTH for x, _y in origins})
    ys = sorted({y for _x, y in origins} | {y + CARD_HEIGHT for _x, y in origins})
    gap = 1.5 * mm
    pdf.setStrokeColorRGB(0, 0, 0)
    pdf.setLineWidth(0.3)
    for x in xs:
        pdf.line(x, ys[-1] + gap, x, page_height - gap)
        pdf.line(x, gap, x, ys[0] - gap)
    for y in ys:
        pdf.line(gap, y, xs[0] - gap, y)
        pdf.line(xs[-1] + gap, y, page_width - gap, y)


def _new_canvas(buffer: io.BytesIO, pagesize, title: str, event: Event) -> canvas.Canvas:
    pdf = new_canvas(buffer, pagesize)
    pdf.setTitle(title)
    pdf.setSubject(event.title)
    pdf.setCreator("eventapp")
    return pdf


def badge_pdf(registration: Registration) -> bytes:
    """One participant's badge on an A6 page, in the current language."""
    fonts = register_fonts()
    event = registration.event
    badge = _badge(registration, event, speaker_emails(event))
    buffer = io.BytesIO()
    pdf = _new_canvas(buffer, A6, _("Badge") + f" — {registration.full_name}", event)
    _draw_a6(pdf, badge, fonts)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def badge_sheet_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """A4 sheets of eight badges with cut marks, people sorted by surname the Polish way.

    The caller chooses who is printed (the route passes every confirmed participant)."""
    fonts = register_fonts()
    speakers = speaker_emails(event)
    badges = [_badge(r, event, speakers) for r in by_surname(registrations)]
    buffer = io.BytesIO()
    pdf = _new_canvas(buffer, A4, _("Badges") + f" — {event.title}", event)
    origins = _card_origins()
    for start in range(0, max(len(badges), 1), PER_SHEET):
        _draw_cut_marks(pdf)
        for badge, (x, y) in zip(badges[start:start + PER_SHEET], origins, strict=False):
            _draw_card(pdf, badge, x, y, fonts)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
