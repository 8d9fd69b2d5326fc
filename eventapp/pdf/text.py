"""Text on PDF pages, for badges, attendance lists and certificates alike: what prints, how wide it
is, how it wraps, and the one fitting rule (shrink, then break onto more lines; a name never
loses a part and no line is ever wider than its box).

Each character is drawn with the first embedded font that has it: DejaVu, else the Noto Emoji
fallback; a character neither has (a private-use code, a stray control character) is left out
rather than printed as an empty box, and the text layer holds exactly what is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from eventapp.pdf.fonts import FALLBACK, register_fonts

ELLIPSIS = "…"


@cache
def _glyphs(font: str) -> frozenset[str]:
    """The characters `font` has a glyph for."""
    register_fonts()
    return frozenset(map(chr, pdfmetrics.getFont(font).face.charToGlyph))


def _font_for(char: str, font: str) -> str | None:
    if char in _glyphs(font):
        return font
    if char in _glyphs(FALLBACK):
        return FALLBACK
    return None


def printable(text: str, font: str) -> str:
    """`text` as it will print in `font`: any run of whitespace, line breaks or separators (\\n,
    U+2028, …) is one space, and characters no embedded font has are left out."""
    text = " ".join(text.split())
    if _glyphs(font).issuperset(text):  # nearly always: one set operation, in C
        return text
    return " ".join("".join(char for char in text if char == " " or _font_for(char, font)).split())


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` as (piece, font) runs: each character in `font` if it has it, else the fallback."""
    if _glyphs(font).issuperset(text):
        return [(text, font)] if text else []
    result: list[tuple[str, str]] = []
    for char in text:
        chosen = _font_for(char, font)
        if chosen is None:
            continue
        if result and result[-1][1] == chosen:
            result[-1] = (result[-1][0] + char, chosen)
        else:
            result.append((char, chosen))
    return result


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of `text` in points, fallback glyphs included."""
    return sum(pdfmetrics.stringWidth(piece, used, size) for piece, used in runs(text, font))


def draw(pdf: canvas.Canvas, text: str, font: str, size: float, x: float, y: float, *,
         align: str = "left") -> None:
    """One line at baseline `y`; `x` is its left edge, centre or right edge as `align` says."""
    text = printable(text, font)
    if align == "centre":
        x -= text_width(text, font, size) / 2
    elif align == "right":
        x -= text_width(text, font, size)
    for piece, used in runs(text, font):
        pdf.setFont(used, size)
        pdf.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, used, size)
    pdf.setFont(font, size)


# Wrapping and fitting.


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the box (a long surname) is cut into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def _tokens(text: str) -> list[tuple[str, str]]:
    """(piece, what joins it to the next) — a line may also break after a hyphen (Nowak-Jeziorańska)."""
    tokens: list[tuple[str, str]] = []
    for word in text.split():
        parts = word.split("-")
        tokens.extend((part + "-", "") for part in parts[:-1])
        tokens.append((parts[-1], " "))
    return [(piece, joint) for piece, joint in tokens if piece]


def wrap(text: str, font: str, size: float, width: float, *, break_words: bool = True) -> list[str] | None:
    """Greedy wrap to `width` points; no line is ever wider than `width`. A piece too wide for a
    line of its own is cut when `break_words`, else the text does not fit (None)."""
    text = printable(text, font)
    if text_width(text, font, size) <= width:  # most names: one measurement
        return [text] if text else []
    lines: list[str] = []
    current, joint = "", ""
    for piece, next_joint in _tokens(text):
        candidate = current + joint + piece if current else piece
        if text_width(candidate, font, size) <= width:
            current, joint = candidate, next_joint
            continue
        if current:
            lines.append(current)
        if text_width(piece, font, size) <= width:
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


def _lines(text: str | Sequence[str], font: str, size: float, width: float,
           break_words: bool) -> list[str] | None:
    """A name given as (first, last) stays on one line if it can, else each part starts a line."""
    if isinstance(text, str):
        return wrap(text, font, size, width, break_words=break_words)
    whole = wrap(" ".join(text), font, size, width, break_words=False)
    if whole is not None and len(whole) == 1:
        return whole
    lines: list[str] = []
    for part in filter(None, (printable(p, font) for p in text)):
        part_lines = wrap(part, font, size, width, break_words=break_words)
        if part_lines is None:
            return None
        lines.extend(part_lines)
    return lines


def fit(text: str | Sequence[str], font: str, width: float, *, largest: float, smallest: float,
        max_lines: int, ellipsis: bool = False) -> tuple[float, list[str]]:
    """The largest size (down to `smallest`) at which `text` fits in `max_lines` lines of `width`
    points: whole words first, then words cut where they must. Text that fits nowhere is set at
    `smallest` on as many lines as it needs — nothing is lost — unless `ellipsis` is asked for
    (a repeated page footer), which ends the last allowed line in "…"."""
    sizes = [largest]
    while sizes[-1] > smallest:
        sizes.append(max(smallest, sizes[-1] - 0.5))
    for break_words in (False, True):
        for size in sizes:
            lines = _lines(text, font, size, width, break_words)
            if lines is not None and len(lines) <= max_lines:
                return size, lines
    lines = _lines(text, font, smallest, width, True) or []
    if ellipsis and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + ELLIPSIS, font, smallest) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return smallest, lines


def block_height(lines: Sequence[str], size: float, leading: float) -> float:
    """From the top of the first line's capitals to the bottom of the last line's descenders."""
    return size * 0.76 + (len(lines) - 1) * size * leading + size * 0.3 if lines else 0.0


def draw_block(pdf: canvas.Canvas, text: str | Sequence[str], font: str, x: float, top: float, width: float, *,
               largest: float, smallest: float, max_lines: int, align: str = "left",
               leading: float = 1.18) -> float:
    """Draw fitted text with its first line's cap height at `top`; returns the y under it."""
    if not any(text):
        return top
    size, lines = fit(text, font, width, largest=largest, smallest=smallest, max_lines=max_lines)
    return draw_lines(pdf, lines, font, size, x, top, width, align=align, leading=leading)


def draw_lines(pdf: canvas.Canvas, lines: Sequence[str], font: str, size: float, x: float, top: float,
               width: float, *, align: str = "left", leading: float = 1.18) -> float:
    """Draw lines already fitted to `width`, the first one's cap height at `top`; returns the y under them."""
    origin = {"left": x, "centre": x + width / 2, "right": x + width}[align]
    y = top - size * 0.76
    for line in lines:
        draw(pdf, line, font, size, origin, y, align=align)
        y -= size * leading
    return top - block_height(lines, size, leading)
