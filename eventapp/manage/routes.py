"""Thin views of the back office: parse the form, call a service, render or redirect."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.auth.permissions import event_role_required
from eventapp.manage import bp, services
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm, EventForm, RoomForm
from eventapp.manage.times import to_local
from eventapp.models import EventRoleKind

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
                           may_create=services.may_create_events(current_user))


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
                           rooms_form=RoomForm())


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


@bp.route("/events/<slug>/cancel", methods=["POST"])
@organiser_only
def cancel_event(event):
    return _status_action(event, services.cancel_event, _("The event is cancelled."))


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
