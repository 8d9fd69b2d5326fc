"""Embed DejaVu Sans in every PDF so that ą ć ę ł ń ó ś ź ż (and capitals) print.

reportlab's built-in Helvetica has no Polish letters; peers ship badges with the
diacritics dropped. The TTF files sit beside this module (licences included):
- DejaVu Sans and DejaVu Sans Bold (Bitstream Vera licence);
- Noto Emoji, the black-and-white emoji of Google's Noto family (SIL Open Font Licence 1.1,
  the static Regular instance as packaged in @expo-google-fonts/noto-emoji 0.4.7): the
  fallback for characters DejaVu lacks, so an emoji in a name prints instead of a box.

Every canvas is made by `new_canvas`, whose first font is DejaVu: reportlab's own default
(Helvetica, never embedded) is then not referenced by any page.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FALLBACK = "NotoEmoji-Regular"


def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process; returns (regular, bold) font names."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        _fix_to_unicode_beyond_the_bmp()
        for name in (REGULAR, BOLD, FALLBACK):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        # Paragraph markup (<b>) needs the family to know its bold face.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD


def new_canvas(output: BinaryIO, pagesize: tuple[float, float]) -> canvas.Canvas:
    """A compressed canvas whose initial font is embedded DejaVu (no stray Helvetica)."""
    register_fonts()
    return canvas.Canvas(output, pagesize=pagesize, pageCompression=1, initialFontName=REGULAR)


def _fix_to_unicode_beyond_the_bmp() -> None:
    """reportlab (5.x) writes each character of a subset's ToUnicode map as at least four hex
    digits, so an emoji (U+1F600) becomes the five digits <1F600>, which readers take for
    U+1F60: the text layer would no longer say what is printed. UTF-16 (a surrogate pair) is
    what PDF wants; characters of the Basic Multilingual Plane are written as before."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "utf16", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        cmap = original(fontname, [0x20 if code > 0xFFFF else code for code in subset])
        for index, code in enumerate(subset):
            if code > 0xFFFF:
                cmap = cmap.replace(f"<{index:02X}> <0020>", f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>", 1)
        return cmap

    make_to_unicode_cmap.utf16 = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
