"""A material's PDF downloads under the speaker's own file name (cleaned), else one made from
its session's title; never under a name that carries folders, control characters or markup."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

import pytest
from reportlab.pdfgen import canvas
from werkzeug.datastructures import FileStorage

from eventapp.extensions import db
from eventapp.models import Material, MaterialKind
from eventapp.uploads.services import safe_filename, save_pdf, title_filename
from tests.factories import local, make_event, make_item

POLISH = "Ekonomia społeczna – wprowadzenie.pdf"


def pdf_bytes() -> bytes:
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Slajdy")
    pdf.save()
    return out.getvalue()


def rfc5987(name: str) -> str:
    return "filename*=UTF-8''" + quote(name, safe="!#$&+-.^_`|~")


@pytest.mark.parametrize(("uploaded", "kept"), [
    (POLISH, POLISH),
    ("Prezentacja końcowa.PDF", "Prezentacja końcowa.pdf"),
    ("C:\\Users\\halina\\Pulpit\\slajdy.pdf", "slajdy.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("/var/www/index.html.pdf", "index.html.pdf"),
    ("zły\x00\x07plik\r\nnagłówek.pdf", "złyplik nagłówek.pdf"),
    ("umowa\u202efdp.exe.pdf", "umowafdp.exe.pdf"),  # no right-to-left override trick
    ('raport "2024": <wersja> | ostateczna?*.pdf', "raport 2024 wersja ostateczna.pdf"),
    ("   ..ukryty .pdf", "ukryty.pdf"),
    ("slajdy", "slajdy.pdf"),
    ("a" * 400 + ".pdf", "a" * 146 + ".pdf"),
    ("Zaz\u0307o\u0301łc\u0301.pdf", "Zażółć.pdf"),  # decomposed letters come back composed
])
def test_the_uploaded_name_is_kept_without_folders_controls_or_forbidden_characters(uploaded, kept):
    assert safe_filename(uploaded, ".pdf") == kept


@pytest.mark.parametrize("uploaded", [None, "", ".pdf", "..", "C:\\", "\x01\x02.pdf", "  .  "])
def test_a_name_with_nothing_left_is_none(uploaded):
    assert safe_filename(uploaded, ".pdf") is None


def test_names_from_titles_keep_polish_letters_and_drop_punctuation():
    assert title_filename("Ekonomia społeczna – wprowadzenie", ".pdf") == "ekonomia-społeczna-wprowadzenie.pdf"
    assert title_filename("Q&A: co dalej?/<script>", ".pdf") == "q-a-co-dalej-script.pdf"
    assert title_filename("—?!", ".pdf") is None


def test_save_pdf_reports_the_cleaned_uploaded_name(app):
    with app.test_request_context("/"):
        stored = save_pdf(FileStorage(stream=BytesIO(pdf_bytes()), filename="../tajne/" + POLISH))
    assert stored.original_name == POLISH
    assert POLISH not in stored.path and stored.path.startswith("materials/")


@pytest.fixture
def material(app):
    """Store a PDF as a material of the session "Ekonomia społeczna – wprowadzenie"."""
    def make(original_filename: str | None, title: str = "Ekonomia społeczna – wprowadzenie") -> str:
        with app.test_request_context("/"):
            event = make_event(slug="forum")
            item = make_item(event, local(event.start_date, 10), 60, title=title)
            stored = save_pdf(FileStorage(stream=BytesIO(pdf_bytes()), filename="x.pdf"))
            db.session.add(Material(item=item, kind=MaterialKind.FILE, title="Slajdy", file_path=stored.path,
                                    content_type=stored.content_type, size_bytes=stored.size,
                                    original_filename=original_filename))
            db.session.commit()
            return stored.path
    return make


def download(client, path: str):
    response = client.get(f"/files/{path}")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body.startswith(b"%PDF-")
    # The file stays data: a PDF, never sniffed, never shown as a page.
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    return response.headers["Content-Disposition"]


def test_a_material_downloads_under_its_polish_uploaded_name(client, material):
    disposition = download(client, material(POLISH))
    assert disposition.startswith("attachment;")
    assert rfc5987(POLISH) in disposition
    # Clients without RFC 5987 get an ASCII name, still a PDF.
    assert 'filename="Ekonomia' in disposition and '.pdf"' in disposition


def test_an_ascii_uploaded_name_is_sent_as_is(client, material):
    assert download(client, material("slajdy-final.pdf")) == "attachment; filename=slajdy-final.pdf"


def test_without_an_uploaded_name_the_session_title_names_the_download(client, material):
    disposition = download(client, material(None))
    assert rfc5987("ekonomia-społeczna-wprowadzenie.pdf") in disposition


def test_a_material_without_any_usable_name_keeps_its_stored_name(client, material):
    path = material(None, title="—?!")
    assert download(client, path) == f"attachment; filename={path.split('/')[1]}"


def test_a_pdf_no_material_points_at_is_not_served(app, client):
    """Such a file belongs to a speaker's proposal nobody has accepted (yet)."""
    with app.test_request_context("/"):
        stored = save_pdf(FileStorage(stream=BytesIO(pdf_bytes()), filename=POLISH))
    response = client.get(f"/files/{stored.path}")
    response.close()
    assert response.status_code == 404
