"""Forms of the back office. Times are typed as wall-clock times in the event's zone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _required(message):
    return DataRequired(message)


class ActionForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[_required(_l("Please give the event a title.")), Length(max=200)])
    slug = StringField(_l("Address (in the link)"), validators=[Optional(), Length(max=80)])
    summary = StringField(_l("Summary"), validators=[Length(max=500)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 6})
    timezone = SelectField(_l("Time zone"), default="Europe/Warsaw")
    start_date = DateField(_l("First day"), validators=[_required(_l("Please give the first day."))])
    end_date = DateField(_l("Last day"), validators=[_required(_l("Please give the last day."))])
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    venue_address = StringField(_l("Street address"), validators=[Length(max=300)])
    venue_city = StringField(_l("City"), validators=[Length(max=100)])
    capacity = IntegerField(_l("Places (empty: no limit)"), validators=[
        Optional(), NumberRange(min=0, message=_l("The number of places cannot be negative."))])
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), format=DATETIME_LOCAL,
                                               validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), format=DATETIME_LOCAL,
                                                validators=[Optional()])
    eu_funded = BooleanField(_l("Funded from EU funds"))
    funding_note = TextAreaField(_l("Funding note"), render_kw={"rows": 3})
    speaker_edit_deadline = DateTimeLocalField(_l("Speakers may edit their items until"),
                                               format=DATETIME_LOCAL, validators=[Optional()])
    speaker_changes_need_approval = BooleanField(_l("Speakers' changes need my approval"))


class RoomForm(FlaskForm):
    name = StringField(_l("Room name"), validators=[_required(_l("Please name the room.")), Length(max=120)])
    capacity = IntegerField(_l("Seats (optional)"), validators=[
        Optional(), NumberRange(min=0, message=_l("The capacity cannot be negative."))])



