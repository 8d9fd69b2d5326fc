"""The public programme page."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.extensions import limiter
from eventapp.programmes import bp, services, suggestions


@bp.route("/programmes/<slug>/")
def public_page(slug: str):
    programme = services.get_programme_by_slug(slug)
    if programme is None:
        abort(404)
    upcoming, past = services.public_events(programme, date.today())
    return render_template("programmes/public.html", programme=programme, upcoming=upcoming, past=past)


@bp.app_template_global()
def programme_of_event(event):
    """The programme shown on an event's page (one query)."""
    return services.programme_of_event(event)


def _suggestion_limit() -> str:
    return current_app.config.get("SUGGESTION_RATELIMIT", "60 per minute")


@bp.route("/events/<slug>/organisation-suggestions")
@limiter.limit(_suggestion_limit)
def organisation_suggestions(slug: str):
    """Names from the event's programme directory for the sign-up form (JSON, names only)."""
    event = suggestions.suggestion_event(slug)
    if event is None:
        return jsonify(error="not_found", message=_("There is no such event in a programme.")), 404
    response = jsonify(names=suggestions.organisation_names(event, request.args.get("q", "")))
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


@bp.app_template_global()
def organisation_suggestions_url(event) -> str | None:
    """Where the sign-up form asks for organisation names, when the event is in a programme."""
    return url_for("programmes.organisation_suggestions", slug=event.slug) \
        if services.programme_of_event(event) is not None else None
