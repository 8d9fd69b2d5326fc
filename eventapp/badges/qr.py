"""QR codes of badges. A code carries only the registration's `badge_code`: an unguessable
token that the check-in station resolves; no name, no email, no sequential id.

The SVG is written from the module matrix by hand (one path, no XML prolog) so that it can
sit inline in a page with role="img" and a translated label; the PNG goes into emails.
"""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from flask_babel import gettext as _
from markupsafe import Markup, escape
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

# Four modules of white around the code: the quiet zone scanners need.
QUIET_ZONE = 4


@lru_cache(maxsize=2048)
def qr_matrix(code: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, True for dark, without the quiet zone.

    Choosing the mask the standard asks for takes ~10 ms per code in pure Python: the cache
    spares a process that prints a sheet, then single badges, then shows pages, doing it twice."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(code.encode("ascii"), optimize=0)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


def dark_runs(matrix: tuple[tuple[bool, ...], ...]):
    """(row, column, length) of each horizontal run of dark modules: fewer shapes to draw."""
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield y, start, x - start
            else:
                x += 1


def qr_svg(code: str) -> Markup:
    """Inline SVG of the badge's QR code (scales to its box; label says what it is, not whose)."""
    matrix = qr_matrix(code)
    size = len(matrix) + 2 * QUIET_ZONE
    path = "".join(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{n}v1h-{n}z" for y, x, n in dark_runs(matrix))
    label = escape(_("QR code of the badge, shown at the check-in desk"))
    # Safe: numbers generated here and the escaped label are all that goes into the markup.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{label}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )


def qr_png(code: str, *, box_size: int = 8) -> bytes:
    """PNG of the badge's QR code (for emails), `box_size` pixels per module."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=box_size)
    qr.add_data(code.encode("ascii"), optimize=0)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(image_factory=PilImage, fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
