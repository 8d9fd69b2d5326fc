"""Back office: the event's reminders (see them with their times, add one, remove one, switch
them off or on again). Routes on the manage blueprint; the rules are in `reminders.schedule`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TimeField
from wtforms.validators import InputRequired, NumberRange

from eventapp.auth.permissions import event_role_required
from eventapp.manage import bp
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm
from eventapp.models import EventRoleKind
from eventapp.models.reminders import MAX_DAYS_BEFORE
from eventapp.reminders import schedule

organiser_only = event_role_required(EventRoleKind.ORGANISER)


class TimeOfDayField(TimeField):
    """A time whose unreadable value is refused with our own message, in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_("Give the time of day, for example 10:00.")) from error


class ReminderForm(FlaskForm):
    days_before = IntegerField(
        _l("Days before the first day"),
        validators=[InputRequired(_l("Give a number of days (0 is the first day itself).")),
                    NumberRange(min=0, max=MAX_DAYS_BEFORE,
                                message=_l("Choose between 0 and %(max)s days before the event.",
                                           max=MAX_DAYS_BEFORE))])
    at_local = TimeOfDayField(_l("At (the event's time)"),
                         validators=[InputRequired(_l("Give the time of day, for example 10:00."))])


def _page(event, form, status=200):
    plan = [(reminder, schedule.due_at(event, reminder)) for reminder in schedule.reminders(event)]
    saved = schedule.settings(event)
    enabled = saved is None or saved.enabled
    return render_template("manage/reminders.html", event=event, form=form, action=ActionForm(), plan=plan,
                           enabled=enabled, starts_at=schedule.event_starts_at(event)), status


@bp.route("/events/<slug>/reminders", methods=["GET", "POST"])
@organiser_only
def reminders_page(event):
    form = ReminderForm()
    if form.validate_on_submit():
        try:
            schedule.add_reminder(event, form.days_before.data, form.at_local.data)
        except Refusal as refusal:
            getattr(form, refusal.field or "days_before").errors = [refusal.message]
        else:
            flash(_("Reminder added."), "success")
            return redirect(url_for("manage.reminders_page", slug=event.slug))
    return _page(event, form, status=422 if form.errors else 200)


@bp.route("/events/<slug>/reminders/<int:reminder_id>/remove", methods=["POST"])
@organiser_only
def remove_reminder(event, reminder_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        schedule.remove_reminder(event, reminder_id)
    except Refusal:
        abort(404)
    flash(_("Reminder removed."), "success")
    return redirect(url_for("manage.reminders_page", slug=event.slug))


@bp.route("/events/<slug>/reminders/<any(on, off):state>", methods=["POST"])
@organiser_only
def switch_reminders(event, state: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    schedule.switch(event, state == "on")
    flash(_("Reminders are on.") if state == "on" else _("Reminders are off: nobody will be reminded."), "success")
    return redirect(url_for("manage.reminders_page", slug=event.slug))
