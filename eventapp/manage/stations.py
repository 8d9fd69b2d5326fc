"""Back office: the event's check-in station tokens (make one, see them, revoke one).

Routes on the manage blueprint, kept apart from `routes.py`; the rules are in
`station_tokens`.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from eventapp.auth.permissions import event_role_required
from eventapp.manage import bp
from eventapp.manage import station_tokens as stations
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm
from eventapp.models import EventRoleKind

organiser_only = event_role_required(EventRoleKind.ORGANISER)


class StationTokenForm(FlaskForm):
    name = StringField(_l("Name of the station or scanner"), validators=[Length(max=stations.NAME_MAX)])


def _page(event, form, *, new_token=None, new_name=None, status=200):
    response = make_response(render_template(
        "manage/stations.html", event=event, form=form, action=ActionForm(),
        tokens=stations.tokens(event), new_token=new_token, new_name=new_name,
        pair_url=url_for("checkin.pair", _external=True)), status)
    # The page that shows a new token once must not be kept by the browser or a proxy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/events/<slug>/stations", methods=["GET", "POST"])
@organiser_only
def station_tokens(event):
    form = StationTokenForm()
    if form.validate_on_submit():
        try:
            token, clear = stations.create_token(event, form.name.data, current_user)
        except Refusal as refusal:
            getattr(form, refusal.field or "name").errors = [refusal.message]
        else:
            # Rendered, not flashed: the session cookie is signed, not secret.
            return _page(event, StationTokenForm(formdata=None), new_token=clear, new_name=token.name, status=201)
    return _page(event, form, status=422 if form.errors else 200)


@bp.route("/events/<slug>/stations/<int:token_id>/revoke", methods=["POST"])
@organiser_only
def revoke_station_token(event, token_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        token = stations.revoke(event, token_id, current_user)
    except Refusal:
        abort(404)
    flash(_("The station %(name)s can no longer check people in.", name=token.name), "success")
    return redirect(url_for("manage.station_tokens", slug=event.slug))
