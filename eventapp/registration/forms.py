"""Forms of the sign-up feature."""

from __future__ import annotations

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, TimestampSigner
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from eventapp.labels import label
from eventapp.models import OrganisationType
from eventapp.registration import stamps
from eventapp.tokens import new_token

PHONE = r"^\+?[0-9][0-9 ()\-]{5,30}$"


def _organisation_type_choices() -> list[tuple[str, str]]:
    return [("", _l("Choose…"))] + [(t.value, label(t)) for t in OrganisationType]


class DetailsFields(FlaskForm):
    first_name = StringField(_l("First name"), validators=[
        DataRequired(_l("Please enter your first name.")), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[
        DataRequired(_l("Please enter your last name.")), Length(max=100)])
    organisation = StringField(_l("Organisation or institution"), validators=[
        DataRequired(_l("Please enter your organisation (or “none”).")), Length(max=200)])
    organisation_type = SelectField(_l("Type of organisation"), validators=[
        DataRequired(_l("Please choose the type of your organisation."))])
    position = StringField(_l("Position"), validators=[
        DataRequired(_l("Please enter your position.")), Length(max=200)])
    phone = TelField(_l("Phone (optional)"), validators=[
        Optional(), Length(max=40), Regexp(PHONE, message=_l("Please enter a phone number, e.g. +48 600 100 200."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_type.choices = _organisation_type_choices()

    def validate_organisation_type(self, field) -> None:
        if field.data not in {t.value for t in OrganisationType}:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("Please choose the type of your organisation."))


class RegistrationForm(DetailsFields):
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Please enter your email.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])
    consent_data = BooleanField(validators=[
        DataRequired(_l("Without this consent we cannot register you."))])
    consent_photos = BooleanField()
    # Bot trap: hidden off-screen, people leave it empty, form-filling bots do not.
    website = StringField(_l("Leave this field empty"))
    # When the form was shown, signed, with a nonce: bots post within a blink, people take
    # longer; each stamp is good for one sign-up (registration/stamps.py).
    started = HiddenField()

    FIELD_ORDER = ("first_name", "last_name", "email", "organisation", "organisation_type", "position", "phone")

    # What a form shown again keeps of a value whose field sets no length of its own.
    KEPT_LENGTH = 200

    @classmethod
    def kept(cls, formdata) -> RegistrationForm:
        """The form refilled with the posted answers that fit their fields, for showing it again
        when its CSRF token expired: an over-long value is dropped, never sent back, and the bot
        trap and the fill-time stamp are not taken over."""
        empty = cls(formdata=MultiDict())
        kept: MultiDict[str, str] = MultiDict()
        for field in empty:
            if field.name in ("csrf_token", "website", "started"):
                continue
            limit = getattr(field.flags, "maxlength", None) or cls.KEPT_LENGTH
            value = formdata.get(field.name)
            if isinstance(value, str) and len(value) <= limit:
                kept[field.name] = value
        return cls(formdata=kept)

    def stamp(self) -> None:
        self.started.data = _signer().sign(new_token()).decode()

    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())

    def _read_stamp(self) -> tuple[str, float] | None:
        """The stamp's nonce and when the form was shown; None if forged, garbled or expired."""
        try:
            nonce, shown = _signer().unsign(self.started.data or "", max_age=stamps.max_age(),
                                            return_timestamp=True)
        except (BadSignature, ValueError):  # SignatureExpired is a BadSignature
            return None
        return nonce.decode(), shown.timestamp()

    def filled_too_fast(self) -> bool:
        """Sent sooner than REGISTRATION_MIN_FILL_SECONDS after the form was shown (or unsigned)."""
        minimum = current_app.config.get("REGISTRATION_MIN_FILL_SECONDS", 3)
        read = self._read_stamp()
        if read is None:
            return minimum > 0
        return time.time() - read[1] < minimum

    def stamp_nonce(self) -> str | None:
        """The nonce of a valid stamp, to be used up by this sign-up; None without one."""
        read = self._read_stamp()
        return read[0] if read else None


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="registration-form")


class DetailsForm(DetailsFields):
    consent_photos = BooleanField()


class ResendForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Please enter your email.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New email address"), validators=[
        DataRequired(_l("Please enter your email.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])
