"""Slides and handouts as PPTX, ODP, DOCX or XLSX besides PDF: each checked by its content
(ZIP structure, declared main part, the ODF mimetype entry), macros and ZIP bombs refused,
a size limit; downloads keep the speaker's file name; the portal accepts them end to end."""

from __future__ import annotations

import io
import os
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

from eventapp.extensions import db
from eventapp.models import Material
from eventapp.uploads.documents import KINDS
from eventapp.uploads.services import MB, UploadRejected, save_material
from tests.conftest import login

PPTX_TYPES = KINDS[".pptx"].main_type
DOCX_TYPES = KINDS[".docx"].main_type


def ooxml(main_part: str, main_type: str, *, extra: dict[str, bytes] | None = None, macro: bool = False) -> bytes:
    types = (f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>')
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(main_part, "<xml/>")
        if macro:
            archive.writestr("ppt/vbaProject.bin", b"\x00" * 10)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odp(mimetype: bytes = b"application/vnd.oasis.opendocument.presentation", *, stored_first: bool = True) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        if not stored_first:
            archive.writestr("mimetype", mimetype)
    return out.getvalue()


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Budżet", 1000])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=BytesIO(data), filename=filename)


@pytest.fixture
def pl(app):
    with app.test_request_context("/?lang=pl"):
        yield app


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (ooxml("ppt/presentation.xml", PPTX_TYPES), "Slajdy – ekonomia.pptx", KINDS[".pptx"].content_type),
    (ooxml("word/document.xml", DOCX_TYPES), "Materiały.DOCX", KINDS[".docx"].content_type),
    (xlsx(), "Budżet.xlsx", KINDS[".xlsx"].content_type),
    (odp(), "Prezentacja.odp", KINDS[".odp"].content_type),
])
def test_office_documents_are_stored_under_a_random_name_keeping_the_upload_name(pl, data, name, content_type):
    stored = save_material(upload(data, name))
    assert stored.content_type == content_type and stored.size == len(data)
    suffix = Path(name).suffix.lower()
    assert stored.path.startswith("materials/") and stored.path.endswith(suffix)
    assert stored.original_name == Path(name).stem + suffix
    assert (Path(pl.config["UPLOAD_FOLDER"]) / stored.path).read_bytes() == data


@pytest.mark.parametrize(("data", "name", "message"), [
    (ooxml("word/document.xml", DOCX_TYPES), "slajdy.pptx", "to nie jest plik PowerPoint"),
    (xlsx(), "dokument.docx", "to nie jest plik Word"),
    (b"PK\x03\x04" + b"\x00" * 100, "slajdy.pptx", "to nie jest plik PowerPoint"),
    (b"%PDF-1.7 ...", "slajdy.pptx", "to nie jest plik PowerPoint"),
    (odp(b"application/vnd.oasis.opendocument.text"), "slajdy.odp", "to nie jest plik OpenDocument"),
    (odp(stored_first=False), "slajdy.odp", "to nie jest plik OpenDocument"),
    (ooxml("ppt/presentation.xml", PPTX_TYPES, macro=True), "makra.pptx", "z makrami"),
    (ooxml("ppt/presentation.xml", PPTX_TYPES, extra={"ppt/media/bomb.bin": b"\x00" * (600 * 1000 * 1000)}),
     "bomba.pptx", "rozpakowuje się do"),
    (b"MZ\x90\x00", "program.exe", "Wybierz plik PDF"),
])
def test_documents_that_are_not_what_they_claim_are_refused_and_nothing_stays(pl, data, name, message):
    with pytest.raises(UploadRejected) as refused:
        save_material(upload(data, name))
    assert message in str(refused.value)
    root = Path(pl.config["UPLOAD_FOLDER"])
    assert not root.exists() or [p for p in root.rglob("*") if p.is_file()] == []


def test_the_size_limit_holds_for_office_documents(pl):
    data = ooxml("ppt/presentation.xml", PPTX_TYPES, extra={"ppt/media/photo.bin": os.urandom(MB)})
    with pytest.raises(UploadRejected, match="za duży"):
        save_material(upload(data, "duze.pptx"), max_bytes=MB // 2)


def test_a_speaker_uploads_slides_and_the_download_keeps_the_name(app, client):
    from tests.portal.helpers import build_world

    with app.app_context():
        world = build_world()
    login(client, "halina@example.org")
    response = client.post(f"/portal/items/{world.halina_item_id}/files", content_type="multipart/form-data",
                           data={"file-title": "Slajdy",
                                 "file-file": (io.BytesIO(ooxml("ppt/presentation.xml", PPTX_TYPES)),
                                               "Ekonomia społeczna.pptx")})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        material = db.session.scalar(sa.select(Material))
        path = material.file_path
        assert material.original_filename == "Ekonomia społeczna.pptx"
    page = client.get(f"/portal/items/{world.halina_item_id}").get_data(as_text=True)
    assert "(PowerPoint," in page
    download = client.get(f"/files/{path}")
    download.close()
    assert download.headers["Content-Type"] == KINDS[".pptx"].content_type
    assert "attachment" in download.headers["Content-Disposition"]
    assert "filename*=UTF-8''Ekonomia%20spo%C5%82eczna.pptx" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
