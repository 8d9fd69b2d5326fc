"""Forms of the programme back office."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    FileField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional


class ActionForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please give the programme a name.")),
                                               Length(max=200)])
    slug = StringField(_l("Address (in the link)"), validators=[Optional(), Length(max=80)])
    funder = StringField(_l("Funder"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 4})
    period_start = DateField(_l("Period starts"), validators=[Optional()])
    period_end = DateField(_l("Period ends"), validators=[Optional()])
    funding_note = TextAreaField(_l("Funding note shown on every event"), render_kw={"rows": 3})
    archive_until = DateField(_l("Keep documents until"), validators=[Optional()])


class AddEventForm(FlaskForm):
    event = SelectField(_l("Event"), validators=[DataRequired(_l("Choose an event."))])


class ManagerForm(FlaskForm):
    email = EmailField(_l("Email of the account"), validators=[
        DataRequired(_l("Please give an email address.")), Length(max=254)])


class LogoForm(FlaskForm):
    name = StringField(_l("Organisation"), validators=[DataRequired(_l("Please give the organisation's name.")),
                                                       Length(max=200)])
    url = URLField(_l("Website"), validators=[Optional(), URL(message=_l("Please give a full web address.")),
                                              Length(max=300)])


class TargetForm(FlaskForm):
    name = StringField(_l("Target"), validators=[DataRequired(_l("Please name the target.")), Length(max=200)])
    unit = SelectField(_l("Counts"))
    goal = IntegerField(_l("Goal"), validators=[
        DataRequired(_l("The goal must be a positive number.")),
        NumberRange(min=1, message=_l("The goal must be a positive number."))])
    min_days = IntegerField(_l("Attended at least this many days"), validators=[
        Optional(), NumberRange(min=0, message=_l("The number cannot be negative."))])
    min_hours = DecimalField(_l("Attended at least this many hours"), places=None, validators=[
        Optional(), NumberRange(min=0, message=_l("The number cannot be negative."))])
    item_kind = SelectField(_l("Attended an agenda item of this kind"), validators=[Optional()])
    organisation_type = SelectField(_l("Organisation type"), validators=[Optional()])


class EventArchiveForm(FlaskForm):
    archive_until = DateField(_l("Keep this event's documents until"), validators=[Optional()])


class PairForm(FlaskForm):
    left = HiddenField(validators=[DataRequired()])
    right = HiddenField(validators=[DataRequired()])


class TaxNumbersForm(FlaskForm):
    nip = StringField(_l("NIP"), validators=[Length(max=20)])
    regon = StringField(_l("REGON"), validators=[Length(max=20)])


class CopyEventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please give the event a title.")),
                                                 Length(max=200)])
    slug = StringField(_l("Address (in the link)"), validators=[Optional(), Length(max=80)])
    start_date = DateField(_l("First day"), validators=[DataRequired(_l("Please give the first day."))])


class ScanForm(FlaskForm):
    scan = FileField(_l("Scan of a signed attendance list (PDF)"))
