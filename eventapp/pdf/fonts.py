"""Embed DejaVu Sans in every PDF so that ą ć ę ł ń ó ś ź ż (and capitals) print.

reportlab's built-in Helvetica has no Polish letters; peers ship badges with the
diacritics dropped. The TTF files sit beside this module (licence included).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process; returns (regular, bold) font names."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        for name in (REGULAR, BOLD):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        # Paragraph markup (<b>) needs the family to know its bold face.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD
