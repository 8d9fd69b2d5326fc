from datetime import datetime

from flask import abort, render_template
from flask_login import current_user

from eventapp.models import OrganisationPart
from eventapp.public import accessibility, bp
from eventapp.public.services import get_event_for, map_link, public_events, signup_facts


@bp.route("/")
def index():
    upcoming, past = public_events(datetime.now().date())
    return render_template("public/index.html", upcoming=upcoming, past=past, facts=signup_facts(upcoming))


@bp.route("/events/<slug>/")
def event(slug: str):
    event = get_event_for(slug, current_user)
    if event is None:
        abort(404)
    return render_template(
        "public/event.html",
        event=event,
        map_link=map_link(event),
        parts=OrganisationPart,
        facts=signup_facts([event])[event.id],
    )


@bp.route("/deklaracja-dostepnosci")
def accessibility_statement():
    """The accessibility statement Polish public bodies publish, linked from every page's footer."""
    return render_template("public/accessibility.html", statement=accessibility.statement())
