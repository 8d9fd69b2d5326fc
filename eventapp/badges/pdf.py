"""PDF badges: one A6 badge for a participant, and A4 sheets of eight for the organisers.

Text is set in DejaVu Sans (embedded: Polish letters print); names and organisations that
do not fit shrink first, then wrap, and as a last resort end in an ellipsis, never running
past the badge's edge. The QR code is drawn as vector shapes, so it is sharp at any size.
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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from eventapp.badges.qr import QUIET_ZONE, dark_runs, qr_matrix
from eventapp.badges.services import BadgeRole, badge_role, by_surname, speaker_emails
from eventapp.models import Event, Registration
from eventapp.pdf.fonts import register_fonts
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


# Fitting text into a box.


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the box (a long surname) is cut into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def _tokens(text: str) -> list[tuple[str, str]]:
    """(piece, what joins it to the next) — a line may also break after a hyphen (Nowak-Jeziorańska)."""
    tokens = []
    for word in text.split():
        parts = word.split("-")
        tokens.extend((part + "-", "") for part in parts[:-1])
        tokens.append((parts[-1], " "))
    return [(piece, joint) for piece, joint in tokens if piece]


def wrap(text: str, font: str, size: float, width: float, *, break_words: bool = True) -> list[str] | None:
    """Greedy wrap to `width` points; no line is ever wider than `width`. A piece too wide for a
    line of its own is cut when `break_words`, else the text does not fit (None)."""
    lines: list[str] = []
    current, joint = "", ""
    for piece, next_joint in _tokens(text):
        candidate = current + joint + piece if current else piece
        if stringWidth(candidate, font, size) <= width:
            current, joint = candidate, next_joint
            continue
        if current:
            lines.append(current)
        if stringWidth(piece, font, size) <= width:
            current, joint = piece, next_joint
            continue
        if not break_words:
            return None
        pieces = _break_word(piece, font, size, width)
        lines.extend(pieces[:-1])
        current, joint = pieces[-1], next_joint
    if current:
        lines.append(current)
    return lines


def _ellipsised(line: str, font: str, size: float, width: float) -> str:
    while line and stringWidth(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _lines(text: str | Sequence[str], font: str, size: float, width: float,
           break_words: bool) -> list[str] | None:
    """A name given as (first, last) stays on one line if it can, else each part starts a line."""
    if isinstance(text, str):
        return wrap(text, font, size, width, break_words=break_words)
    whole = wrap(" ".join(text), font, size, width, break_words=False)
    if whole is not None and len(whole) == 1:
        return whole
    lines: list[str] = []
    for part in filter(None, text):
        part_lines = wrap(part, font, size, width, break_words=break_words)
        if part_lines is None:
            return None
        lines.extend(part_lines)
    return lines


def fit(text: str | Sequence[str], font: str, width: float, *, largest: float, smallest: float,
        max_lines: int) -> tuple[float, list[str]]:
    """The largest size (down to `smallest`) at which `text` fits in `max_lines` lines: whole
    words first; then words cut where they must; at the smallest size, an ellipsis at the end."""
    sizes = [largest]
    while sizes[-1] > smallest:
        sizes.append(max(smallest, sizes[-1] - 0.5))
    for break_words in (False, True):
        for size in sizes:
            lines = _lines(text, font, size, width, break_words)
            if lines is not None and len(lines) <= max_lines:
                return size, lines
    kept = lines[:max_lines]
    kept[-1] = _ellipsised(kept[-1], font, smallest, width)
    return smallest, kept


def _text_block(pdf: canvas.Canvas, text: str | Sequence[str], font: str, x: float, top: float, width: float, *,
                largest: float, smallest: float, max_lines: int, centred: bool = False,
                leading: float = 1.18) -> float:
    """Draw fitted text with its first line's cap height at `top`; returns the y under it."""
    if not any(text):
        return top
    size, lines = fit(text, font, width, largest=largest, smallest=smallest, max_lines=max_lines)
    pdf.setFont(font, size)
    y = top - size * 0.76
    for line in lines:
        if centred:
            pdf.drawCentredString(x + width / 2, y, line)
        else:
            pdf.drawString(x, y, line)
        y -= size * leading
    return y + size * leading - size * 0.3


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
    size, lines = fit(text, bold, width - 8 * mm, largest=largest, smallest=6, max_lines=1)
    pdf.setFont(bold, size)
    pdf.drawCentredString(x + width / 2, y + (height - size * 0.72) / 2, lines[0])


def _draw_a6(pdf: canvas.Canvas, badge: Badge, fonts: tuple[str, str]) -> None:
    """Portrait A6: event at the top, the name large, the organisation, the QR code, the role."""
    regular, bold = fonts
    width, height = A6
    margin = 8 * mm
    inner = width - 2 * margin
    band = 14 * mm
    _draw_role_band(pdf, badge, 0, 0, width, band, bold, largest=18)

    pdf.setFillColor(MUTED)
    y = _text_block(pdf, badge.event_title, bold, margin, height - margin, inner,
                    largest=11, smallest=7, max_lines=2, centred=True)
    y = _text_block(pdf, badge.dates, regular, margin, y - 1.5 * mm, inner,
                    largest=9, smallest=6.5, max_lines=1, centred=True)
    pdf.setStrokeColor(MUTED)
    pdf.setLineWidth(0.5)
    pdf.line(margin, y - 2.5 * mm, width - margin, y - 2.5 * mm)
    pdf.setFillColor(INK)
    y = _text_block(pdf, badge.name, bold, margin, y - 8 * mm, inner,
                    largest=26, smallest=12, max_lines=2, centred=True, leading=1.12)
    pdf.setFillColor(MUTED)
    y = _text_block(pdf, badge.organisation, regular, margin, y - 3 * mm, inner,
                    largest=13, smallest=7.5, max_lines=2, centred=True)
    # The QR code takes the room left between the text and the band (about 60 mm: a phone
    # reads it from arm's length), centred in it.
    room = y - 3 * mm - (band + 3 * mm)
    qr_size = min(62 * mm, room)
    _draw_qr(pdf, badge.code, (width - qr_size) / 2, band + 3 * mm + (room - qr_size) / 2, qr_size, height)


def _draw_card(pdf: canvas.Canvas, badge: Badge, x: float, y: float, fonts: tuple[str, str]) -> None:
    """One badge of the sheet (95 × 66 mm, landscape): text on the left, the QR code on the right."""
    regular, bold = fonts
    width, height = CARD_WIDTH, CARD_HEIGHT
    pad = 4 * mm
    band = 9 * mm
    _draw_role_band(pdf, badge, x, y, width, band, bold, largest=12)

    pdf.setFillColor(MUTED)
    top = _text_block(pdf, badge.event_title, bold, x + pad, y + height - pad, width - 2 * pad,
                      largest=8.5, smallest=6, max_lines=2)
    top = _text_block(pdf, badge.dates, regular, x + pad, top - 1 * mm, width - 2 * pad,
                      largest=7, smallest=5.5, max_lines=1)
    qr_size = min(40 * mm, top - 2 * mm - (y + band + 2 * mm))
    qr_x = x + width - pad - qr_size + 2 * mm  # the quiet zone may reach into the padding
    _draw_qr(pdf, badge.code, qr_x, y + band + 2 * mm, qr_size, A4[1])
    column = qr_x - (x + pad) - 1 * mm
    pdf.setFillColor(INK)
    below = _text_block(pdf, badge.name, bold, x + pad, top - 4 * mm, column,
                        largest=17, smallest=8, max_lines=3, leading=1.12)
    pdf.setFillColor(MUTED)
    _text_block(pdf, badge.organisation, regular, x + pad, below - 2 * mm, column,
                largest=9, smallest=6, max_lines=3)


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
    pdf = canvas.Canvas(buffer, pagesize=pagesize, pageCompression=1)
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
