"""Storing uploads: images are decoded and re-encoded (so nothing but pixels survives),
PDFs are checked for their header and trailer; both get random names under UPLOAD_FOLDER.

Other features call `save_image` (speaker photos, organisation logos) and `save_pdf`
(materials), catch `UploadRejected` and show its message beside the field, and link to the
stored file with `url_for("uploads.file", path=stored_path)`.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from eventapp.uploads import documents

MB = 1024 * 1024
# Far above any photo a speaker sends (a 50-megapixel camera), far below a bomb's billions.
# JPEGs are decoded already scaled down (Pillow's draft mode), so their size in memory stays small.
MAX_PIXELS = 60_000_000
# PNG and WebP are decoded whole (4 bytes a pixel): at most 4096 × 4096, 64 MB.
MAX_DECODED_PIXELS = 4096 * 4096
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".pdf": "application/pdf",
                 **{suffix: kind.content_type for suffix, kind in documents.KINDS.items()}}
# Speakers' materials: PDF, and the office formats of eventapp.uploads.documents.
MATERIAL_SUFFIXES = (".pdf", *documents.KINDS)
_KIND = re.compile(r"[a-z0-9_-]{1,40}")
# What the serving route accepts: a folder and a random name we generated, nothing else.
STORED_PATH = re.compile(r"[a-z0-9_-]{1,40}/[A-Za-z0-9_-]{16,64}\.(?:jpg|png|webp|pdf|pptx|docx|xlsx|odp)")
_CHUNK = 64 * 1024
# Longest download name we keep or offer (the column holds 255; browsers and disks cope).
MAX_NAME_LENGTH = 150
# What Windows refuses in a file name (folder separators are cut off before).
_NOT_IN_NAMES = re.compile(r'[<>:"|?*]')
_NOT_IN_SLUGS = re.compile(r"[\W_]+")


class UploadRejected(ValueError):
    """A file we do not store; the message is translated and fit to show beside the field."""


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to UPLOAD_FOLDER, e.g. "materials/Zx3…q.pdf"
    size: int
    content_type: str
    original_name: str | None = None  # the uploader's name, cleaned by safe_filename


def safe_filename(filename: str | None, suffix: str) -> str | None:
    """The uploader's file name fit to offer on download: no folders, no control or invisible
    characters, nothing Windows refuses, at most MAX_NAME_LENGTH characters, ending in suffix.
    None when nothing is left of it."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]  # some browsers send the whole path: C:\Users\…\slajdy.pdf
    name = "".join(" " if char.isspace() else char for char in name
                   if char.isspace() or not unicodedata.category(char).startswith("C"))
    name = " ".join(_NOT_IN_NAMES.sub("", name).split())
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    # No hidden files (".pdf", "..") and no trailing dots or spaces, which Windows drops.
    stem = name.strip(" .")[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .")
    return stem + suffix if stem else None


def title_filename(title: str | None, suffix: str) -> str | None:
    """A download name made from a title: lower case words joined by hyphens, letters of any
    alphabet kept ("ekonomia-społeczna-wprowadzenie.pdf"); None when the title has no letters."""
    slug = _NOT_IN_SLUGS.sub("-", unicodedata.normalize("NFC", title or "").lower()).strip("-")
    slug = slug[: MAX_NAME_LENGTH - len(suffix)].rstrip("-")
    return slug + suffix if slug else None


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _suffix(file_storage: FileStorage) -> str:
    return Path(file_storage.filename or "").suffix.lower()


def _size_text(max_bytes: int) -> str:
    return f"{max_bytes / MB:g} MB"


def _too_large(max_bytes: int) -> UploadRejected:
    return UploadRejected(_("The file is too large (at most %(size)s).", size=_size_text(max_bytes)))


def _read_limited(file_storage: FileStorage, max_bytes: int) -> bytes:
    """The whole file, refusing it as soon as it passes max_bytes (never reads more)."""
    data = file_storage.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise UploadRejected(_("The file is empty."))
    return data


def _new_name(suffix: str) -> str:
    return secrets.token_urlsafe(18) + suffix


def _target(kind: str, suffix: str) -> tuple[str, Path]:
    if not _KIND.fullmatch(kind):
        raise ValueError(f"bad upload kind {kind!r}")
    folder = upload_root() / kind
    folder.mkdir(parents=True, exist_ok=True)
    name = _new_name(suffix)
    return f"{kind}/{name}", folder / name


def _write_atomically(final: Path, write) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    handle, temporary = tempfile.mkstemp(dir=final.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_image(file_storage: FileStorage, *, kind: str, max_bytes: int = 5 * MB, max_side: int = 800) -> str:
    """Check a JPEG, PNG or WebP by its content, re-encode it at most max_side pixels wide and
    high without EXIF or other metadata, store it under UPLOAD_FOLDER/kind; the relative path."""
    suffix = _suffix(file_storage)
    if suffix not in IMAGE_SUFFIXES:
        raise UploadRejected(_("Please choose a JPEG, PNG or WebP image."))
    data = _read_limited(file_storage, max_bytes)
    image = _open_image(data)
    try:
        target_format = image.format
        if target_format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 of the size when that still covers max_side.
            image.draft(None, (max_side, max_side))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.seek(0)  # the first frame of an animation is enough for a photo
            image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise UploadRejected(_("The image could not be read. Please choose another file.")) from error
    if target_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")  # palettes and their transparency become plain RGBA
    # Some encoders fall back to image.info (ICC profile, EXIF, text chunks): nothing survives.
    image.info.clear()
    out = BytesIO()
    # No exif=, icc_profile= or pnginfo=: the stored file carries pixels and nothing else.
    if target_format == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    elif target_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    path, final = _target(kind, IMAGE_FORMATS[target_format])
    _write_atomically(final, lambda fh: fh.write(out.getvalue()))
    return path


def _open_image(data: bytes) -> Image.Image:
    """Open (header only) and refuse what is not a small enough JPEG, PNG or WebP: the size
    in pixels is read from the header, and too many pixels are refused before any is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=list(IMAGE_FORMATS))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise UploadRejected(_("The image is too large in pixels. Please choose a smaller one.")) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadRejected(_("The file's content does not match its name: it is not a JPEG, PNG or WebP image.")) from error
    width, height = image.size
    limit = MAX_PIXELS if image.format == "JPEG" else MAX_DECODED_PIXELS
    if width < 1 or height < 1 or width * height > limit:
        raise UploadRejected(_("The image is too large in pixels. Please choose a smaller one."))
    return image


def save_pdf(file_storage: FileStorage, *, max_bytes: int = 20 * MB) -> StoredFile:
    """Store a PDF (name ending .pdf, content starting %PDF- and ending with a trailer)
    under UPLOAD_FOLDER/materials without reading it whole into memory."""
    named_pdf = _suffix(file_storage) == ".pdf"
    stream = file_storage.stream
    head = stream.read(_CHUNK)
    if not head:
        raise UploadRejected(_("The file is empty."))
    looks_pdf = head.startswith(b"%PDF-")
    if not named_pdf:
        if looks_pdf:
            raise UploadRejected(_("The file's content does not match its name: a PDF must end in .pdf."))
        raise UploadRejected(_("Please choose a PDF file."))
    if not looks_pdf:
        raise UploadRejected(_("The file's content does not match its name: it is not a PDF."))
    path, final = _target("materials", ".pdf")
    _write_pdf(final, head, stream, max_bytes)
    size = final.stat().st_size
    return StoredFile(path=path, size=size, content_type="application/pdf",
                      original_name=safe_filename(file_storage.filename, ".pdf"))


def save_material(file_storage: FileStorage, *, max_bytes: int = 20 * MB) -> StoredFile:
    """Store a speaker's material: a PDF (`save_pdf`), or a PPTX, DOCX, XLSX or ODP checked by
    its content (`documents.check`), at most max_bytes, under UPLOAD_FOLDER/materials."""
    suffix = _suffix(file_storage)
    if suffix == ".pdf":
        return save_pdf(file_storage, max_bytes=max_bytes)
    kind = documents.KINDS.get(suffix)
    if kind is None:
        raise UploadRejected(_("Please choose a PDF, PowerPoint (.pptx), OpenDocument (.odp), Word (.docx) "
                               "or Excel (.xlsx) file."))
    stream = file_storage.stream
    head = stream.read(_CHUNK)
    if not head:
        raise UploadRejected(_("The file is empty."))
    if not head.startswith(b"PK\x03\x04"):
        raise UploadRejected(_("The file's content does not match its name: it is not a %(kind)s file.",
                               kind=kind.name))
    path, final = _target("materials", suffix)

    def copy(out) -> None:
        size, chunk = 0, head
        while chunk:
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes)
            out.write(chunk)
            chunk = stream.read(_CHUNK)

    _write_atomically(final, copy)
    try:  # checked in place: nothing links to the new random name yet
        documents.check(final, kind)
    except documents.NotThatKind as refusal:
        final.unlink(missing_ok=True)
        raise UploadRejected(str(refusal)) from None
    return StoredFile(path=path, size=final.stat().st_size, content_type=kind.content_type,
                      original_name=safe_filename(file_storage.filename, suffix))


def _write_pdf(final: Path, head: bytes, stream, max_bytes: int) -> None:
    size = 0
    tail = b""

    def copy(out) -> None:
        nonlocal size, tail
        chunk = head
        while chunk:
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes)
            out.write(chunk)
            tail = (tail + chunk)[-2048:]
            chunk = stream.read(_CHUNK)
        # The trailer: a cross-reference pointer, then %%EOF at the very end; a cut-off
        # upload or a file that merely starts like a PDF has neither.
        end = tail.rstrip(b"\r\n\t \x00")
        if not end.endswith(b"%%EOF") or b"startxref" not in tail:
            raise UploadRejected(_("The PDF is incomplete or damaged. Please export it again."))

    _write_atomically(final, copy)


def resolve(path: str) -> tuple[Path, str] | None:
    """The file and content type behind a stored relative path; None for anything else."""
    if not STORED_PATH.fullmatch(path):
        return None
    full = upload_root() / path
    if not full.is_file():
        return None
    return full, CONTENT_TYPES[full.suffix]


def delete(path: str | None) -> None:
    """Remove a stored file that nothing uses any more (a replaced photo, a removed PDF)."""
    if path and STORED_PATH.fullmatch(path):
        (upload_root() / path).unlink(missing_ok=True)
