from flask import abort, render_template
from flask_login import current_user

from eventapp.models import Role
from eventapp.public.services import get_event_for
from eventapp.speakers import bp
from eventapp.speakers.services import speaker_roles_at, speakers_of


@bp.route("/events/<slug>/speakers/")
def speaker_list(slug: str):
    event = get_event_for(slug, current_user)
    if event is None:
        abort(404)
    return render_template("speakers/list.html", event=event, speakers=speakers_of(event))


@bp.route("/events/<slug>/speakers/<int:speaker_id>")
def speaker(slug: str, speaker_id: int):
    event = get_event_for(slug, current_user)
    if event is None:
        abort(404)
    parts = speaker_roles_at(event, speaker_id)
    if not parts:
        abort(404)
    return render_template(
        "speakers/speaker.html", event=event, speaker=parts[0].speaker, parts=parts, roles=Role
    )
