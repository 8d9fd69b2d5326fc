"""Slides and handouts other than PDF: PowerPoint, Word and Excel (Office Open XML) and
OpenDocument presentations, each checked by its content, not its name.

An OOXML file is a ZIP whose `[Content_Types].xml` declares the main part of its kind
(`ppt/presentation.xml` for .pptx …) with that kind's content type; macro-enabled documents
(a `vbaProject.bin`, a macroEnabled content type) are refused. An OpenDocument file is a ZIP
whose first entry is `mimetype`, stored uncompressed, holding the document's media type.
Archives that would unpack to far more than they weigh (ZIP bombs) are refused unread.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _

# Unpacked, a real deck of slides with photos stays well under this.
MAX_UNPACKED = 500 * 1000 * 1000
MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class Kind:
    suffix: str
    content_type: str
    name: str  # as people call it
    main_part: str | None = None  # OOXML: the part that must be declared
    main_type: str | None = None  # OOXML: its content type (without ".main+xml" variants)


KINDS = {
    ".pptx": Kind(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  "PowerPoint", "ppt/presentation.xml",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    ".docx": Kind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "Word", "word/document.xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    ".xlsx": Kind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "Excel", "xl/workbook.xml",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    ".odp": Kind(".odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument"),
}


class NotThatKind(ValueError):
    """The content is not the document its name says (message translated)."""


def check(path: Path, kind: Kind) -> None:
    """Raise NotThatKind unless the file at `path` really is a document of `kind`."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
                raise NotThatKind(_("The file unpacks to far more than it weighs: it is not accepted."))
            if kind.suffix == ".odp":
                _check_odf(archive, entries, kind)
            else:
                _check_ooxml(archive, kind)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError) as error:
        raise NotThatKind(_("The file's content does not match its name: it is not a %(kind)s file.",
                            kind=kind.name)) from error


def _check_odf(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], kind: Kind) -> None:
    first = entries[0] if entries else None
    if (first is None or first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED
            or archive.read(first).strip() != kind.content_type.encode() or "content.xml" not in archive.namelist()):
        raise NotThatKind(_("The file's content does not match its name: it is not a %(kind)s file.", kind=kind.name))


def _check_ooxml(archive: zipfile.ZipFile, kind: Kind) -> None:
    names = set(archive.namelist())
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroEnabled" in types:
        raise NotThatKind(_("Documents with macros are not accepted. Please save it without macros."))
    if kind.main_part not in names or kind.main_type not in types:
        raise NotThatKind(_("The file's content does not match its name: it is not a %(kind)s file.", kind=kind.name))
