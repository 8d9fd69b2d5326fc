"""Reading badges back the way a phone and a printer would: zbar for QR codes, poppler for PDFs."""

from __future__ import annotations

import re
from pathlib import Path

from tests.tools import run

POLISH_LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
# A name that holds every Polish letter, small and capital.
POLISH_FIRST, POLISH_LAST = "Zażółć Gęślą", "Jaźń-ĄĆĘŁŃÓŚŹŻ"


def zbar(png: Path) -> list[str]:
    """Every QR code zbarimg finds in the image, as decoded text (one entry per code)."""
    result = run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png),
                 capture_output=True, text=True)
    # zbarimg exits with 4 when it finds nothing: that is an answer, not a failure.
    assert result.returncode in (0, 4), result.stderr
    return [line for line in result.stdout.splitlines() if line]


def pdf_pages_as_png(pdf: Path, out: Path, *pages: int, dpi: int = 150) -> list[Path]:
    """The pages (all, or those numbered) rendered as a printer would, at 150 dpi."""
    out.mkdir(exist_ok=True)
    for first, last in [(p, p) for p in pages] or [(None, None)]:
        span = ["-f", str(first), "-l", str(last)] if first else []
        run("pdftoppm", "-r", str(dpi), *span, "-png", str(pdf), str(out / "page"), check=True)
    return sorted(out.glob("page-*.png"))


def pdf_codes_per_page(pdf: Path, out: Path, *pages: int) -> list[list[str]]:
    return [zbar(page) for page in pdf_pages_as_png(pdf, out, *pages)]


def sheet_codes_per_page(pdf: Path, out: Path, *pages: int, columns: int = 2, rows: int = 4) -> list[list[str]]:
    """The codes of each A4 sheet page, read badge by badge as they are after cutting.

    zbar looking for eight codes on one whole page now and then overlooks one that it reads
    at once on its own; a scanner at the door only ever sees one badge, so the test does too."""
    from PIL import Image

    result = []
    for page in pdf_pages_as_png(pdf, out, *pages):
        image = Image.open(page)
        width, height = image.size
        codes = []
        for row in range(rows):
            for column in range(columns):
                cell = page.with_name(f"{page.stem}-badge-{row}-{column}.png")
                image.crop((column * width // columns, row * height // rows,
                            (column + 1) * width // columns, (row + 1) * height // rows)).save(cell)
                codes += zbar(cell)
        result.append(codes)
    return result


def pdftotext(pdf: Path, *args: str) -> str:
    return run("pdftotext", *args, str(pdf), "-", capture_output=True, text=True, check=True).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    text = run("pdfinfo", str(pdf), capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", text, flags=re.M))


def words_with_boxes(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) for every word pdftotext finds, in points."""
    html = pdftotext(pdf, "-bbox")
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


def save(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path
