"""The participant's answers to the event's own questions, on their private page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.models import RegistrationStatus
from eventapp.questions import answers
from eventapp.questions.forms import QuestionsForm
from eventapp.registration import bp
from eventapp.registration.forms import ActionForm
from eventapp.registration.routes import _registration_or_404


@bp.app_template_global()
def participant_answers(registration, language: str):
    """What the private page lists: the person's answers in their language."""
    return answers.shown_answers(registration, "participant", language)


@bp.app_template_global()
def answers_editable(event) -> bool:
    return answers.editable(event)


@bp.route("/events/<slug>/r/<token>/answers", methods=["GET", "POST"])
def edit_answers(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    if registration.status == RegistrationStatus.CANCELLED:
        abort(404)
    language = registration.language
    back = url_for("registration.manage", slug=event.slug, token=registration.manage_token, _anchor="answers")
    if not answers.editable(event):
        flash(_("Answers can no longer be changed."), "error")
        return redirect(back)
    action = ActionForm()
    submitted = request.method == "POST"
    if submitted and not action.validate_on_submit():
        abort(400)
    stored = None if submitted else answers.form_state(answers.form_questions(event), answers.answers_of(registration))
    form = QuestionsForm(event, language, request.form if submitted else None, stored=stored)
    if submitted and form.ok:
        if answers.save_own_answers(registration, form.reading, form.questions):
            flash(_("Your answers are saved."), "success")
        return redirect(back)
    return render_template("registration/answers.html", event=event, registration=registration, form=action,
                           questions=form), (400 if submitted else 200)
