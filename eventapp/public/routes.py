from datetime import datetime

from flask import abort, render_template

from eventapp.models import OrganisationPart
from eventapp.public import accessibility, bp
from eventapp.public.services import get_event_by_slug, map_link, public_events


@bp.route("/")
def index():
    upcoming, past = public_events(datetime.now().date())
    return render_template("public/index.html", upcoming=upcoming, past=past)


@bp.route("/events/<slug>/")
def event(slug: str):
    event = get_event_by_slug(slug)
    if event is None:
        abort(404)
    return render_template(
        "public/event.html",
        event=event,
        map_link=map_link(event),
        parts=OrganisationPart,
    )


@bp.route("/deklaracja-dostepnosci")
def accessibility_statement():
    """The accessibility statement Polish public bodies publish, linked from every page's footer."""
    return render_template("public/accessibility.html", statement=accessibility.statement())
