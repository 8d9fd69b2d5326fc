from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    bio = TextAreaField(_l("Short biography"), validators=[Length(max=5000)])
    photo = FileField(_l("Photo (JPEG, PNG or WebP, up to 5 MB)"),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_photo = BooleanField(_l("Remove the current photo"))


class ItemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please enter a title.")), Length(max=250)])
    abstract = TextAreaField(_l("Abstract"), validators=[Length(max=10000)], render_kw={"rows": 8})


class LinkForm(FlaskForm):
    title = StringField(_l("Link title"), validators=[DataRequired(_l("Please enter a title.")), Length(max=200)])
    url = URLField(_l("Address (https://…)"),
                   validators=[DataRequired(_l("Please enter a web address.")), Length(max=500)])


class FileForm(FlaskForm):
    title = StringField(_l("File title"), validators=[DataRequired(_l("Please enter a title.")), Length(max=200)])
    file = FileField(_l("File: PDF, PowerPoint, OpenDocument, Word or Excel (up to 20 MB)"),
                     validators=[FileRequired(_l("Please choose a file."))],
                     render_kw={"accept": ".pdf,.pptx,.odp,.docx,.xlsx"})


class DecisionForm(FlaskForm):
    """Only the CSRF token: accepting or rejecting a proposal."""
