"""Uploads: checked by content, re-encoded, stored under random names, served without risk."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from reportlab.pdfgen import canvas
from werkzeug.datastructures import FileStorage

from eventapp.extensions import db
from eventapp.models import Material, MaterialKind
from eventapp.uploads.services import MB, StoredFile, UploadRejected, save_image, save_pdf
from tests.factories import make_event, make_item


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=BytesIO(data), filename=filename)


def image_bytes(fmt: str, size=(120, 80), mode="RGB", **save) -> bytes:
    out = BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(out, fmt, **save)
    return out.getvalue()


def noisy_jpeg() -> bytes:
    out = BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


def pdf_bytes(text: str = "Slajdy") -> bytes:
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.save()
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 10_000)) + chunk(b"IEND", b""))


@pytest.fixture
def en(app):
    """Services called as in an English request (their messages are translated)."""
    with app.test_request_context("/?lang=en"):
        yield app


def stored(app, path: str) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / path


def files_in(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---- images ---------------------------------------------------------------------------

def test_a_large_photo_is_turned_upright_resized_and_stripped_of_exif(en):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: rotate 90° when showing
    exif[0x010F] = "Aparat Kowalskiego"
    exif[0x0131] = "GPS-like secret"
    photo = image_bytes("JPEG", size=(4000, 3000), exif=exif.tobytes(), quality=95)
    path = save_image(upload(photo, "Zdjęcie portretowe.JPG"), kind="speakers")
    assert path.startswith("speakers/") and path.endswith(".jpg") and "Zdj" not in path
    with Image.open(stored(en, path)) as result:
        assert result.format == "JPEG"
        assert result.size == (600, 800)  # upright, longest side 800
        assert not result.getexif() and "exif" not in result.info
    assert b"Aparat" not in stored(en, path).read_bytes()


def test_png_text_chunks_are_dropped_and_webp_is_kept_as_webp(en):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "tajny komentarz")
    png = save_image(upload(image_bytes("PNG", pnginfo=info), "logo.png"), kind="logos")
    assert b"tajny" not in stored(en, png).read_bytes()
    with Image.open(stored(en, png)) as result:
        assert result.format == "PNG" and result.size == (120, 80)
    webp = save_image(upload(image_bytes("WEBP"), "foto.webp"), kind="speakers", max_side=60)
    with Image.open(stored(en, webp)) as result:
        assert result.format == "WEBP" and result.size == (60, 40)


def test_names_are_random_and_never_reused(en):
    data = image_bytes("PNG")
    first = save_image(upload(data, "a.png"), kind="speakers")
    second = save_image(upload(data, "a.png"), kind="speakers")
    assert first != second


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"GIF89a" + b"\x00" * 40, "animacja.gif", "Please choose a JPEG, PNG or WebP image."),
    (b"<svg onload='alert(1)'/>", "rysunek.svg", "Please choose a JPEG, PNG or WebP image."),
    (b"MZ\x90\x00", "program.exe", "Please choose a JPEG, PNG or WebP image."),
    (b"no name at all", "", "Please choose a JPEG, PNG or WebP image."),
    (pdf_bytes(), "slajdy.jpg", "The file's content does not match its name"),
    (b"<svg onload='alert(1)'/>", "rysunek.png", "The file's content does not match its name"),
    (image_bytes("GIF"), "animacja.png", "The file's content does not match its name"),
    (image_bytes("BMP"), "obraz.jpg", "The file's content does not match its name"),
    (noisy_jpeg()[:6000], "urwane.jpg", "The image could not be read."),
    (b"", "pusty.png", "The file is empty."),
])
def test_wrong_images_are_refused_with_a_clear_message_and_nothing_stored(en, data, filename, message):
    with pytest.raises(UploadRejected, match=message.replace("(", r"\(").replace(".", r"\.")):
        save_image(upload(data, filename), kind="speakers")
    assert files_in(en) == []


def test_an_image_over_the_size_limit_is_refused_before_decoding(en):
    data = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * MB)
    with pytest.raises(UploadRejected, match=r"The file is too large \(at most 5 MB\)"):
        save_image(upload(data, "duze.jpg"), kind="speakers")
    assert files_in(en) == []


def test_a_decompression_bomb_is_refused_from_its_header(en):
    bomb = png_bomb()
    assert len(bomb) < 1000
    with pytest.raises(UploadRejected, match="too large in pixels"):
        save_image(upload(bomb, "bomba.png"), kind="speakers")
    assert files_in(en) == []


def test_messages_are_polish_by_default(app):
    with app.test_request_context("/"), pytest.raises(UploadRejected) as refused:
        save_image(upload(pdf_bytes(), "slajdy.jpg"), kind="speakers")
    assert "nie pasuje do nazwy" in str(refused.value)


def test_the_folder_name_is_never_taken_from_outside(en):
    with pytest.raises(ValueError):
        save_image(upload(image_bytes("PNG"), "a.png"), kind="../etc")


# ---- PDFs -----------------------------------------------------------------------------

def test_a_pdf_is_stored_whole_under_a_random_name(en):
    data = pdf_bytes()
    result = save_pdf(upload(data, "Prezentacja końcowa.PDF"))
    assert isinstance(result, StoredFile)
    assert result.path.startswith("materials/") and result.path.endswith(".pdf")
    assert result.size == len(data) and result.content_type == "application/pdf"
    assert stored(en, result.path).read_bytes() == data


@pytest.mark.parametrize(("data", "filename", "message"), [
    (image_bytes("PNG"), "slajdy.pdf", "The file's content does not match its name: it is not a PDF."),
    (b"<html><script>alert(1)</script>", "slajdy.pdf", "it is not a PDF"),
    (pdf_bytes(), "slajdy.jpg", "a PDF must end in .pdf"),
    (pdf_bytes(), "slajdy.pdf.exe", "a PDF must end in .pdf"),
    (b"plain text", "notatki.txt", "Please choose a PDF file."),
    (pdf_bytes()[:-200], "urwany.pdf", "The PDF is incomplete or damaged."),
    (b"%PDF-1.7\n" + b"A" * 5000, "udawany.pdf", "The PDF is incomplete or damaged."),
    (b"", "pusty.pdf", "The file is empty."),
])
def test_wrong_pdfs_are_refused_and_leave_no_file_behind(en, data, filename, message):
    with pytest.raises(UploadRejected, match=message.replace(".", r"\.")):
        save_pdf(upload(data, filename))
    assert files_in(en) == []


def test_an_oversized_pdf_is_refused_while_streaming_and_leaves_no_part_file(en):
    data = pdf_bytes() + b"%" + b"x" * (2 * MB) + b"\n" + pdf_bytes()[-100:]
    with pytest.raises(UploadRejected, match=r"at most 1 MB"):
        save_pdf(upload(data, "duzy.pdf"), max_bytes=1 * MB)
    assert files_in(en) == []


# ---- serving --------------------------------------------------------------------------

def test_images_are_served_inline_with_a_locked_down_content_type(app, client):
    with app.test_request_context("/"):
        path = save_image(upload(image_bytes("PNG"), "a.png"), kind="speakers")
    response = client.get(f"/files/{path}")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_pdfs_are_served_as_downloads(app, client):
    with app.test_request_context("/"):
        result = save_pdf(upload(pdf_bytes(), "slajdy.pdf"))
        event = make_event(slug="forum")
        item = make_item(event, title="Wykład")
        db.session.add(Material(item=item, kind=MaterialKind.FILE, title="Slajdy", file_path=result.path,
                                content_type=result.content_type, size_bytes=result.size))
        db.session.commit()
    response = client.get(f"/files/{result.path}")
    body = response.get_data()
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert body.startswith(b"%PDF-")


def test_anything_but_a_stored_file_is_a_404(app, client):
    root = Path(app.config["UPLOAD_FOLDER"])
    (root / "speakers").mkdir(parents=True)
    (root / "speakers" / "AAAAAAAAAAAAAAAAAAAAAAAA.html").write_text("<script>alert(1)</script>")
    (root / "speakers" / ".part-AAAAAAAAAAAAAAAAAAAA.png").write_bytes(image_bytes("PNG"))
    (root / "secret.png").write_bytes(image_bytes("PNG"))
    for url in ("/files/speakers/AAAAAAAAAAAAAAAAAAAAAAAA.html", "/files/speakers/.part-AAAAAAAAAAAAAAAAAAAA.png",
                "/files/secret.png", "/files/speakers/BBBBBBBBBBBBBBBBBBBBBBBB.png",
                "/files/../config.py", "/files/speakers/..%2F..%2Fconfig.py", "/files/%2e%2e/secret.png",
                "/files/speakers/short.png", "/files/"):
        assert client.get(url).status_code == 404, url


# ---- whole requests -------------------------------------------------------------------

def test_the_request_limit_leaves_room_for_a_20_mb_pdf():
    from config import Config

    assert Config.MAX_CONTENT_LENGTH >= 21 * MB


@pytest.fixture
def app_settings():
    return {"MAX_CONTENT_LENGTH": 1 * MB}


def _multipart(filename: str, size: int) -> bytes:
    # Built by hand (bytes in memory): the test client would spool a big upload to a temporary
    # file that it never closes when the app refuses the request unread.
    return (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename.encode()
            + b"\"\r\nContent-Type: application/pdf\r\n\r\n" + b"x" * size + b"\r\n--b--\r\n")


def test_an_oversized_request_gets_a_translated_413_page(client):
    for url, text in (("/auth/login", "Plik jest za duży"), ("/auth/login?lang=en", "The file is too large.")):
        response = client.post(url, data=_multipart("duzy.pdf", 2 * MB),
                               content_type="multipart/form-data; boundary=b")
        assert response.status_code == 413
        assert text in response.get_data(as_text=True)


def test_a_png_over_the_decoded_pixel_limit_is_refused_from_its_header(en):
    """4097 × 4097 pixels would be decoded whole: refused from the header, before any decoding
    (the data after the header is not even a valid image, so a decoder would fail otherwise)."""
    header_only = png_bomb(4097, 4097)
    assert len(header_only) < 1000
    with pytest.raises(UploadRejected, match="too large in pixels"):
        save_image(upload(header_only, "duzy.png"), kind="speakers")
    assert files_in(en) == []


def test_a_large_jpeg_is_decoded_scaled_down_and_stored_small(en):
    out = BytesIO()
    Image.new("L", (6000, 4000), 128).save(out, "JPEG", quality=70)
    assert len(out.getvalue()) < 5 * MB
    path = save_image(upload(out.getvalue(), "aparat.jpg"), kind="speakers")
    with Image.open(stored(en, path)) as image:
        assert max(image.size) == 800 and image.size == (800, 533)
