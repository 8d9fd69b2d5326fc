"""'Copy this event': the next edition as a draft."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.auth.permissions import event_role_required
from eventapp.manage.errors import Refusal
from eventapp.models import EventRoleKind
from eventapp.programmes import bp, editions
from eventapp.programmes.forms import CopyEventForm


@bp.route("/manage/events/<slug>/copy", methods=["GET", "POST"])
@event_role_required(EventRoleKind.ORGANISER)
def copy_event(event):
    form = CopyEventForm(data=None if CopyEventForm().is_submitted() else {"title": event.title})
    if form.validate_on_submit():
        try:
            copy = editions.copy_event(event, form.start_date.data, current_user, title=form.title.data,
                                       slug=form.slug.data)
        except Refusal as refusal:
            field = getattr(form, refusal.field, None) if refusal.field else None
            if field is not None:
                field.errors = [*field.errors, refusal.message]
            else:
                flash(refusal.message, "error")
        else:
            flash(_("The next edition has been created as a draft: check its agenda and publish it."), "success")
            return redirect(url_for("manage.event", slug=copy.slug))
    return render_template("programmes/copy_event.html", event=event, form=form)
