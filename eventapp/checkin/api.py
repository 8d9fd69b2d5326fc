"""The station's JSON API under /api/events/<slug>/…, described at /api/openapi.json.

Two ways in: a station token (`Authorization: Bearer …`, made by an organiser for one event;
no session, CSRF or account is loaded), or the station page's signed-in session with the
CSRF token in the X-CSRFToken header for every POST. Anonymous callers get 401 (also an
unknown token), a revoked or other event's token 403, accounts without a staff or organiser
role at the event 403 (404 for drafts and unknown events); errors are
`{"error": code, "message": text}`.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, g, jsonify, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, select

from eventapp import database
from eventapp.checkin import bp, openapi, schemas, seats, services, stations
from eventapp.checkin.schemas import ApiError
from eventapp.errors import csrf_failed
from eventapp.extensions import csrf, db
from eventapp.models import Event, EventRole, EventRoleKind, utcnow
from eventapp.questions.answers import staff_answers
from eventapp.registration.services import EventFull, RegistrationClosed
from eventapp.templating import has_endpoint

DOOR_ROLES = (EventRoleKind.STAFF, EventRoleKind.ORGANISER)


def api_error(status: int, code: str, message: str):
    response = jsonify(error=code, message=message)
    response.status_code = status
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return api_error(error.status, error.code, error.message)


@bp.errorhandler(CSRFError)
def _csrf_error(_error):
    over = csrf_failed()  # counted like every failed post: 429 past the limit
    if over is not None:
        return over
    return api_error(400, "csrf_failed", _("Your session has expired. Reload the page and try again."))


# Built once: every scan passes here, and building the statement costs more than binding it.
_EVENT_AND_ROLES = (
    select(Event, EventRole.role)
    .outerjoin(EventRole, (EventRole.event_id == Event.id) & (EventRole.account_id == bindparam("account_id")))
    .where(Event.slug == bindparam("slug"))
)


def _event_and_roles(slug: str) -> tuple[Event | None, set[EventRoleKind]]:
    """The event and the signed-in account's roles there, in one statement.

    The same answer as `auth.services.roles_at` (administrators count as organisers), fetched
    together with the event: every scan passes here, and each round trip to the database
    counts when a queue stands at the door.
    """
    rows = db.session.execute(_EVENT_AND_ROLES, {"account_id": current_user.id, "slug": slug}).all()
    if not rows:
        return None, set()
    roles = {role for _event, role in rows if role is not None}
    if current_user.is_admin:
        roles.add(EventRoleKind.ORGANISER)
    return rows[0][0], roles


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _with_station_token(clear: str, slug: str):
    """A station's request: the token alone decides, with no session, account or CSRF check."""
    found = stations.station_for(clear)
    if found is None:
        return None, api_error(401, "unauthorised", _("This station token is not valid."))
    token, event = found
    if token.revoked_at is not None:
        return None, api_error(403, "token_revoked", _("This station token was revoked."))
    if event.slug != slug:
        return None, api_error(403, "forbidden", _("This station token is for another event."))
    g.checkin_staff, g.checkin_station = None, token.name
    return event, None


def _with_session(slug: str):
    if not current_user.is_authenticated:
        return None, api_error(401, "unauthorised", _("Please sign in."))
    event, roles = _event_and_roles(slug)
    allowed = bool(roles & set(DOOR_ROLES))
    if event is None or (not event.is_public and not allowed):
        return None, api_error(404, "not_found", _("We could not find that page."))
    if not allowed:
        return None, api_error(403, "forbidden", _("You do not have access to this page."))
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()  # raises CSRFError, answered by _csrf_error
    g.checkin_staff, g.checkin_station = current_user._get_current_object(), None
    return event, None


def staff_api(view):
    """Require a station token of the event in the URL, or a signed-in account with a staff or
    organiser role there (with the CSRF token on POSTs)."""

    @wraps(view)
    def wrapped(slug: str, **kwargs):
        clear = _bearer()
        event, refusal = _with_station_token(clear, slug) if clear is not None else _with_session(slug)
        if refusal is not None:
            return refusal
        return view(event, **kwargs)

    # A bearer token cannot be sent by another site's form, so CSRF is checked only for sessions.
    csrf.exempt(wrapped)
    return wrapped


def _staff():
    """The signed-in account scanning, or None for a station token."""
    return g.checkin_staff


def _station(requested: str | None) -> str | None:
    """A station token's name is the station, whatever the request says."""
    return g.checkin_station or requested


def reads_first(view):
    """Requests that usually only read (a scan of someone already in, a search, the lists) begin
    their transactions as reads; a scan that records a check-in turns to writing on its own.
    Each of their statements stands alone, so on PostgreSQL they run in autocommit."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        database.autocommit_on_postgresql(db.session())
        with database.reading():
            return view(*args, **kwargs)

    return wrapped


def _door(event, args: schemas.DoorArgs) -> services.Door:
    try:
        return services.door_for(event, args.day, args.item_id)
    except services.DoorError:
        raise ApiError(404, "no_such_door", _("This day or agenda item is not part of the event.")) from None


@bp.get("/api/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.post("/api/events/<slug>/checkins")
@reads_first
@staff_api
def check_in(event):
    scan = schemas.scan_request(schemas.json_body(request))
    door = _door(event, scan.door)
    try:
        result = services.check_in(door, scan_id=scan.scan_id, staff=_staff(), code=scan.code,
                                   registration_id=scan.registration_id, scanned_at=scan.scanned_at,
                                   station=_station(scan.station), source=scan.source)
    except services.ScanIdReused:
        raise ApiError(409, "scan_id_reused", _("This scan id was already used for another scan.")) from None
    body = schemas.scan_json(door, result)
    body["warning"] = schemas.early_warning(door, utcnow())
    body["seat_offer"] = (result.outcome == services.Outcome.NOT_SIGNED_UP
                          and seats.may_offer_seat(door, result.registration))
    created = result.outcome == services.Outcome.CHECKED_IN and not result.replayed
    return jsonify(body), 201 if created else 200


@bp.post("/api/events/<slug>/workshop-seats")
@staff_api
def seat(event):
    scan = schemas.scan_request(schemas.json_body(request))
    door = _door(event, scan.door)
    if scan.registration_id is None:
        raise ApiError(400, "invalid_request", _("Send the registration id of the person to seat."))
    try:
        result = seats.seat_and_check_in(door, scan.registration_id, staff=_staff(), scan_id=scan.scan_id,
                                         station=_station(scan.station), source=scan.source)
    except seats.SeatRefused as refused:
        raise ApiError(409, "no_seat", refused.message) from None
    except services.ScanIdReused:
        raise ApiError(409, "scan_id_reused", _("This scan id was already used for another scan.")) from None
    body = schemas.scan_json(door, result)
    body["counts"] = schemas.counts_json(services.counts(door))
    created = result.outcome == services.Outcome.CHECKED_IN and not result.replayed
    return jsonify(body), 201 if created else 200


@bp.post("/api/events/<slug>/checkins/<int:checkin_id>/undo")
@staff_api
def undo(event, checkin_id: int):
    checkin = services.undo(event, checkin_id, _staff())
    if checkin is None:
        raise ApiError(404, "not_found", _("We could not find that check-in."))
    try:
        door = services.door_for(event, checkin.day, checkin.item_id)
    except services.DoorError:  # an item cancelled since: no count to show
        door = None
    registration = checkin.registration
    body = {"checkin": schemas.checkin_json(event, checkin), "title": _("Check-in undone"),
            "person": {"registration_id": registration.id, "name": registration.full_name,
                       "organisation": registration.organisation}}
    if door is not None:
        body["counts"] = schemas.counts_json(services.counts(door))
    return jsonify(body)


@bp.post("/api/events/<slug>/checkins/batch")
@staff_api
def upload(event):
    station, scans = schemas.batch_request(schemas.json_body(request))
    try:
        results = services.upload_scans(event, scans, staff=_staff(), station=_station(station))
    except services.ScanIdReused:
        raise ApiError(409, "scan_id_reused", _("This scan id was already used for another scan.")) from None
    answers = []
    for scan, result in zip(scans, results, strict=True):
        if result.outcome == services.Outcome.INVALID:
            answers.append({"scan_id": scan.scan_id, "outcome": str(result.outcome),
                            "title": schemas.headline(result.outcome), "message": "", "replayed": False,
                            "person": None, "workshop": None, "checkin": None, "conflict": None})
            continue
        door = services.door_for(event, scan.day, scan.item_id)
        answers.append(schemas.scan_json(door, result))
    return jsonify(results=answers)


@bp.get("/api/events/<slug>/search")
@reads_first
@staff_api
def search(event):
    door = _door(event, schemas.door_args(request.args))
    query = (request.args.get("q") or "")[:100]
    people = services.search(door, query)
    # What staff may know at the door (diet, needs; never funder monitoring data): two queries.
    notes = staff_answers(event, [person.registration_id for person in people], str(get_locale()))
    return jsonify(people=[
        {**schemas.attendee_json(event, person, with_email=True),
         "answers": [{"question": q, "answer": a} for q, a in notes.get(person.registration_id, [])]}
        for person in people])


@bp.get("/api/events/<slug>/counts")
@reads_first
@staff_api
def counts(event):
    door = _door(event, schemas.door_args(request.args))
    return jsonify(schemas.counts_json(services.counts(door)))


@bp.get("/api/events/<slug>/attendees")
@reads_first
@staff_api
def attendees(event):
    door = _door(event, schemas.door_args(request.args))
    since = schemas.parse_instant(request.args.get("since"), "since")
    listing = services.attendee_list(door, since)
    response = jsonify(cursor=listing.cursor.isoformat(), full=listing.full,
                       people=[schemas.attendee_json(event, person) for person in listing.people])
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/api/events/<slug>/conflicts")
@reads_first
@staff_api
def conflicts(event):
    return jsonify(conflicts=[schemas.conflict_json(event, c) for c in services.open_conflicts(event)])


@bp.post("/api/events/<slug>/conflicts/<int:conflict_id>/resolve")
@staff_api
def resolve_conflict(event, conflict_id: int):
    conflict = services.resolve_conflict(event, conflict_id, _staff())
    if conflict is None:
        raise ApiError(404, "not_found", _("We could not find that conflict."))
    return jsonify(id=conflict.id, resolved=True)


@bp.post("/api/events/<slug>/walk-ins")
@staff_api
def walk_in(event):
    form = schemas.walk_in_request(schemas.json_body(request), str(get_locale() or "pl"))
    door = _door(event, form.door)
    try:
        registration, result = services.walk_in(door, form.details, staff=_staff(), scan_id=form.scan_id,
                                                override_capacity=form.override_capacity,
                                                station=_station(form.station))
    except services.OverrideRefused:
        raise ApiError(403, "override_not_allowed",
                       _("Only organisers may register someone beyond the event's capacity.")) from None
    except EventFull as full:
        raise ApiError(409, "event_full", full.message or _("There are no free seats left.")) from None
    except RegistrationClosed as closed:
        raise ApiError(409, "event_cancelled", closed.message) from None
    except services.ScanIdReused:
        raise ApiError(409, "scan_id_reused", _("This scan id was already used for another scan.")) from None
    body = schemas.scan_json(door, result)
    body["warning"] = schemas.early_warning(door, utcnow())
    body["counts"] = schemas.counts_json(services.counts(door))
    body["registration_id"] = registration.id
    body["badge_url"] = (url_for("badges.desk_badge_pdf", slug=event.slug, registration_id=registration.id)
                         if has_endpoint("badges.desk_badge_pdf") else None)
    return jsonify(body), 201
