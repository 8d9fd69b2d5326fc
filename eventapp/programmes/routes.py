"""The public programme page."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template

from eventapp.programmes import bp, services


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
