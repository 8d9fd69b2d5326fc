"""Views of the registration import: upload, preview (every problem named), confirm."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.manage import bp, roster_import
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ImportConfirmForm, ImportUploadForm
from eventapp.manage.routes import organiser_only, refused


@bp.route("/events/<slug>/registrations/import", methods=["GET", "POST"])
@organiser_only
def import_registrations(event):
    """Upload: answers the preview; nothing is stored until the preview is confirmed."""
    form = ImportUploadForm()
    checked = None
    confirm = ImportConfirmForm()
    if form.validate_on_submit():
        try:
            checked = roster_import.preview(event, request.files.get("file"))
        except Refusal as refusal:
            refused(form, refusal)
        else:
            if checked.accepted:
                confirm.checked.data = roster_import.sign(event, checked)
    status = 422 if form.errors or (checked is not None and not checked.accepted) else 200
    return render_template("manage/import.html", event=event, form=form, checked=checked, confirm=confirm), status


@bp.route("/events/<slug>/registrations/import/confirm", methods=["POST"])
@organiser_only
def confirm_import(event):
    confirm = ImportConfirmForm()
    if not confirm.validate_on_submit():
        flash(_("The preview could not be read: please upload the file again."), "error")
        return redirect(url_for("manage.import_registrations", slug=event.slug))
    try:
        made = roster_import.import_signed(event, confirm.checked.data or "", send_emails=confirm.send_emails.data)
    except Refusal as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("manage.import_registrations", slug=event.slug))
    waiting = sum(1 for r in made if r.waitlist_position is not None)
    flash(ngettext("%(num)d person was registered.", "%(num)d people were registered.", len(made))
          + (" " + ngettext("%(num)d of them is on the waiting list.", "%(num)d of them are on the waiting list.",
                            waiting) if waiting else ""), "success")
    return redirect(url_for("manage.registrations_page", slug=event.slug))
