"""Directory search as one types (JSON), and inviting several speakers at once."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventapp.auth.permissions import event_role_required
from eventapp.labels import choices
from eventapp.manage.errors import Refusal
from eventapp.models import EventRoleKind, Role
from eventapp.programmes import bp, directories
from eventapp.programmes.forms import ActionForm


@bp.route("/manage/directory/speakers.json")
@login_required
def speakers_json():
    found = directories.search_speakers(current_user, request.args.get("q", ""))
    return jsonify([{"id": s.id, "name": s.name, "organisation": s.organisation, "email": s.email or ""}
                    for s in found])


@bp.route("/manage/directory/organisations.json")
@login_required
def organisations_json():
    return jsonify(directories.search_organisations(current_user, request.args.get("q", "")))


@bp.route("/manage/events/<slug>/invite-speakers", methods=["GET", "POST"])
@event_role_required(EventRoleKind.ORGANISER)
def invite_speakers(event):
    form = ActionForm()
    query = request.values.get("q", "")
    if request.method == "POST" and form.validate_on_submit():
        chosen = [int(v) for v in request.form.getlist("speaker") if v.isdigit()]
        invitations = [directories.SpeakerInvitation(
            speaker_id=sid, email=request.form.get(f"email-{sid}", "").strip(),
            item_ids=[int(v) for v in request.form.getlist(f"items-{sid}") if v.isdigit()],
            role=request.form.get(f"role-{sid}", "")) for sid in chosen]
        try:
            results = directories.invite_speakers(event, invitations, current_user)
        except Refusal as refusal:
            flash(refusal.message, "error")
        else:
            for line in results:
                flash(line, "success")
            return redirect(url_for("programmes.invite_speakers", slug=event.slug))
    found = directories.search_speakers(current_user, query)
    items = sorted(event.agenda_items, key=lambda i: (i.start_dt, i.id))
    return render_template("programmes/invite_speakers.html", event=event, form=form, query=query, found=found,
                           items=[i for i in items if not i.is_cancelled], roles=choices(Role))
