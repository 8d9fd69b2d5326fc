from __future__ import annotations

import re
import unicodedata

from flask import Response, abort, render_template

from eventapp.auth.permissions import event_role_required
from eventapp.badges import bp, services
from eventapp.badges.pdf import badge_pdf, badge_sheet_pdf
from eventapp.badges.qr import qr_svg
from eventapp.models import EventRoleKind, Registration, RegistrationStatus
from eventapp.public.services import get_event_by_slug
from eventapp.registration.services import find_by_manage_token

desk_only = event_role_required(EventRoleKind.ORGANISER, EventRoleKind.STAFF)


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "x"


def _pdf(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _without_badge(registration: Registration):
    """A clear page (status 404) for a registration that has no badge: cancelled or waiting."""
    return render_template("badges/unavailable.html", registration=registration), 404


def _participant(slug: str, token: str) -> Registration:
    event = get_event_by_slug(slug)
    registration = find_by_manage_token(event, token) if event is not None else None
    # An erased registration's link opens nothing, as on the private page.
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    return registration


@bp.route("/events/<slug>/r/<token>/badge.pdf")
def own_badge_pdf(slug: str, token: str):
    registration = _participant(slug, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _without_badge(registration)
    return _pdf(badge_pdf(registration), f"badge-{_ascii(registration.last_name)}.pdf")


@bp.route("/events/<slug>/r/<token>/badge.svg")
def own_badge_svg(slug: str, token: str):
    registration = _participant(slug, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _without_badge(registration)
    response = Response(str(qr_svg(registration.badge_code)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/events/<slug>/badges.pdf")
@desk_only
def sheet_pdf(event):
    registrations = services.confirmed_registrations(event)
    return _pdf(badge_sheet_pdf(event, registrations), f"{event.slug}-badges.pdf")


@bp.route("/events/<slug>/registrations/<int:registration_id>/badge.pdf")
@desk_only
def desk_badge_pdf(event, registration_id: int):
    registration = services.registration_at(event, registration_id)
    if registration is None:
        abort(404)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _without_badge(registration)
    return _pdf(badge_pdf(registration), f"badge-{_ascii(registration.last_name)}-{registration.id}.pdf")
