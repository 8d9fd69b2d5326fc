from flask import abort, render_template

from eventapp.public.services import get_event_by_slug
from eventapp.registration import bp, services


def _registration_or_404(slug: str, token: str):
    event = get_event_by_slug(slug)
    if event is None:
        abort(404)
    registration = services.find_by_manage_token(event, token)
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    return event, registration


@bp.route("/events/<slug>/r/<token>")
def manage(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    return render_template("registration/manage.html", event=event, registration=registration)
