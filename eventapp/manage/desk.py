"""Views of the organiser's desk: add a registration by hand, correct a participant's data,
change the status of several people at once, cancel (after a confirmation)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventapp.labels import choices
from eventapp.manage import bp, participants, registrations
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm, BulkStatusForm, NewParticipantForm, ParticipantForm
from eventapp.manage.routes import organiser_only, refused
from eventapp.models import OrganisationType, RegistrationStatus
from eventapp.registration import services as registration_services


def _with_choices(form):
    form.organisation_type.choices = [("", _("Choose…"))] + choices(OrganisationType)
    form.language.choices = [("pl", "polski"), ("en", "English")]
    return form


def _event_registration(event, registration_id: int):
    registration = registrations.event_registration(event, registration_id)
    if registration is None:
        abort(404)
    return registration


@bp.route("/events/<slug>/registrations/new", methods=["GET", "POST"])
@organiser_only
def new_registration(event):
    form = _with_choices(NewParticipantForm())
    if not form.is_submitted():
        form.language.data = "pl"
    if form.validate_on_submit():
        try:
            outcome = participants.add_registration(event, form.data, current_user,
                                                    override_capacity=form.override_capacity.data)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            registration = outcome.registration
            if registration.status == RegistrationStatus.CONFIRMED:
                flash(_("%(name)s is registered with a seat and was sent the confirmation.",
                        name=registration.full_name), "success")
            else:
                flash(_("The event is full: %(name)s is on the waiting list (position %(n)d) and was told by "
                        "email.", name=registration.full_name, n=registration.waitlist_position), "info")
            return redirect(url_for("manage.registration", slug=event.slug, registration_id=registration.id))
    return render_template("manage/participant_form.html", event=event, form=form, registration=None), (
        422 if form.errors else 200)


@bp.route("/events/<slug>/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_registration(event, registration_id: int):
    registration = _event_registration(event, registration_id)
    if registration.anonymised_at is not None:
        abort(404)
    form = _with_choices(ParticipantForm(obj=registration))
    if not form.is_submitted():
        form.organisation_type.data = registration.organisation_type.value
    if form.validate_on_submit():
        try:
            changed = participants.edit_participant(registration, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved. The person was told by email.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("manage.registration", slug=event.slug, registration_id=registration.id))
    return render_template("manage/participant_form.html", event=event, form=form, registration=registration), (
        422 if form.errors else 200)


@bp.route("/events/<slug>/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@organiser_only
def cancel_registration(event, registration_id: int):
    """Ask first; cancel on the confirming POST (the seat goes to the first person waiting)."""
    registration = _event_registration(event, registration_id)
    form = ActionForm()
    back = url_for("manage.registration", slug=event.slug, registration_id=registration.id)
    if registration.status == RegistrationStatus.CANCELLED:
        flash(_("This registration is already cancelled."), "info")
        return redirect(back)
    if form.validate_on_submit():
        registration_services.cancel(registration)
        flash(_("The registration was cancelled."), "success")
        return redirect(back)
    if request.method == "POST":
        abort(400)
    return render_template("manage/confirm_cancel.html", event=event, people=[registration], form=form,
                           back=back, action=request.path)


def _bulk_form() -> BulkStatusForm:
    form = BulkStatusForm()
    form.status.choices = choices(RegistrationStatus)
    return form


def _selected_ids() -> list[int]:
    return [int(value) for value in request.form.getlist("ids") if value.isdigit()][:1000]


@bp.route("/events/<slug>/registrations/status", methods=["POST"])
@organiser_only
def bulk_status(event):
    """Change the status of the ticked people; cancelling asks for confirmation first."""
    form = _bulk_form()
    back = request.form.get("back") or ""
    if not back.startswith("/manage/"):
        back = url_for("manage.registrations_page", slug=event.slug)
    if not form.validate_on_submit():
        abort(400)
    ids = _selected_ids()
    people = participants.event_registrations(event, ids)
    if not people:
        flash(_("Please tick at least one person."), "error")
        return redirect(back)
    status = RegistrationStatus(form.status.data)
    if status == RegistrationStatus.CANCELLED and request.form.get("confirmed") != "yes":
        return render_template("manage/confirm_cancel.html", event=event, people=people, form=form, back=back,
                               action=url_for("manage.bulk_status", slug=event.slug), bulk=True)
    outcome = participants.change_statuses(event, ids, status, override_capacity=form.override_capacity.data)
    if outcome.changed:
        flash(ngettext("The status of %(num)d person was changed; they were told by email.",
                       "The status of %(num)d people was changed; they were told by email.",
                       len(outcome.changed)), "success")
    if outcome.unchanged:
        flash(ngettext("%(num)d person already had this status.", "%(num)d people already had this status.",
                       len(outcome.unchanged)), "info")
    for registration, message in outcome.refused:
        flash(_("%(name)s: %(reason)s", name=registration.full_name, reason=message), "error")
    return redirect(back)

