"""Forms of the back office. Times are typed as wall-clock times in the event's zone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FileField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, Regexp

from eventapp.manage.services import CANCEL_MESSAGE_MAX

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Far above any hall, far below what a database integer holds.
MAX_PLACES = 100_000
# Long enough for a full programme note; a bound so that no page carries megabytes of text.
DESCRIPTION_MAX = 20_000
BIO_MAX = 5_000
ABSTRACT_MAX = 10_000  # as in the speaker portal
FUNDING_NOTE_MAX = 2_000


def _required(message):
    return DataRequired(message)


class ActionForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""


class CancelEventForm(FlaskForm):
    """Calling the event off, with an optional message to everyone registered."""

    message = TextAreaField(_l("Message to participants (optional)"), render_kw={"rows": 6}, validators=[
        Length(max=CANCEL_MESSAGE_MAX, message=_l("The message may have at most %(max)d characters."))])


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[_required(_l("Please give the event a title.")), Length(max=200)])
    slug = StringField(_l("Address (in the link)"), validators=[Optional(), Length(max=80)])
    summary = StringField(_l("Summary"), validators=[Length(max=500)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 6}, validators=[
        Length(max=DESCRIPTION_MAX, message=_l("The text may have at most %(max)d characters."))])
    timezone = SelectField(_l("Time zone"), default="Europe/Warsaw")
    start_date = DateField(_l("First day"), validators=[_required(_l("Please give the first day."))])
    end_date = DateField(_l("Last day"), validators=[_required(_l("Please give the last day."))])
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    venue_address = StringField(_l("Street address"), validators=[Length(max=300)])
    venue_city = StringField(_l("City"), validators=[Length(max=100)])
    capacity = IntegerField(_l("Places (empty: no limit)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_PLACES,
                                message=_l("The number of places must be from %(min)d to %(max)d."))])
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), format=DATETIME_LOCAL,
                                               validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), format=DATETIME_LOCAL,
                                                validators=[Optional()])
    eu_funded = BooleanField(_l("Funded from EU funds"))
    funding_note = TextAreaField(_l("Funding note"), render_kw={"rows": 3}, validators=[
        Length(max=FUNDING_NOTE_MAX, message=_l("The text may have at most %(max)d characters."))])
    speaker_edit_deadline = DateTimeLocalField(_l("Speakers may edit their items until"),
                                               format=DATETIME_LOCAL, validators=[Optional()])
    speaker_changes_need_approval = BooleanField(_l("Speakers' changes need my approval"))


class RoomForm(FlaskForm):
    name = StringField(_l("Room name"), validators=[_required(_l("Please name the room.")), Length(max=120)])
    capacity = IntegerField(_l("Seats (optional)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_PLACES,
                                message=_l("The number of places must be from %(min)d to %(max)d."))])





class ItemForm(FlaskForm):
    kind = SelectField(_l("Kind"))
    title = StringField(_l("Title"), validators=[_required(_l("Please give the item a title.")), Length(max=250)])
    abstract = TextAreaField(_l("Abstract"), render_kw={"rows": 4}, validators=[
        Length(max=ABSTRACT_MAX, message=_l("The text may have at most %(max)d characters."))])
    day = SelectField(_l("Day"))
    start = TimeField(_l("Starts at"), validators=[_required(_l("Please give the start time."))])
    end = TimeField(_l("Ends at"), validators=[_required(_l("Please give the end time."))])
    room_id = SelectField(_l("Room"))
    requires_signup = BooleanField(_l("Participants sign up for this item separately (workshop)"))
    seat_limit = IntegerField(_l("Seat limit (with own sign-up; empty: no limit)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_PLACES,
                                message=_l("The number of places must be from %(min)d to %(max)d."))])


class PersonForm(FlaskForm):
    speaker_id = SelectField(_l("Person"), coerce=int)
    role = SelectField(_l("Role"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"))


class SpeakerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[_required(_l("Please give the speaker's name.")), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    bio = TextAreaField(_l("Biography"), render_kw={"rows": 5}, validators=[
        Length(max=BIO_MAX, message=_l("The text may have at most %(max)d characters."))])
    email = EmailField(_l("Email"), validators=[
        Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Please enter a full web address (https://…).")), Length(max=300)])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Organisation's name"), validators=[
        _required(_l("Please give the organisation's name.")), Length(max=200)])
    part = SelectField(_l("Part"))
    url = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Please enter a full web address (https://…).")), Length(max=300)])
    logo = FileField(_l("Logo (JPEG, PNG or WebP)"))
    remove_logo = BooleanField(_l("Remove the logo"))


class FundingForm(FlaskForm):
    eu_funded = BooleanField(_l("Funded from EU funds"))
    funding_note = TextAreaField(_l("Funding note"), render_kw={"rows": 3}, validators=[
        Length(max=FUNDING_NOTE_MAX, message=_l("The text may have at most %(max)d characters."))])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"))
    override_capacity = BooleanField(_l("Even if the event is full"))


class PromoteForm(FlaskForm):
    override_capacity = BooleanField(_l("Even if the event is full"))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        _required(_l("Please enter the email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])
    role = SelectField(_l("Role"))


class SpeakerInviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        _required(_l("Please enter the email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])


class MailingForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[_required(_l("Please write a subject.")), Length(max=300)])
    body = TextAreaField(_l("Message"), validators=[_required(_l("Please write the message."))],
                         render_kw={"rows": 10})
    q = StringField(_l("Name, email or organisation"))
    # Filters: an unknown value is ignored (everyone), not an error.
    status = SelectField(_l("Status"), validate_choice=False)
    organisation_type = SelectField(_l("Organisation type"), validate_choice=False)
    item_id = SelectField(_l("Workshop"), validate_choice=False)
    answer = StringField(_l("Answered"))  # "<question id>:<option key>" (eventapp.questions)


PHONE = r"^\+?[0-9][0-9 ()\-]{5,30}$"


class ParticipantForm(FlaskForm):
    """A participant's data typed by an organiser (a phone or paper sign-up, or a correction)."""

    first_name = StringField(_l("First name"), validators=[
        _required(_l("Please enter the first name.")), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[
        _required(_l("Please enter the last name.")), Length(max=100)])
    email = EmailField(_l("Email"), validators=[
        _required(_l("Please enter the email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])
    organisation = StringField(_l("Organisation or institution"), validators=[Length(max=200)])
    organisation_type = SelectField(_l("Type of organisation"), validate_choice=False)
    position = StringField(_l("Position"), validators=[Length(max=200)])
    phone = StringField(_l("Phone"), validators=[
        Optional(), Length(max=40), Regexp(PHONE, message=_l("Please enter a phone number, e.g. +48 600 100 200."))])
    language = SelectField(_l("Language of emails"))
    photo_consent = BooleanField(_l("Agrees to photos and recordings"))


class NewParticipantForm(ParticipantForm):
    data_consent = BooleanField(_l("The person agreed to the processing of their data (as on the sign-up form)"),
                                validators=[_required(_l("Without this consent the person cannot be registered."))])
    override_capacity = BooleanField(_l("Even if the event is full"))


class BulkStatusForm(FlaskForm):
    status = SelectField(_l("New status for the selected people"))
    override_capacity = BooleanField(_l("Even if the event is full"))


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file (up to 5 MB, 2000 rows)"))
    data_consent = BooleanField(_l("Everyone in the file agreed to the processing of their data for this event"),
                                validators=[_required(_l("Without this consent the people cannot be registered."))])


class ImportConfirmForm(FlaskForm):
    checked = HiddenField()
    send_emails = BooleanField(_l("Send each person the usual email with their private link"), default=True)
