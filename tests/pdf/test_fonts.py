"""Polish letters survive a round trip through a PDF made with the embedded font."""

import io

from reportlab.pdfgen import canvas

from eventapp.pdf.fonts import register_fonts
from tests.tools import needs, run

POLISH = "Zażółć gęślą jaźń — ĄĆĘŁŃÓŚŹŻ"


@needs("pdftotext")
def test_polish_letters_read_back_from_the_pdf(tmp_path):
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(regular, 12)
    pdf.drawString(72, 720, POLISH)
    pdf.setFont(bold, 12)
    pdf.drawString(72, 700, POLISH.upper())
    pdf.save()
    path = tmp_path / "polish.pdf"
    path.write_bytes(buffer.getvalue())
    text = run("pdftotext", str(path), "-", capture_output=True, text=True, check=True).stdout
    assert POLISH in text and POLISH.upper() in text
