"""The back office's page of undelivered messages, with a retry button for each and for all."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.auth.permissions import event_role_required
from eventapp.manage import bp, undelivered
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm
from eventapp.models import EventRoleKind

organiser_only = event_role_required(EventRoleKind.ORGANISER)


def _require_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.route("/events/<slug>/undelivered")
@organiser_only
def undelivered_page(event):
    return render_template("manage/undelivered.html", event=event, failed=undelivered.failed_messages(event),
                           kind_label=undelivered.kind_label, action=ActionForm())


@bp.route("/events/<slug>/undelivered/<int:email_id>/retry", methods=["POST"])
@organiser_only
def retry_message(event, email_id: int):
    _require_action()
    email = undelivered.event_message(event, email_id)
    if email is None:
        abort(404)
    try:
        undelivered.retry_message(email)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The message to %(recipient)s is being sent again.", recipient=email.recipient), "success")
    return redirect(url_for("manage.undelivered_page", slug=event.slug))


@bp.route("/events/<slug>/undelivered/retry", methods=["POST"])
@organiser_only
def retry_all_messages(event):
    _require_action()
    count = undelivered.retry_all(event)
    flash(ngettext("%(num)d message is being sent again.", "%(num)d messages are being sent again.", count),
          "success")
    return redirect(url_for("manage.undelivered_page", slug=event.slug))
