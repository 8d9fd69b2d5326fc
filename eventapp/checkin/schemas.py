"""The check-in API's request schemas (one per endpoint) and the shapes of its answers.

Requests are checked field by field; a bad one raises ApiError, answered as
`{"error": code, "message": text}` with status 400. Answers carry a translated headline
and detail for each outcome, so the station shows exactly what the server decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.checkin import services
from eventapp.checkin.services import Attendee, Counts, Door, Outcome, QueuedScan, ScanResult
from eventapp.ids import MAX_ID, parse_id
from eventapp.models import CheckIn, CheckInConflict, CheckInSource, Event, OrganisationType
from eventapp.registration.services import RegistrationDetails
from eventapp.templating import event_datetime, event_time, long_date

MAX_BATCH = 500
ONLINE_SOURCES = (CheckInSource.CAMERA, CheckInSource.SCANNER, CheckInSource.SEARCH)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def invalid(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


# --- reading requests --------------------------------------------------------------------


def _text(body: dict, name: str, *, required: bool = False, max_length: int = 64) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise invalid(_("The field %(name)s is required.", name=name))
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise invalid(_("The field %(name)s must be text of at most %(n)s characters.", name=name, n=max_length))
    return value


def _int(value, name: str) -> int | None:
    """An id field: None when absent, else a whole number that fits an id column (see eventapp.ids)."""
    if value is None or value == "":
        return None
    number = parse_id(value)
    if number is None:
        raise invalid(_("The field %(name)s must be a whole number from 0 to %(max)s.", name=name, max=MAX_ID))
    return number


def parse_day(value, name: str = "day") -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise invalid(_("The field %(name)s must be a date (YYYY-MM-DD).", name=name)) from None


def parse_instant(value, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise invalid(_("The field %(name)s must be a date and time with its zone (ISO 8601).", name=name))
    return moment.astimezone(UTC)


def json_body(request) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invalid(_("Send a JSON object."))
    return body


def badge_code_from(scanned: str) -> str:
    """The badge code in what a scanner or camera read: the code itself, or a link ending in it."""
    text = scanned.strip()
    if "/" in text:
        text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return text


@dataclass(frozen=True)
class DoorArgs:
    day: date | None
    item_id: int | None


def door_args(source: dict) -> DoorArgs:
    """`day` and optional `item_id`, from a query string or a JSON body."""
    day = parse_day(source.get("day"))
    item_id = _int(source.get("item_id"), "item_id")
    if day is None and item_id is None:
        raise invalid(_("Say which day (or agenda item) the station is checking in."))
    return DoorArgs(day, item_id)


@dataclass(frozen=True)
class ScanRequest:
    scan_id: str
    door: DoorArgs
    code: str | None
    registration_id: int | None
    scanned_at: datetime | None
    station: str | None
    source: CheckInSource


def scan_request(body: dict) -> ScanRequest:
    """POST …/checkins: a scan id, a code or a registration id, the door, optional scan time."""
    scan_id = _text(body, "scan_id", required=True)
    code = _text(body, "code", max_length=500)
    registration_id = _int(body.get("registration_id"), "registration_id")
    if (code is None) == (registration_id is None):
        raise invalid(_("Send either a badge code or a registration id."))
    source_name = body.get("source") or (CheckInSource.SEARCH if registration_id else CheckInSource.SCANNER)
    try:
        source = CheckInSource(source_name)
    except ValueError:
        raise invalid(_("Unknown source.")) from None
    if source not in ONLINE_SOURCES:
        raise invalid(_("Unknown source."))
    return ScanRequest(scan_id, door_args(body), badge_code_from(code) if code else None, registration_id,
                       parse_instant(body.get("scanned_at"), "scanned_at"), _text(body, "station"), source)


def batch_request(body: dict) -> tuple[str | None, list[QueuedScan]]:
    """POST …/checkins/batch: the station name and up to MAX_BATCH queued scans."""
    scans = body.get("scans")
    if not isinstance(scans, list) or not scans:
        raise invalid(_("Send a non-empty list of scans."))
    if len(scans) > MAX_BATCH:
        raise invalid(_("Send at most %(n)s scans at a time.", n=MAX_BATCH))
    queued = []
    for entry in scans:
        if not isinstance(entry, dict):
            raise invalid(_("Each scan must be a JSON object."))
        scan = scan_request({**entry, "source": None})
        if scan.scanned_at is None:
            raise invalid(_("The field %(name)s is required.", name="scanned_at"))
        day = scan.door.day
        if day is None:
            raise invalid(_("The field %(name)s is required.", name="day"))
        queued.append(QueuedScan(scan.scan_id, day, scan.scanned_at, scan.code, scan.registration_id,
                                 scan.door.item_id))
    return _text(body, "station"), queued


# --- writing answers ---------------------------------------------------------------------


# Translated when an answer is written: one lookup per scan, not one per outcome.
_HEADLINES = {
    Outcome.CHECKED_IN: _l("Checked in"),
    Outcome.ALREADY: _l("Already checked in"),
    Outcome.CANCELLED: _l("Registration cancelled"),
    Outcome.WAITLISTED: _l("On the waiting list"),
    Outcome.NOT_SIGNED_UP: _l("Not signed up for this workshop"),
    Outcome.OTHER_EVENT: _l("Badge for another event"),
    Outcome.UNKNOWN: _l("Unknown code"),
    Outcome.INVALID: _l("Not a day or item of this event"),
}
_DETAILS = {
    Outcome.CANCELLED: _l("This registration was cancelled. Send the person to the organisers' desk."),
    Outcome.WAITLISTED: _l("This person is on the waiting list and has no seat yet."),
    Outcome.NOT_SIGNED_UP: _l("This person has no seat in this workshop."),
    Outcome.OTHER_EVENT: _l("This badge belongs to another event."),
    Outcome.UNKNOWN: _l("No badge has this code. Try the search box."),
}


def headline(outcome: Outcome) -> str:
    return str(_HEADLINES[outcome])


def checkin_json(event: Event, checkin: CheckIn | None) -> dict | None:
    if checkin is None:
        return None
    return {
        "id": checkin.id,
        "scanned_at": checkin.scanned_at.isoformat(),
        "scanned_at_local": event_time(checkin.scanned_at, event.timezone),
        "by": checkin.staff.name if checkin.staff else None,
        "station": checkin.station,
        "undone": checkin.undone_at is not None,
    }


def _detail(event: Event, result: ScanResult) -> str:
    if result.outcome == Outcome.ALREADY and result.checkin is not None:
        when = event_time(result.checkin.scanned_at, event.timezone)
        who = result.checkin.staff.name if result.checkin.staff else result.checkin.station
        if who:
            return _("Checked in at %(time)s by %(who)s.", time=when, who=who)
        return _("Checked in at %(time)s.", time=when)
    detail = _DETAILS.get(result.outcome)
    return str(detail) if detail is not None else ""


def scan_json(door: Door, result: ScanResult) -> dict:
    registration = result.registration
    person = None
    if registration is not None:
        person = {"registration_id": registration.id, "name": registration.full_name,
                  "organisation": registration.organisation}
    conflict = None
    if result.conflict is not None:
        conflict = {"id": result.conflict.id, "kind": str(result.conflict.kind)}
    return {
        "scan_id": result.scan_id,
        "outcome": str(result.outcome),
        "replayed": result.replayed,
        "title": headline(result.outcome),
        "message": _detail(door.event, result),
        "person": person,
        "workshop": door.item.title if door.item and result.outcome == Outcome.CHECKED_IN else None,
        "checkin": checkin_json(door.event, result.checkin),
        "conflict": conflict,
    }


def early_warning(door: Door, now: datetime) -> str | None:
    """What to tell staff scanning before the door opens (the scan is recorded all the same)."""
    if not services.opens_later(door, now):
        return None
    if door.item is not None:
        return _("Early: %(title)s starts at %(time)s on %(day)s.", title=door.item.title,
                 time=event_time(door.item.start_dt, door.event.timezone), day=long_date(door.day))
    return _("Early: this is the check-in for %(day)s, which has not begun yet.", day=long_date(door.day))


def counts_json(counts: Counts) -> dict:
    return {"checked_in": counts.checked_in, "expected": counts.expected}


def attendee_json(event: Event, attendee: Attendee, *, with_email: bool = False) -> dict:
    row = {
        "registration_id": attendee.registration_id,
        "code_hash": attendee.code_hash,
        "name": f"{attendee.first_name} {attendee.last_name}".strip(),
        "organisation": attendee.organisation,
        "state": attendee.state,
        "checkin_id": attendee.checkin_id,
        "checked_in_at": attendee.checked_in_at.isoformat() if attendee.checked_in_at else None,
        "checked_in_by": attendee.checked_in_by,
    }
    if with_email:
        row["email"] = attendee.email
    return row


def conflict_json(event: Event, conflict: CheckInConflict) -> dict:
    registration = conflict.registration
    return {
        "id": conflict.id,
        "kind": str(conflict.kind),
        "title": headline({
            "duplicate": Outcome.ALREADY, "cancelled": Outcome.CANCELLED, "waitlisted": Outcome.WAITLISTED,
            "not_signed_up": Outcome.NOT_SIGNED_UP, "other_event": Outcome.OTHER_EVENT,
            "unknown": Outcome.UNKNOWN,
        }[conflict.kind]),
        "name": registration.full_name if registration else None,
        "organisation": registration.organisation if registration else None,
        "day": conflict.day.isoformat(),
        "item_id": conflict.item_id,
        "scan_id": conflict.scan_id,
        "code": conflict.code,
        "scanned_at": conflict.scanned_at.isoformat(),
        "scanned_at_local": event_datetime(conflict.scanned_at, event.timezone, "short"),
        "station": conflict.station,
        "by": conflict.staff.name if conflict.staff else None,
        "existing_checkin": checkin_json(event, conflict.existing_checkin),
    }


@dataclass(frozen=True)
class WalkInRequest:
    scan_id: str
    door: DoorArgs
    details: RegistrationDetails
    override_capacity: bool
    station: str | None


def walk_in_request(body: dict, language: str) -> WalkInRequest:
    """POST …/walk-ins: the person's details, the door, a scan id, optional capacity override."""
    names = {
        "first_name": _("First name"), "last_name": _("Last name"), "email": _("Email"),
        "organisation": _("Organisation"),
    }
    values = {}
    for name, title in names.items():
        value = body.get(name)
        limit = 254 if name == "email" else 200 if name == "organisation" else 100
        if not isinstance(value, str) or not value.strip():
            if name == "organisation":
                values[name] = ""
                continue
            raise ApiError(400, "invalid_request", _("Fill in: %(field)s.", field=title))
        if len(value) > limit:
            raise ApiError(400, "invalid_request", _("%(field)s is too long.", field=title))
        values[name] = value.strip()
    try:
        values["email"] = validate_email(values["email"], check_deliverability=False).normalized
    except EmailNotValidError:
        raise ApiError(400, "invalid_request", _("Enter a valid email address.")) from None
    try:
        organisation_type = OrganisationType(body.get("organisation_type") or OrganisationType.OTHER)
    except ValueError:
        raise invalid(_("Unknown organisation type.")) from None
    details = RegistrationDetails(
        first_name=values["first_name"], last_name=values["last_name"], email=values["email"],
        organisation=values["organisation"], organisation_type=organisation_type, position="", phone=None,
        photo_consent=False, language=language,
    )
    return WalkInRequest(_text(body, "scan_id", required=True), door_args(body), details,
                         body.get("override_capacity") is True, _text(body, "station"))
