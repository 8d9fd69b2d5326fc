"""Thin views of the back office: parse the form, call a service, render or redirect."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventapp import csvfiles
from eventapp.auth import sessions
from eventapp.auth.permissions import event_role_required
from eventapp.history.services import event_history
from eventapp.ids import parse_id
from eventapp.labels import choices, label
from eventapp.manage import (
    agenda,
    bp,
    describe,
    mailing_preview,
    mailings,
    overview,
    registrations,
    services,
    team,
)
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import (
    ActionForm,
    BulkStatusForm,
    CancelEventForm,
    EventForm,
    FundingForm,
    InviteForm,
    ItemForm,
    MailingForm,
    OrganisationForm,
    PersonForm,
    PromoteForm,
    RoleForm,
    RoomForm,
    SpeakerForm,
    SpeakerInviteForm,
    StatusForm,
)
from eventapp.manage.times import to_local
from eventapp.models import (
    EventRoleKind,
    ItemKind,
    OrganisationPart,
    OrganisationType,
    RegistrationStatus,
    Role,
)
from eventapp.registration import services as registration_services
from eventapp.registration.services import RegistrationError

organiser_only = event_role_required(EventRoleKind.ORGANISER)


def refused(form, refusal: Refusal) -> None:
    """Show a refusal beside its field (the form keeps what was typed), or at the top."""
    field = getattr(form, refusal.field, None) if refusal.field and form is not None else None
    if field is not None:
        field.errors = [*field.errors, refusal.message]
    else:
        flash(refusal.message, "error")


def _require_action(form: ActionForm) -> None:
    if not form.validate_on_submit():
        abort(400)


@bp.route("/")
@login_required
def index():
    return render_template("manage/index.html", events=services.organiser_events(current_user),
                           may_create=services.may_create_events(current_user),
                           signed_in_on=sessions.count(current_user))


def _event_form(formdata_event=None) -> EventForm:
    form = EventForm(obj=formdata_event)
    form.timezone.choices = [(name, name) for name in services.timezone_names()]
    return form


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event():
    if not services.may_create_events(current_user):
        abort(403)
    form = _event_form()
    if form.validate_on_submit():
        try:
            event = services.create_event(form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The event was created as a draft."), "success")
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("manage/event_form.html", form=form, event=None)


@bp.route("/events/<slug>/")
@organiser_only
def event(event):
    return render_template("manage/event.html", event=event, action=ActionForm(),
                           rooms_form=RoomForm(), numbers=overview.numbers(event),
                           signups=overview.signups_over_time(event))


@bp.route("/events/<slug>/numbers.json")
@organiser_only
def event_numbers(event):
    """The overview's numbers, polled by the page so they stay live."""
    return jsonify(overview.numbers(event).as_dict())


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@organiser_only
def edit_event(event):
    form = _event_form(event)
    if not form.is_submitted():
        for name in services.LOCAL_TIME_FIELDS:
            getattr(form, name).data = to_local(getattr(event, name), event.tz)
    if form.validate_on_submit():
        try:
            changes = services.update_event(event, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("manage/event_form.html", form=form, event=event)


def _status_action(event, service, done_message: str):
    _require_action(ActionForm())
    try:
        service(event, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(done_message, "success")
    return redirect(url_for("manage.event", slug=event.slug))


@bp.route("/events/<slug>/publish", methods=["POST"])
@organiser_only
def publish_event(event):
    return _status_action(event, services.publish_event, _("The event is published."))


@bp.route("/events/<slug>/cancel", methods=["GET", "POST"])
@organiser_only
def cancel_event(event):
    """Ask to confirm, with an optional message to everyone registered; then cancel and tell them."""
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            told = services.cancel_event(event, current_user, form.message.data)
        except Refusal as refusal:
            if not refusal.field:
                flash(refusal.message, "error")
                return redirect(url_for("manage.event", slug=event.slug))
            refused(form, refusal)
        else:
            flash(_("The event is cancelled.") + " " + ngettext(
                "%(num)d person is being told by email.", "%(num)d people are being told by email.", told),
                "success")
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("manage/cancel_event.html", event=event, form=form,
                           to_tell=registration_services.count_to_tell(event)), 422 if form.errors else 200


@bp.route("/events/<slug>/finish", methods=["POST"])
@organiser_only
def finish_event(event):
    return _status_action(event, services.finish_event, _("The event is marked as finished."))


# Rooms


@bp.route("/events/<slug>/rooms", methods=["GET", "POST"])
@organiser_only
def rooms(event):
    form = RoomForm()
    if form.validate_on_submit():
        try:
            services.add_room(event, form.name.data, form.capacity.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The room was added."), "success")
            return redirect(url_for("manage.rooms", slug=event.slug))
    return render_template("manage/rooms.html", event=event, form=form, action=ActionForm())


@bp.route("/events/<slug>/rooms/<int:room_id>", methods=["GET", "POST"])
@organiser_only
def edit_room(event, room_id: int):
    room = services.event_room(event, room_id)
    if room is None:
        abort(404)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            services.update_room(event, room, form.name.data, form.capacity.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("manage.rooms", slug=event.slug))
    return render_template("manage/room_form.html", event=event, room=room, form=form)


@bp.route("/events/<slug>/rooms/<int:room_id>/remove", methods=["POST"])
@organiser_only
def remove_room(event, room_id: int):
    room = services.event_room(event, room_id)
    if room is None:
        abort(404)
    _require_action(ActionForm())
    try:
        services.remove_room(event, room, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The room was removed."), "success")
    return redirect(url_for("manage.rooms", slug=event.slug))


# Agenda


@bp.route("/events/<slug>/agenda")
@organiser_only
def agenda_page(event):
    return render_template("manage/agenda.html", event=event, days=agenda.manage_agenda(event),
                           action=ActionForm())


def _item_form(event, item=None) -> ItemForm:
    form = ItemForm(obj=item)
    form.kind.choices = choices(ItemKind)
    form.day.choices = [(day.isoformat(), describe.medium_date(day)) for day in event.days]
    form.room_id.choices = [("", _("(no room)"))] + [(str(room.id), room.name) for room in event.rooms]
    if item is not None and not form.is_submitted():
        start, end = item.start_dt.astimezone(event.tz), item.end_dt.astimezone(event.tz)
        form.day.data, form.start.data, form.end.data = start.date().isoformat(), start.time(), end.time()
        form.room_id.data = str(item.room_id) if item.room_id else ""
        form.kind.data = item.kind.value
    return form


@bp.route("/events/<slug>/agenda/new", methods=["GET", "POST"])
@organiser_only
def new_item(event):
    form = _item_form(event)
    if not form.is_submitted() and request.args.get("day"):
        form.day.data = request.args["day"]
    if form.validate_on_submit():
        try:
            item = agenda.create_item(event, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The item was added."), "success")
            return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))
    return render_template("manage/item_form.html", event=event, form=form, item=None)


def _event_item(event, item_id: int):
    item = agenda.event_item(event, item_id)
    if item is None:
        abort(404)
    return item


def _person_form(event, item) -> PersonForm:
    form = PersonForm(prefix="person")
    taken = {part.speaker_id for part in item.speaker_roles}
    form.speaker_id.choices = [(s.id, s.name + (f" ({s.organisation})" if s.organisation else ""))
                               for s in agenda.event_speakers(event) if s.id not in taken]
    form.role.choices = choices(Role)
    return form


def _item_page(event, item, form, person_form=None):
    role_form = RoleForm(prefix="role")
    role_form.role.choices = choices(Role)
    return render_template("manage/item_form.html", event=event, item=item, form=form,
                           person_form=person_form or _person_form(event, item), role_form=role_form,
                           action=ActionForm(), roles=choices(Role),
                           history=event_history(event, item=item, limit=50), describe=describe)


@bp.route("/events/<slug>/agenda/<int:item_id>", methods=["GET", "POST"])
@organiser_only
def item(event, item_id: int):
    item = _event_item(event, item_id)
    form = _item_form(event, item)
    if form.validate_on_submit():
        try:
            changes = agenda.update_item(event, item, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))
    return _item_page(event, item, form)


def _item_action(event, item_id: int, service, done: str, *args):
    item = _event_item(event, item_id)
    _require_action(ActionForm())
    try:
        service(event, item, *args, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))


@bp.route("/events/<slug>/agenda/<int:item_id>/cancel", methods=["POST"])
@organiser_only
def cancel_item(event, item_id: int):
    return _item_action(event, item_id, agenda.cancel_item, _("The item is cancelled."))


@bp.route("/events/<slug>/agenda/<int:item_id>/restore", methods=["POST"])
@organiser_only
def restore_item(event, item_id: int):
    return _item_action(event, item_id, agenda.restore_item, _("The item is back in the agenda."))


@bp.route("/events/<slug>/agenda/<int:item_id>/people", methods=["POST"])
@organiser_only
def add_person(event, item_id: int):
    item = _event_item(event, item_id)
    form = _person_form(event, item)
    if form.validate_on_submit():
        speaker = agenda.event_speaker(event, form.speaker_id.data)
        if speaker is None:
            abort(404)
        try:
            agenda.add_person(event, item, speaker, Role(form.role.data), current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("%(name)s was added.", name=speaker.name), "success")
            return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))
    return _item_page(event, item, _item_form(event, item), person_form=form), 422


def _event_part(item, part_id: int):
    part = agenda.event_part(item, part_id)
    if part is None:
        abort(404)
    return part


@bp.route("/events/<slug>/agenda/<int:item_id>/people/<int:part_id>/role", methods=["POST"])
@organiser_only
def change_role(event, item_id: int, part_id: int):
    item = _event_item(event, item_id)
    part = _event_part(item, part_id)
    form = RoleForm(prefix="role")
    form.role.choices = choices(Role)
    if not form.validate_on_submit():
        abort(400)
    try:
        agenda.change_role(event, item, part, Role(form.role.data), current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))


def _direction() -> int:
    """-1 for a "move up" button, +1 for "move down"."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return -1 if direction == "up" else 1


@bp.route("/events/<slug>/agenda/<int:item_id>/people/<int:part_id>/move", methods=["POST"])
@organiser_only
def move_person(event, item_id: int, part_id: int):
    item = _event_item(event, item_id)
    part = _event_part(item, part_id)
    _require_action(ActionForm())
    agenda.move_person(event, item, part, _direction(), current_user)
    return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))


@bp.route("/events/<slug>/agenda/<int:item_id>/people/<int:part_id>/remove", methods=["POST"])
@organiser_only
def remove_person(event, item_id: int, part_id: int):
    item = _event_item(event, item_id)
    part = _event_part(item, part_id)
    _require_action(ActionForm())
    agenda.remove_person(event, item, part, current_user)
    flash(_("%(name)s was removed from the item.", name=part.speaker.name), "success")
    return redirect(url_for("manage.item", slug=event.slug, item_id=item.id))


# Speakers


@bp.route("/events/<slug>/speakers")
@organiser_only
def speakers(event):
    return render_template("manage/speakers.html", event=event, speakers=agenda.event_speakers(event))


@bp.route("/events/<slug>/speakers/new", methods=["GET", "POST"])
@organiser_only
def new_speaker(event):
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            speaker = agenda.create_speaker(event, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("%(name)s was added.", name=speaker.name), "success")
            return redirect(url_for("manage.speakers", slug=event.slug))
    return render_template("manage/speaker_form.html", event=event, form=form, speaker=None)


@bp.route("/events/<slug>/speakers/<int:speaker_id>", methods=["GET", "POST"])
@organiser_only
def speaker(event, speaker_id: int):
    speaker = agenda.event_speaker(event, speaker_id)
    if speaker is None:
        abort(404)
    form = SpeakerForm(obj=speaker)
    if form.validate_on_submit():
        try:
            changes = agenda.update_speaker(event, speaker, form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("manage.speakers", slug=event.slug))
    return render_template("manage/speaker_form.html", event=event, form=form, speaker=speaker,
                           invite_form=SpeakerInviteForm(prefix="invite", email=speaker.email), history=event_history(event, speaker=speaker, limit=50), describe=describe)


# History


@bp.route("/events/<slug>/history")
@organiser_only
def history(event):
    return render_template("manage/history.html", event=event, entries=event_history(event),
                           describe=describe)


# Organisations and the funding note


def _organisation_form(organisation=None) -> OrganisationForm:
    form = OrganisationForm(obj=organisation)
    form.part.choices = choices(OrganisationPart)
    if organisation is not None and not form.is_submitted():
        form.part.data = organisation.part.value
    return form


@bp.route("/events/<slug>/organisations", methods=["GET", "POST"])
@organiser_only
def organisations(event):
    form = _organisation_form()
    funding = FundingForm(obj=event, prefix="funding")
    if form.validate_on_submit():
        try:
            services.add_organisation(event, form.data, request.files.get("logo"), current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The organisation was added."), "success")
            return redirect(url_for("manage.organisations", slug=event.slug))
    return render_template("manage/organisations.html", event=event, form=form, funding=funding,
                           action=ActionForm()), 422 if form.errors else 200


@bp.route("/events/<slug>/funding", methods=["POST"])
@organiser_only
def funding(event):
    funding = FundingForm(prefix="funding")
    if funding.validate_on_submit():
        try:
            services.set_funding_note(event, funding.eu_funded.data, funding.funding_note.data, current_user)
        except Refusal as refusal:
            refused(funding, refusal)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("manage.organisations", slug=event.slug))
    return render_template("manage/organisations.html", event=event, form=_organisation_form(), funding=funding,
                           action=ActionForm()), 422


def _event_organisation(event, organisation_id: int):
    organisation = services.event_organisation(event, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/events/<slug>/organisations/<int:organisation_id>", methods=["GET", "POST"])
@organiser_only
def organisation(event, organisation_id: int):
    organisation = _event_organisation(event, organisation_id)
    form = _organisation_form(organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(event, organisation, form.data, request.files.get("logo"), current_user,
                                         remove_logo=form.remove_logo.data)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("manage.organisations", slug=event.slug))
    return render_template("manage/organisation_form.html", event=event, organisation=organisation, form=form)


@bp.route("/events/<slug>/organisations/<int:organisation_id>/move", methods=["POST"])
@organiser_only
def move_organisation(event, organisation_id: int):
    organisation = _event_organisation(event, organisation_id)
    _require_action(ActionForm())
    services.move_organisation(event, organisation, _direction(), current_user)
    return redirect(url_for("manage.organisations", slug=event.slug))


@bp.route("/events/<slug>/organisations/<int:organisation_id>/remove", methods=["POST"])
@organiser_only
def remove_organisation(event, organisation_id: int):
    organisation = _event_organisation(event, organisation_id)
    _require_action(ActionForm())
    services.remove_organisation(event, organisation, current_user)
    flash(_("The organisation was removed."), "success")
    return redirect(url_for("manage.organisations", slug=event.slug))


# Registrations


@bp.route("/events/<slug>/registrations")
@organiser_only
def registrations_page(event):
    filters = registrations.RegistrationFilter.from_args(request.args)
    page = request.args.get("page", "1")
    result = registrations.search(event, filters, parse_id(page) or 1)
    bulk_form = BulkStatusForm()
    bulk_form.status.choices = choices(RegistrationStatus)
    return render_template("manage/registrations.html", event=event, result=result,
                           statuses=choices(RegistrationStatus), types=choices(OrganisationType),
                           items=registrations.signup_items(event), bulk_form=bulk_form)


@bp.route("/events/<slug>/registrations.csv")
@organiser_only
def registrations_csv(event):
    filters = registrations.RegistrationFilter.from_args(request.args)
    headings = [_("Last name"), _("First name"), _("Email"), _("Organisation"), _("Organisation type"),
                _("Position"), _("Phone"), _("Status"), _("Waiting-list position"), _("Registered at"),
                _("Workshops")]
    body = registrations.registrations_csv(event, filters, headings, csvfiles.delimiter(request.args))
    response = Response(body, content_type=csvfiles.CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _event_registration(event, registration_id: int):
    registration = registrations.event_registration(event, registration_id)
    if registration is None:
        abort(404)
    return registration


@bp.route("/events/<slug>/registrations/<int:registration_id>")
@organiser_only
def registration(event, registration_id: int):
    registration = _event_registration(event, registration_id)
    status_form = StatusForm(status=registration.status.value)
    status_form.status.choices = choices(RegistrationStatus)
    return render_template("manage/registration.html", event=event, registration=registration,
                           status_form=status_form, promote_form=PromoteForm(), action=ActionForm())


def _registration_action(event, registration_id: int, act, done: str):
    registration = _event_registration(event, registration_id)
    try:
        act(registration)
    except RegistrationError as refusal:
        flash(str(refusal), "error")
    else:
        flash(done, "success")
    return redirect(url_for("manage.registration", slug=event.slug, registration_id=registration_id))


@bp.route("/events/<slug>/registrations/<int:registration_id>/status", methods=["POST"])
@organiser_only
def registration_status(event, registration_id: int):
    form = StatusForm()
    form.status.choices = choices(RegistrationStatus)
    if not form.validate_on_submit():
        abort(400)
    return _registration_action(
        event, registration_id,
        lambda r: registration_services.change_status(r, RegistrationStatus(form.status.data),
                                                      override_capacity=form.override_capacity.data),
        _("The status was changed."))


@bp.route("/events/<slug>/registrations/<int:registration_id>/promote", methods=["POST"])
@organiser_only
def promote_registration(event, registration_id: int):
    form = PromoteForm()
    if not form.validate_on_submit():
        abort(400)
    return _registration_action(
        event, registration_id,
        lambda r: registration_services.promote(r, override_capacity=form.override_capacity.data),
        _("The person has a seat now and was told by email."))


@bp.route("/events/<slug>/registrations/<int:registration_id>/resend", methods=["POST"])
@organiser_only
def resend_confirmation(event, registration_id: int):
    _require_action(ActionForm())
    return _registration_action(event, registration_id, registration_services.resend_link,
                                _("The confirmation with the private link was sent again."))


@bp.route("/events/<slug>/speakers/<int:speaker_id>/invite", methods=["POST"])
@organiser_only
def invite_speaker(event, speaker_id: int):
    speaker = agenda.event_speaker(event, speaker_id)
    if speaker is None:
        abort(404)
    form = SpeakerInviteForm(prefix="invite")
    if form.validate_on_submit():
        try:
            team.invite_speaker(event, speaker, form.email.data, current_user)
        except Refusal as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("The invitation was sent to %(email)s.", email=form.email.data.strip().lower()), "success")
    else:
        flash(" ".join(form.email.errors), "error")
    return redirect(url_for("manage.speaker", slug=event.slug, speaker_id=speaker.id))


# Team


def _invite_form() -> InviteForm:
    form = InviteForm()
    form.role.choices = [(role.value, label(role)) for role in team.TEAM_ROLES]
    return form


@bp.route("/events/<slug>/team", methods=["GET", "POST"])
@organiser_only
def team_page(event):
    form = _invite_form()
    if form.validate_on_submit():
        try:
            team.invite_member(event, form.email.data, EventRoleKind(form.role.data), current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The invitation was sent to %(email)s.", email=form.email.data.strip().lower()), "success")
            return redirect(url_for("manage.team_page", slug=event.slug))
    return render_template("manage/team.html", event=event, team=team.team(event), form=form,
                           action=ActionForm()), 422 if form.errors else 200


@bp.route("/events/<slug>/team/<int:role_id>/remove", methods=["POST"])
@organiser_only
def remove_role(event, role_id: int):
    role = team.event_role(event, role_id)
    if role is None:
        abort(404)
    _require_action(ActionForm())
    try:
        team.remove_role(event, role, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The role was removed."), "success")
    return redirect(url_for("manage.team_page", slug=event.slug))


@bp.route("/events/<slug>/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@organiser_only
def withdraw_invitation(event, invitation_id: int):
    _require_action(ActionForm())
    try:
        team.withdraw_invitation(event, invitation_id)
    except Refusal:
        abort(404)
    flash(_("The invitation was withdrawn."), "success")
    return redirect(url_for("manage.team_page", slug=event.slug))


# Mailings to registrants


@bp.route("/events/<slug>/mailings")
@organiser_only
def mailings_page(event):
    sent = [(m, mailings.progress(m)) for m in mailings.event_mailings(event)]
    return render_template("manage/mailings.html", event=event, sent=sent)


def _mailing_form(event) -> MailingForm:
    form = MailingForm(formdata=request.form if request.method == "POST" else request.args)
    everyone = [("", _("all"))]
    form.status.choices = everyone + choices(RegistrationStatus)
    form.organisation_type.choices = everyone + choices(OrganisationType)
    form.item_id.choices = everyone + [(str(i.id), i.title) for i in registrations.signup_items(event)]
    return form


@bp.route("/events/<slug>/mailings/new", methods=["GET", "POST"])
@organiser_only
def new_mailing(event):
    form = _mailing_form(event)
    filters = registrations.RegistrationFilter.from_args(form.data)
    step = request.form.get("step", "send")
    shown = None
    if request.method == "POST" and form.validate():
        try:
            if step == "preview":
                shown = mailing_preview.preview(event, filters, form.subject.data, form.body.data)
            elif step == "test":
                address = mailing_preview.send_test(event, filters, form.subject.data, form.body.data, current_user)
                flash(_("A test copy was sent to %(email)s only. Nothing went to participants.", email=address),
                      "success")
            else:
                mailing = mailings.start_mailing(event, filters, form.subject.data, form.body.data, current_user)
                return redirect(url_for("manage.mailing", slug=event.slug, mailing_id=mailing.id))
        except Refusal as refusal:
            refused(form, refusal)
            form.refused = True
    status = 422 if form.errors or getattr(form, "refused", False) else 200
    return render_template("manage/mailing_form.html", event=event, form=form, preview=shown,
                           audience=mailings.audience_size(event, filters)), status


def _event_mailing(event, mailing_id: int):
    mailing = mailings.event_mailing(event, mailing_id)
    if mailing is None:
        abort(404)
    return mailing


@bp.route("/events/<slug>/mailings/<int:mailing_id>")
@organiser_only
def mailing(event, mailing_id: int):
    mailing = _event_mailing(event, mailing_id)
    return render_template("manage/mailing.html", event=event, mailing=mailing, progress=mailings.progress(mailing),
                           failed=mailings.failed_recipients(mailing))


@bp.route("/events/<slug>/mailings/<int:mailing_id>.json")
@organiser_only
def mailing_progress(event, mailing_id: int):
    return jsonify(mailings.progress(_event_mailing(event, mailing_id)))
