"""The station pages: the staff member's events, the station itself and its service worker."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from flask import Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired

from eventapp.auth.permissions import event_role_required
from eventapp.auth.services import events_for, may
from eventapp.checkin import bp, services, stations
from eventapp.checkin.api import DOOR_ROLES
from eventapp.checkin.schemas import early_warning, headline
from eventapp.ids import parse_id
from eventapp.models import EventRoleKind, OrganisationType, utcnow

# The session key holding the id of the station token this browser was paired with.
PAIRED = "station_token"

# The files the service worker keeps so that a reloaded station works offline.
OFFLINE_FILES = (
    "css/app.css",
    "favicon.svg",
    "js/checkin-store.js",
    "js/checkin-station.js",
    "js/checkin-camera.js",
    "js/checkin-pair.js",
    "vendor/jsqr/jsQR.js",
)


@bp.get("/checkin/")
@login_required
def my_events():
    events = services.station_order(events_for(current_user, *DOOR_ROLES), utcnow())
    return render_template("checkin/events.html", events=events)


def _station_strings() -> dict:
    """Texts the station shows on its own (offline answers, states), in the page's language."""
    outcomes = {str(o): headline(o) for o in services.Outcome}
    return {
        "outcomes": outcomes,
        "offline_checked_in": _("Checked in offline: it will be sent when the network is back."),
        "offline_unknown": _("Not on this station's list. The scan is kept and sent when the network is back."),
        "already_at": _("Checked in at %(time)s.", time="{time}"),
        "already_by": _("Checked in at %(time)s by %(who)s.", time="{time}", who="{who}"),
        "this_station": _("this station"),
        "online": _("Online"),
        "offline": _("Offline"),
        "queued": _("Waiting to send: {n}"),
        "undone": _("Check-in undone"),
        "undo": _("Undo last check-in"),
        "seat_offer": _("Give a free seat and check in: %(name)s", name="{name}"),
        "undo_named": _("Undo check-in: %(name)s", name="{name}"),
        "scanned_code": _("Scanned code: %(code)s", code="{code}"),
        "nothing_to_undo": _("Nothing to undo."),
        "no_results": _("Nobody found."),
        "check_in": _("Check in"),
        "resolve": _("Dealt with"),
        "camera_on": _("Stop camera"),
        "camera_off": _("Scan with camera"),
        "camera_error": _("The camera could not be started. Allow camera access or use the code field."),
        "error": _("Something went wrong on our side."),
        "session": _("Your session has expired. Reload the page and try again."),
        "token_refused": _("This station's token no longer works. Ask an organiser for a new one."),
        "walk_in_offline": _("Registering walk-ins needs the network. Try again when the station is online."),
        "print_badge": _("Print badge"),
        "states": {
            "confirmed": _("Confirmed"),
            "waitlisted": _("Waiting list"),
            "cancelled": _("Cancelled"),
            "not_signed_up_for_item": _("Not signed up"),
        },
        "conflicts": {
            "duplicate": _("Checked in twice: at another station before this offline scan was sent."),
            "cancelled": _("The registration was cancelled while the station was offline."),
            "waitlisted": _("The person was on the waiting list when the scan was sent."),
            "not_signed_up": _("The person had no seat in the workshop when the scan was sent."),
            "other_event": _("The badge belongs to another event."),
            "unknown": _("The code scanned offline belongs to no badge."),
        },
    }


def _paired_token(slug: str):
    """The station token this browser was paired with, if it still works at this event."""
    token_id = session.get(PAIRED)
    if not isinstance(token_id, int):
        return None
    token = stations.paired(token_id)
    return token if token is not None and token.event.slug == slug else None


@bp.get("/checkin/<slug>/")
def station(slug: str):
    token = _paired_token(slug)
    if token is not None:
        return _station_page(token.event, token=token)
    return _signed_in_station(slug=slug)


@event_role_required(*DOOR_ROLES)
def _signed_in_station(event):
    return _station_page(event, token=None)


def _station_page(event, token):
    items = services.door_items(event)
    item_id = parse_id(request.args.get("item"))
    day = None
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = services.default_day(event, utcnow().astimezone(event.tz).date())
    error = None
    try:
        door = services.door_for(event, None if item_id else day, item_id)
    except services.DoorError:
        error = _("This day or agenda item is not part of the event.")
        door = services.door_for(event, services.default_day(event, utcnow().astimezone(event.tz).date()))
    response = Response(render_template(
        "checkin/station.html", event=event, door=door, items=items, error=error,
        counts=services.counts(door), strings=_station_strings(),
        api=url_for("checkin.check_in", slug=event.slug).rsplit("/checkins", 1)[0],
        item_days={item.id: services.item_day(event, item) for item in items},
        is_organiser=token is None and may(current_user, event, EventRoleKind.ORGANISER),
        organisation_types=list(OrganisationType), station_token=token,
        early=early_warning(door, utcnow()),
    ), status=400 if error else 200)
    response.headers["Cache-Control"] = "private, no-store"
    return response


class PairForm(FlaskForm):
    token = PasswordField(_l("Station token"), validators=[DataRequired(_l("Please paste the station token."))])


class UnpairForm(FlaskForm):
    """The "forget this station" button: only its CSRF token."""


@bp.route("/checkin/pair", methods=["GET", "POST"])
def pair():
    """Turn this browser into a station of one event with a token an organiser made.

    The token is pasted into a form (never put in a link, which ends up in logs and
    history); the page's script keeps it for the API, the session only remembers which
    token was paired, and the station page checks it still works on every load.
    """
    form = PairForm()
    if form.validate_on_submit():
        found = stations.station_for(form.token.data.strip())
        if found is None or found[0].revoked_at is not None:
            form.token.errors = [_("This station token is not valid. Ask an organiser for a new one.")]
        else:
            token, event = found
            session[PAIRED] = token.id
            return redirect(url_for("checkin.station", slug=event.slug))
    response = Response(render_template("checkin/pair.html", form=form), status=422 if form.errors else 200)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/checkin/unpair")
def unpair():
    """Forget the station token in this browser (the page's script also forgets its copy)."""
    if not UnpairForm().validate_on_submit():
        abort(400)
    session.pop(PAIRED, None)
    return redirect(url_for("checkin.pair"))


@bp.get("/checkin/sw.js")
def service_worker():
    """The station's service worker, served from /checkin/ so that its scope covers every station."""
    body = (Path(current_app.static_folder) / "js" / "checkin-sw.js").read_text(encoding="utf-8")
    files = [url_for("static", filename=name) for name in OFFLINE_FILES]
    prelude = f"const OFFLINE_FILES = {json.dumps(files)};\n"
    response = Response(prelude + body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
