"""The OpenAPI 3 description of the check-in API, served at /api/openapi.json."""

from __future__ import annotations

from functools import cache

from eventapp.checkin.schemas import MAX_BATCH

OUTCOMES = ["checked_in", "already", "cancelled", "waitlisted", "not_signed_up_for_item", "other_event",
            "unknown"]
CONFLICT_KINDS = ["duplicate", "cancelled", "waitlisted", "not_signed_up", "other_event", "unknown"]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    texts = {
        400: "Invalid request, or missing CSRF token (`csrf_failed`)",
        401: "Neither signed in nor an `Authorization: Bearer` station token (or an unknown token)",
        403: "Signed in without a staff or organiser role at this event, or a station token that was "
             "revoked or belongs to another event (walk-ins: override by non-organiser)",
        404: "No such event (or a draft you may not see), day, item, check-in or conflict",
        409: "The scan id was already used for a different scan (walk-ins: `event_full`, or `event_cancelled` once the event is called off)",
    }
    return {str(code): _json(_ref("Error"), texts[code]) for code in codes}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "The event's slug"}
DAY = {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"},
       "description": "The day being checked in (required unless item_id is given)"}
ITEM = {"name": "item_id", "in": "query", "schema": {"type": "integer"},
        "description": "An agenda item (workshop) of the event; its day is implied"}

NULLABLE_STRING = {"type": "string", "nullable": True}

SCHEMAS = {
    "Error": {
        "type": "object", "required": ["error", "message"],
        "properties": {"error": {"type": "string", "example": "invalid_request"},
                       "message": {"type": "string", "description": "Translated, for people"}},
    },
    "ScanRequest": {
        "type": "object", "required": ["scan_id"],
        "description": "Send exactly one of `code` and `registration_id`, and `day` or `item_id`.",
        "properties": {
            "scan_id": {"type": "string", "maxLength": 64,
                        "description": "Made by the station for each scan; a retry with the same id is "
                                       "answered the same and counted once"},
            "code": {"type": "string", "maxLength": 500,
                     "description": "What the scanner or camera read: the badge code or a link ending in it"},
            "registration_id": {"type": "integer", "description": "A person found with the search"},
            "day": {"type": "string", "format": "date"},
            "item_id": {"type": "integer"},
            "scanned_at": {"type": "string", "format": "date-time",
                           "description": "When the station scanned; defaults to now"},
            "station": {"type": "string", "maxLength": 64},
            "source": {"type": "string", "enum": ["scanner", "camera", "search"]},
        },
    },
    "CheckIn": {
        "type": "object", "nullable": True,
        "properties": {
            "id": {"type": "integer"},
            "scanned_at": {"type": "string", "format": "date-time"},
            "scanned_at_local": {"type": "string", "description": "HH:MM in the event's time zone"},
            "by": NULLABLE_STRING, "station": NULLABLE_STRING, "undone": {"type": "boolean"},
        },
    },
    "Counts": {
        "type": "object", "required": ["checked_in", "expected"],
        "properties": {"checked_in": {"type": "integer"}, "expected": {"type": "integer"}},
    },
    "ScanAnswer": {
        "type": "object", "required": ["scan_id", "outcome", "title", "message"],
        "properties": {
            "scan_id": {"type": "string"},
            "outcome": {"type": "string", "enum": [*OUTCOMES, "invalid"]},
            "replayed": {"type": "boolean", "description": "This scan id had been recorded before"},
            "title": {"type": "string", "description": "Translated headline"},
            "message": {"type": "string", "description": "Translated detail (when and by whom, …)"},
            "person": {"type": "object", "nullable": True, "properties": {
                "registration_id": {"type": "integer"}, "name": {"type": "string"},
                "organisation": {"type": "string"}}},
            "workshop": NULLABLE_STRING,
            "seat_offer": {"type": "boolean",
                           "description": "Single scans at a workshop door: the person has no seat, one is "
                                          "free and they are not waiting for one (POST …/workshop-seats)"},
            "warning": {"type": "string", "nullable": True,
                        "description": "Single scans and walk-ins: the door has not opened yet (its day is "
                                       "to come, or its workshop starts in more than an hour); recorded anyway"},
            "checkin": _ref("CheckIn"),
            "conflict": {"type": "object", "nullable": True, "properties": {
                "id": {"type": "integer"}, "kind": {"type": "string", "enum": CONFLICT_KINDS}}},
        },
    },
    "Attendee": {
        "type": "object",
        "properties": {
            "registration_id": {"type": "integer"},
            "code_hash": {"type": "string", "description": "SHA-256 (hex) of the badge code"},
            "name": {"type": "string"}, "organisation": {"type": "string"},
            "email": {"type": "string", "description": "Search results only"},
            "answers": {"type": "array", "description": "Search results only: sign-up answers door staff may see "
                        "(never funder monitoring data)",
                        "items": {"type": "object", "properties": {"question": {"type": "string"},
                                                                   "answer": {"type": "string"}}}},
            "state": {"type": "string",
                      "enum": ["confirmed", "waitlisted", "cancelled", "not_signed_up_for_item"]},
            "checkin_id": {"type": "integer", "nullable": True},
            "checked_in_at": {"type": "string", "format": "date-time", "nullable": True},
            "checked_in_by": NULLABLE_STRING,
        },
    },
    "AttendeeList": {
        "type": "object", "required": ["cursor", "full", "people"],
        "properties": {
            "cursor": {"type": "string", "format": "date-time",
                       "description": "Pass as `since` next time to receive only changes"},
            "full": {"type": "boolean"},
            "people": {"type": "array", "items": _ref("Attendee")},
        },
    },
    "QueuedScan": {
        "type": "object", "required": ["scan_id", "day", "scanned_at"],
        "properties": {
            "scan_id": {"type": "string", "maxLength": 64},
            "code": {"type": "string"}, "registration_id": {"type": "integer"},
            "day": {"type": "string", "format": "date"}, "item_id": {"type": "integer"},
            "scanned_at": {"type": "string", "format": "date-time"},
        },
    },
    "BatchRequest": {
        "type": "object", "required": ["scans"],
        "properties": {
            "station": {"type": "string", "maxLength": 64},
            "scans": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH, "items": _ref("QueuedScan")},
        },
    },
    "WalkInRequest": {
        "type": "object", "required": ["scan_id", "first_name", "last_name", "email"],
        "description": "Send `day` or `item_id`: the walk-in is checked in there at once.",
        "properties": {
            "scan_id": {"type": "string", "maxLength": 64},
            "first_name": {"type": "string", "maxLength": 100}, "last_name": {"type": "string", "maxLength": 100},
            "email": {"type": "string", "format": "email"}, "organisation": {"type": "string", "maxLength": 200},
            "organisation_type": {"type": "string", "enum": [
                "public_administration", "ngo", "social_economy", "business", "education", "media", "other"]},
            "day": {"type": "string", "format": "date"}, "item_id": {"type": "integer"},
            "station": {"type": "string", "maxLength": 64},
            "override_capacity": {"type": "boolean", "description": "Organisers only: seat beyond capacity"},
        },
    },
    "Conflict": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "kind": {"type": "string", "enum": CONFLICT_KINDS},
            "title": {"type": "string"}, "name": NULLABLE_STRING, "organisation": NULLABLE_STRING,
            "day": {"type": "string", "format": "date"}, "item_id": {"type": "integer", "nullable": True},
            "scan_id": {"type": "string"}, "scanned_at": {"type": "string", "format": "date-time"},
            "code": {"type": "string", "nullable": True,
                     "description": "What the station read (null for a person picked from the search)"},
            "scanned_at_local": {"type": "string"}, "station": NULLABLE_STRING, "by": NULLABLE_STRING,
            "existing_checkin": _ref("CheckIn"),
        },
    },
}


def _post(summary: str, body: str | None, answer: dict, *errors: int, params=()) -> dict:
    operation = {"summary": summary, "parameters": [SLUG, *params], "responses": {**answer, **_errors(*errors)},
                 "security": [{"stationToken": []}, {"session": [], "csrf": []}]}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    return {"post": operation}


def _get(summary: str, answer: dict, *errors: int, params=()) -> dict:
    return {"get": {"summary": summary, "parameters": [SLUG, *params],
                    "responses": {**answer, **_errors(*errors)}, "security": [{"stationToken": []}, {"session": []}]}}


@cache
def document() -> dict:
    """The whole OpenAPI 3.0 document (built once per process)."""
    scan_answer = _ref("ScanAnswer")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "eventapp check-in API",
            "version": "1",
            "description": (
                "What a check-in station uses: scan a badge, search, undo, counts, the day's list for "
                "offline use and the upload of scans queued offline. A station or scanner app sends "
                "`Authorization: Bearer <station token>` (made by an organiser in the back office, "
                "valid for one event); no cookie or CSRF token is needed then. A browser signed in "
                "through /auth/login may instead use its session, sending the page's CSRF token in the "
                "X-CSRFToken header with every POST. Errors are "
                '{"error": code, "message": text}.'),
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "stationToken": {"type": "http", "scheme": "bearer",
                                 "description": "A station token of the event in the URL; revocable, "
                                                "check-in only"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
        "paths": {
            "/api/events/{slug}/checkins": _post(
                "Check a badge (or a person found by search) in", "ScanRequest",
                {"201": _json(scan_answer, "Checked in now"),
                 "200": _json(scan_answer, "Any other outcome, or a retried scan id")},
                400, 401, 403, 404, 409),
            "/api/events/{slug}/checkins/{checkin_id}/undo": _post(
                "Undo a mistaken check-in (it stays in the history)", None,
                {"200": _json({"type": "object", "properties": {
                    "checkin": _ref("CheckIn"), "title": {"type": "string"}, "counts": _ref("Counts"),
                    "person": {"type": "object", "description": "Whose check-in was undone", "properties": {
                        "registration_id": {"type": "integer"}, "name": {"type": "string"},
                        "organisation": {"type": "string"}}}}},
                    "Undone (also when it already was)")},
                400, 401, 403, 404,
                params=[{"name": "checkin_id", "in": "path", "required": True, "schema": {"type": "integer"}}]),
            "/api/events/{slug}/checkins/batch": _post(
                "Upload scans queued offline, keeping their scan times", "BatchRequest",
                {"200": _json({"type": "object", "properties": {
                    "results": {"type": "array", "items": scan_answer}}},
                    "One answer per scan, in order; conflicts are recorded and named")},
                400, 401, 403, 404, 409),
            "/api/events/{slug}/search": _get(
                "Find people by part of their name, organisation or email (case and accents ignored)",
                {"200": _json({"type": "object", "properties": {
                    "people": {"type": "array", "items": _ref("Attendee")}}}, "Up to 20 people")},
                400, 401, 403, 404,
                params=[{"name": "q", "in": "query", "schema": {"type": "string"}}, DAY, ITEM]),
            "/api/events/{slug}/counts": _get(
                "Checked in against expected at the day or item",
                {"200": _json(_ref("Counts"), "Counts")}, 400, 401, 403, 404, params=[DAY, ITEM]),
            "/api/events/{slug}/attendees": _get(
                "The day's (or item's) people for offline use; with `since`, only what changed",
                {"200": _json(_ref("AttendeeList"), "The list")}, 400, 401, 403, 404,
                params=[DAY, ITEM, {"name": "since", "in": "query",
                                    "schema": {"type": "string", "format": "date-time"},
                                    "description": "The cursor of an earlier answer"}]),
            "/api/events/{slug}/walk-ins": _post(
                "Register someone at the desk and check them in", "WalkInRequest",
                {"201": _json({"allOf": [scan_answer, {"type": "object", "properties": {
                    "registration_id": {"type": "integer"}, "counts": _ref("Counts"),
                    "badge_url": {"type": "string", "nullable": True,
                                  "description": "The badge PDF to print, when badges are available"}}}]},
                    "Registered (or found registered) and checked in")},
                400, 401, 403, 404, 409),
            "/api/events/{slug}/workshop-seats": _post(
                "At a workshop's door: give someone who did not sign up a free seat and check them in",
                "ScanRequest",
                {"201": _json({"allOf": [scan_answer, {"type": "object", "properties": {
                    "counts": _ref("Counts")}}]}, "Seated and checked in"),
                 "200": _json(scan_answer, "A retried scan id, or the person already had a seat")},
                400, 401, 403, 404, 409),
            "/api/events/{slug}/conflicts": _get(
                "Unresolved conflicts from offline uploads",
                {"200": _json({"type": "object", "properties": {
                    "conflicts": {"type": "array", "items": _ref("Conflict")}}}, "Oldest first")},
                401, 403, 404),
            "/api/events/{slug}/conflicts/{conflict_id}/resolve": _post(
                "Mark a conflict as dealt with", None,
                {"200": _json({"type": "object", "properties": {
                    "id": {"type": "integer"}, "resolved": {"type": "boolean"}}}, "Resolved")},
                400, 401, 403, 404,
                params=[{"name": "conflict_id", "in": "path", "required": True, "schema": {"type": "integer"}}]),
        },
    }
