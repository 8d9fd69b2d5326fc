"""Importing registrations from a CSV or XLSX file: read, check every row, preview, then
register everyone in one transaction (`registration.bulk.register_many`) or no one.

Columns are found by their heading, in Polish or English (see HEADINGS). A row with a
problem is named with its line number and reason, and blocks the import; an address that
appears twice in the file, or is already registered, is reported and not registered twice.
Between the preview and the import the checked rows travel signed in the form, so nothing
is stored until the organiser confirms.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import FileStorage

from eventapp.labels import label
from eventapp.manage.errors import Refusal
from eventapp.manage.participants import find_by_email
from eventapp.models import Event, OrganisationType, Registration, RegistrationStatus
from eventapp.registration import bulk
from eventapp.registration.services import RegistrationDetails, RegistrationError, normalise_email

MAX_BYTES = 5 * 1000 * 1000
MAX_ROWS = 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,30}$")

# Each field and the headings that name it (compared lower-cased, without spaces around).
HEADINGS = {
    "first_name": ("first name", "first_name", "imię", "imie"),
    "last_name": ("last name", "surname", "last_name", "nazwisko"),
    "email": ("email", "e-mail", "adres e-mail", "email address", "mail"),
    "organisation": ("organisation", "organization", "organisation or institution", "organizacja",
                     "instytucja", "organizacja lub instytucja"),
    "organisation_type": ("organisation type", "organization type", "type of organisation", "organisation_type",
                          "typ organizacji", "rodzaj organizacji"),
    "position": ("position", "job title", "stanowisko"),
    "phone": ("phone", "telephone", "telefon", "nr telefonu"),
    "language": ("language", "język", "jezyk"),
}
REQUIRED = ("first_name", "last_name", "email")
LIMITS = {"first_name": 100, "last_name": 100, "email": 254, "organisation": 200, "position": 200, "phone": 40}


@dataclass
class Row:
    line: int
    first_name: str
    last_name: str
    email: str
    organisation: str = ""
    organisation_type: str = OrganisationType.OTHER.value
    position: str = ""
    phone: str = ""
    language: str = "pl"


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): these block
    duplicates: list[tuple[int, str, str]] = field(default_factory=list)  # (line, email, why): skipped

    @property
    def accepted(self) -> bool:
        return not self.problems and bool(self.rows)


# ---- reading the file --------------------------------------------------------------------

def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        raise Refusal(_("This spreadsheet cannot be read. Please save it again as XLSX or CSV."), field="file") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v).strip() for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1250"):  # Excel in Polish saves "CSV" as Windows-1250
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refusal(_("The file's letters cannot be read: please save it as CSV UTF-8 or XLSX."), field="file")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_table(upload: FileStorage | None) -> list[list[str]]:
    """The file's rows as text cells: XLSX (first sheet) or CSV (separator from the heading line)."""
    if upload is None or not upload.filename:
        raise Refusal(_("Please choose a file."), field="file")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refusal(_("The file is too large (at most %(size)s).", size="5 MB"), field="file")
    if not data.strip():
        raise Refusal(_("The file is empty."), field="file")
    if _is_xlsx(data):
        return _xlsx_rows(data)
    if data.startswith(b"PK") or b"\x00" in data:
        raise Refusal(_("Please upload a CSV or XLSX file."), field="file")
    return _csv_rows(data)


# ---- checking the rows -------------------------------------------------------------------

def _organisation_types() -> dict[str, str]:
    """Every accepted spelling of an organisation type (value, Polish and English names)."""
    names = {t.value: t.value for t in OrganisationType}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            names.update({str(label(t)).lower(): t.value for t in OrganisationType})
    names.update({"ngo": "ngo", "jst": "public_administration", "administracja": "public_administration",
                  "firma": "business", "szkoła": "education", "uczelnia": "education", "inne": "other",
                  "media": "media", "pes": "social_economy"})
    return names


def _columns(heading: list[str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(heading):
        name = cell.strip().lower().rstrip("*:").strip()
        for field_name, aliases in HEADINGS.items():
            if name in aliases and field_name not in found:
                found[field_name] = index
    return found


def _check(line: int, values: dict[str, str], types: dict[str, str]) -> tuple[Row | None, list[str]]:
    errors = []
    if any("\x00" in value for value in values.values()):
        errors.append(_("a cell holds a NUL character"))
        values = {name: value.replace("\x00", "") for name, value in values.items()}
    for name in REQUIRED:
        if not values.get(name):
            errors.append({"first_name": _("no first name"), "last_name": _("no last name"),
                           "email": _("no email address")}[name])
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.append(_("%(column)s is longer than %(max)d characters", column=name, max=limit))
    email = normalise_email(values.get("email", ""))
    if email and not EMAIL.match(email):
        errors.append(_("“%(value)s” is not an email address", value=values["email"]))
    phone = values.get("phone", "")
    if phone and not PHONE.match(phone):
        errors.append(_("“%(value)s” is not a phone number", value=phone))
    kind = values.get("organisation_type", "").strip().lower()
    if kind and kind not in types:
        errors.append(_("unknown organisation type “%(value)s”", value=values["organisation_type"]))
    language = values.get("language", "").strip().lower() or "pl"
    if language not in current_app.config["LANGUAGES"]:
        errors.append(_("unknown language “%(value)s” (pl or en)", value=values["language"]))
    if errors:
        return None, errors
    return Row(line=line, first_name=values["first_name"], last_name=values["last_name"], email=email,
               organisation=values.get("organisation", ""), organisation_type=types.get(kind, "other"),
               position=values.get("position", ""), phone=phone, language=language), []


def preview(event: Event, upload: FileStorage | None) -> Preview:
    """Read and check the whole file; nothing is written."""
    table = read_table(upload)
    if not table:
        raise Refusal(_("The file is empty."), field="file")
    columns = _columns(table[0])
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise Refusal(_("The first row must name the columns; missing: %(names)s. Accepted headings: "
                        "Imię / First name, Nazwisko / Last name, E-mail, Organizacja, Typ organizacji, "
                        "Stanowisko, Telefon, Język.", names=", ".join(HEADINGS[m][0] for m in missing)), field="file")
    if len(table) - 1 > MAX_ROWS:
        raise Refusal(_("At most %(max)d rows can be imported at once.", max=MAX_ROWS), field="file")
    types = _organisation_types()
    result = Preview()
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        row, errors = _check(line, values, types)
        if errors:
            result.problems.append((line, "; ".join(errors)))
            continue
        if row.email in seen:
            result.duplicates.append((line, row.email, _("the same address as in line %(line)d", line=seen[row.email])))
            continue
        seen[row.email] = line
        registered = find_by_email(event, row.email)
        if registered is not None and registered.status != RegistrationStatus.CANCELLED:
            result.duplicates.append((line, row.email, _("already registered (%(name)s)", name=registered.full_name)))
            continue
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append((0, _("There is nobody new to import in this file.")))
    return result


# ---- from the preview to the import ------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="registration-import")


def sign(event: Event, checked: Preview) -> str:
    """The accepted rows, signed for the confirming form (so nothing is stored before it)."""
    return _serializer().dumps({"event": event.id, "rows": [asdict(r) for r in checked.rows]})


def import_signed(event: Event, token: str, *, send_emails: bool) -> list[Registration]:
    """Register every row of a signed preview in one transaction, or none (Refusal)."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        raise Refusal(_("The preview could not be read: please upload the file again.")) from None
    if payload.get("event") != event.id or not payload.get("rows"):
        raise Refusal(_("The preview could not be read: please upload the file again."))
    rows = [Row(**r) for r in payload["rows"]]
    people = [RegistrationDetails(first_name=r.first_name, last_name=r.last_name, email=r.email,
                                  organisation=r.organisation, organisation_type=OrganisationType(r.organisation_type),
                                  position=r.position, phone=r.phone or None, photo_consent=False,
                                  language=r.language) for r in rows]
    try:
        return bulk.register_many(event, people, send_emails=send_emails)
    except RegistrationError as refusal:
        raise Refusal(refusal.message + " " + _("Nothing was imported: please upload the file again.")) from None
