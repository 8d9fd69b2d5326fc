"""Back-office pages of an event's sign-up form: its questions, their order, ready-made sets.

Thin views over `eventapp.questions.services`; only the event's organisers reach them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from eventapp.manage import bp
from eventapp.manage.errors import Refusal
from eventapp.manage.forms import ActionForm
from eventapp.manage.routes import organiser_only, refused
from eventapp.models import QuestionKind, QuestionVisibility
from eventapp.questions import answers, services
from eventapp.questions.labels import KIND_LABELS, VISIBILITY_LABELS
from eventapp.questions.sets import ready_sets


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Type of answer"))
    label_pl = TextAreaField(_l("Question in Polish"), render_kw={"rows": 2}, validators=[
        DataRequired(_l("Please enter the question in Polish.")), Length(max=2000)])
    label_en = TextAreaField(_l("Question in English"), render_kw={"rows": 2}, validators=[Length(max=2000)])
    help_pl = TextAreaField(_l("Help text in Polish (optional)"), render_kw={"rows": 2},
                            validators=[Length(max=2000)])
    help_en = TextAreaField(_l("Help text in English (optional)"), render_kw={"rows": 2},
                            validators=[Length(max=2000)])
    options = TextAreaField(_l("Options (for lists): one per line, “Polish | English”"), render_kw={"rows": 6},
                            validators=[Length(max=10000)])
    widget = SelectField(_l("Show one-of-a-list as"))
    required = BooleanField(_l("Required"))
    visibility = SelectField(_l("Who sees the answers"))
    allow_decline = BooleanField(_l("Offer “I prefer not to answer”"))
    hidden = BooleanField(_l("Hidden (not asked; answers kept)"))
    condition = SelectField(_l("Ask only if"))

    def __init__(self, *args, questions=(), current=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]
        self.widget.choices = [("radio", _l("buttons")), ("select", _l("a drop-down list"))]
        self.visibility.choices = [(v.value, label) for v, label in VISIBILITY_LABELS.items()]
        choices = [("", _("always"))]
        for question in questions:
            if current is not None and question.position >= current.position:
                break
            if question.kind in services.CHOICE_KINDS:
                for option in question.options:
                    choices.append((f"{question.id}:{option['key']}", f"{question.label_pl} → {option['pl']}"))
        self.condition.choices = choices

    def draft(self, kind: QuestionKind) -> services.QuestionDraft:
        return services.QuestionDraft(
            kind=kind, label_pl=self.label_pl.data or "", label_en=self.label_en.data or "",
            help_pl=self.help_pl.data or "", help_en=self.help_en.data or "", options_text=self.options.data or "",
            widget=self.widget.data, required=self.required.data,
            visibility=QuestionVisibility(self.visibility.data), allow_decline=self.allow_decline.data,
            hidden=self.hidden.data, condition=self.condition.data or "")


class SetNoteForm(FlaskForm):
    note_pl = TextAreaField(_l("Why the data are asked and the legal basis, in Polish"), render_kw={"rows": 6},
                            validators=[Length(max=5000)])
    note_en = TextAreaField(_l("The same in English"), render_kw={"rows": 6}, validators=[Length(max=5000)])


def _question_or_404(event, question_id: int):
    question = services.find_question(event, question_id)
    if question is None:
        abort(404)
    return question


def _to_list(event):
    return redirect(url_for("manage.questions_page", slug=event.slug))


@bp.route("/events/<slug>/questions")
@organiser_only
def questions_page(event):
    return render_template("manage/questions.html", event=event, questions=services.event_questions(event),
                           uses=services.set_uses(event), sets=ready_sets(), kinds=KIND_LABELS,
                           visibilities=VISIBILITY_LABELS, action=ActionForm(),
                           answered=services.answered_question_ids(event))


@bp.route("/events/<slug>/questions/new", methods=["GET", "POST"])
@organiser_only
def new_question(event):
    form = QuestionForm(questions=services.event_questions(event))
    if form.validate_on_submit():
        try:
            services.add_question(event, form.draft(QuestionKind(form.kind.data)))
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The question was added."), "success")
            return _to_list(event)
    return render_template("manage/question_form.html", event=event, form=form, question=None), (
        400 if form.is_submitted() else 200)


@bp.route("/events/<slug>/questions/<int:question_id>", methods=["GET", "POST"])
@organiser_only
def edit_question(event, question_id: int):
    question = _question_or_404(event, question_id)
    form = QuestionForm(obj=question, questions=services.event_questions(event), current=question)
    if not form.is_submitted():
        form.options.data = services.options_as_text(question)
        form.visibility.data = question.visibility.value
        form.condition.data = (f"{question.condition_question_id}:{question.condition_option}"
                               if question.condition_question_id else "")
    form.kind.data = question.kind.value  # the type of a question never changes
    if form.validate_on_submit():
        try:
            services.update_question(question, form.draft(question.kind))
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The question was saved."), "success")
            return _to_list(event)
    return render_template("manage/question_form.html", event=event, form=form, question=question,
                           has_answers=services.has_answers(question)), (400 if form.is_submitted() else 200)


def _action(event, work, done: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        work()
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(done, "success")
    return _to_list(event)


@bp.route("/events/<slug>/questions/<int:question_id>/move/<direction>", methods=["POST"])
@organiser_only
def move_question(event, question_id: int, direction: str):
    question = _question_or_404(event, question_id)
    if direction not in ("up", "down"):
        abort(404)
    return _action(event, lambda: services.move_question(event, question, -1 if direction == "up" else 1),
                   _("The order was saved."))


@bp.route("/events/<slug>/questions/<int:question_id>/delete", methods=["POST"])
@organiser_only
def delete_question(event, question_id: int):
    question = _question_or_404(event, question_id)
    return _action(event, lambda: services.delete_question(question), _("The question was deleted."))


@bp.route("/events/<slug>/questions/sets/<set_key>/on", methods=["POST"])
@organiser_only
def switch_on_set(event, set_key: str):
    return _action(event, lambda: services.switch_on_set(event, set_key), _("The questions were added to the form."))


@bp.route("/events/<slug>/questions/sets/<set_key>/off", methods=["POST"])
@organiser_only
def switch_off_set(event, set_key: str):
    return _action(event, lambda: services.switch_off_set(event, set_key),
                   _("The set's questions are hidden; their answers are kept."))


@bp.route("/events/<slug>/questions/sets/<set_key>/note", methods=["GET", "POST"])
@organiser_only
def set_note(event, set_key: str):
    use = services.set_uses(event).get(set_key)
    if use is None:
        abort(404)
    form = SetNoteForm(obj=use)
    if form.validate_on_submit():
        try:
            services.update_set_note(event, set_key, form.note_pl.data or "", form.note_en.data or "")
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("Saved."), "success")
            return _to_list(event)
    name = ready_sets()[set_key].name(str(get_locale())) if set_key in ready_sets() else _("Which days will you come")
    return render_template("manage/question_set_note.html", event=event, form=form, set_name=name), (
        400 if form.is_submitted() else 200)


# ---- answers elsewhere in the back office (template globals keep the shared views untouched) ----

@bp.app_template_global()
def organiser_answers(registration):
    """A registration's answers as organisers see them (every question, monitoring too)."""
    return answers.shown_answers(registration, "organisers", "pl")


@bp.app_template_global()
def answer_filter_choices(event) -> list[tuple[str, list[tuple[str, str]]]]:
    """The registration list's "answered" filter: (question, [(value, option)]) for list questions."""
    return answers.filter_choices(event, str(get_locale()))


@bp.app_template_global()
def answers_in_report(summary):
    """The attendance report's answer counts and expected vs present per day."""
    from eventapp.questions.report import answer_report

    present = {row.day: row.attended for row in summary.per_day}
    return answer_report(summary.event, present, str(get_locale()))
