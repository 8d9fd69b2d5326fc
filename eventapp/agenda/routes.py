from flask import abort, render_template
from flask_login import current_user

from eventapp.agenda import bp
from eventapp.agenda.services import build_agenda
from eventapp.models import Role
from eventapp.public.services import get_event_for


@bp.route("/events/<slug>/agenda")
def agenda(slug: str):
    event = get_event_for(slug, current_user)
    if event is None:
        abort(404)
    return render_template("agenda/agenda.html", event=event, days=build_agenda(event), roles=Role)
