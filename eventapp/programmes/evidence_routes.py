"""The evidence page of an event: scans of signed lists (staff upload them) and the audit ZIP."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.auth.permissions import event_role_required
from eventapp.auth.services import roles_at
from eventapp.manage.errors import Refusal
from eventapp.models import EventRoleKind
from eventapp.programmes import bp, evidence
from eventapp.programmes.forms import ActionForm, ScanForm

staff_or_organiser = event_role_required(EventRoleKind.ORGANISER, EventRoleKind.STAFF)


@bp.route("/manage/events/<slug>/evidence/", methods=["GET", "POST"])
@staff_or_organiser
def evidence_page(event):
    form = ScanForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                evidence.upload_scan(event, request.files.get("scan"), current_user)
            except Refusal as refusal:
                form.scan.errors = [*form.scan.errors, refusal.message]
            else:
                flash(_("The scan has been added to the evidence."), "success")
                return redirect(url_for("programmes.evidence_page", slug=event.slug))
        status = 422
    holds = evidence.archive_holds([event])
    return render_template("programmes/evidence.html", event=event, form=form, scans=evidence.event_scans(event),
                           hold=holds.get(event.id), action=ActionForm(),
                           is_organiser=EventRoleKind.ORGANISER in roles_at(current_user, event)), status


@bp.route("/manage/events/<slug>/evidence/<int:scan_id>/remove", methods=["POST"])
@event_role_required(EventRoleKind.ORGANISER)
def remove_scan(event, scan_id: int):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            evidence.remove_scan(event, scan_id)
        except Refusal as refusal:
            flash(refusal.message, "error")
    return redirect(url_for("programmes.evidence_page", slug=event.slug))


@bp.route("/manage/events/<slug>/evidence.zip")
@event_role_required(EventRoleKind.ORGANISER)
def evidence_download(event):
    response = Response(evidence.evidence_zip(event, str(get_locale() or "pl")), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-evidence.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
