"""Sign-up form, thank-you page, the 'lost my link' form and the participant's private page."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from eventapp.badges import qr_svg
from eventapp.errors import csrf_failed, error_response
from eventapp.extensions import db, limiter
from eventapp.feeds.services import participant_feed_urls
from eventapp.models import ConsentKind, Event, EventStatus, OrganisationType, RegistrationStatus
from eventapp.questions.forms import QuestionsForm
from eventapp.registration import bp, email_change, services, stamps
from eventapp.registration.forms import ActionForm, DetailsForm, EmailChangeForm, RegistrationForm, ResendForm


def _signup_limit() -> str:
    return current_app.config.get("REGISTRATION_RATELIMIT", "20 per minute;200 per hour")


def _resend_limit() -> str:
    return current_app.config.get("RESEND_RATELIMIT", "5 per 10 minutes;20 per day")


def _find_public_event(slug: str) -> Event | None:
    # One query (the event page's loader also fetches the organisations, not needed here).
    return db.session.scalar(select(Event).where(Event.slug == slug, Event.status != EventStatus.DRAFT))


def _public_event(slug: str) -> Event:
    event = _find_public_event(slug)
    if event is None:
        abort(404)
    return event


def _language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _render_form(event: Event, form: RegistrationForm, status: int = 200, notice: str | None = None,
                 questions: QuestionsForm | None = None):
    form.stamp()
    consents = services.consent_wordings(_language())
    if questions is None:
        questions = QuestionsForm(event, _language())
    return render_template("registration/register.html", event=event, form=form, notice=notice,
                           consent_data=consents[ConsentKind.DATA_PROCESSING],
                           consent_photos=consents[ConsentKind.PHOTOS], questions=questions,
                           seats_left=services.seats_left(event)), status


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def register(slug: str):
    event = _public_event(slug)
    window = services.registration_window(event)
    if not window.open:
        return render_template("registration/closed.html", event=event, window=window)
    form = RegistrationForm()
    questions = QuestionsForm(event, _language(), request.form if form.is_submitted() else None)
    if not form.validate_on_submit() or not questions.ok:
        return _render_form(event, form, 400 if form.is_submitted() else 200, questions=questions)
    if form.is_bot():
        # Answer as if it worked, so the bot learns nothing; nothing is stored.
        answer = RegistrationStatus.CONFIRMED if services.seats_left(event) != 0 else RegistrationStatus.WAITLISTED
        return render_template("registration/thanks.html", event=event, answer=answer, email=form.email.data)
    nonce = form.stamp_nonce()
    if form.filled_too_fast() or (nonce is not None and not stamps.use(nonce)):
        # Too fast for a person, or a stamp already used by another sign-up (a replayed page).
        return _render_form(event, form, 400, _("Please check your details once more and send the form again."),
                            questions)
    details = services.RegistrationDetails(
        first_name=form.first_name.data, last_name=form.last_name.data, email=form.email.data,
        organisation=form.organisation.data, organisation_type=OrganisationType(form.organisation_type.data),
        position=form.position.data, phone=form.phone.data or None, photo_consent=form.consent_photos.data,
        language=_language(), store_answers=questions.store,
    )
    try:
        outcome = services.register(event, details)
    except services.RegistrationClosed:
        # Cancelled between the window check above and the locked sign-up.
        return render_template("registration/closed.html", event=event, window=services.registration_window(event))
    return render_template("registration/thanks.html", event=event, answer=outcome.answer, email=form.email.data)


@bp.errorhandler(CSRFError)
def csrf_expired(error: CSRFError):
    """The form sat open too long (or cookies were cleared): keep what was typed, ask again.

    Counted like every failed post (429 past the limit); what was typed comes back only where it
    fits its field, so the answer is never bigger than the form (see `RegistrationForm.kept`)."""
    over = csrf_failed()
    if over is not None:
        return over
    if request.endpoint == "registration.register" and request.method == "POST":
        event = _find_public_event(request.view_args["slug"])
        if event is None:  # an error handler may not abort(): answer the 404 itself
            return error_response(404)
        form = RegistrationForm.kept(request.form)
        return _render_form(event, form, 400,
                            _("The form expired before it was sent. Your answers are kept: please send it again."),
                            QuestionsForm.kept(event, _language(), request.form))
    return error_response(400, _("This page expired. Please go back, reload it and try again."))


@bp.route("/events/<slug>/resend", methods=["GET", "POST"])
@limiter.limit(_resend_limit, methods=["POST"])
def resend(slug: str):
    event = _public_event(slug)
    form = ResendForm()
    if form.validate_on_submit():
        services.resend_link_by_email(event, form.email.data)
        return render_template("registration/resend.html", event=event, form=form, sent=True,
                               email=form.email.data)
    return render_template("registration/resend.html", event=event, form=form, sent=False), (
        400 if form.is_submitted() else 200)


# ---- the private page ------------------------------------------------------------------

def _registration_or_404(slug: str, token: str):
    event = _public_event(slug)
    registration = services.find_by_manage_token(event, token)
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    return event, registration


def _attendance(registration):
    if not current_app.view_functions.get("reports.certificate"):
        return None
    from eventapp.reports.services import attendance_of

    attendance = attendance_of(registration)
    return attendance if attendance.event_ended else None


def _back(event, registration, anchor: str | None = None):
    return redirect(url_for("registration.manage", slug=event.slug, token=registration.manage_token,
                            _anchor=anchor))


@bp.route("/events/<slug>/r/<token>")
def manage(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    active = registration.status != RegistrationStatus.CANCELLED
    workshops = services.workshop_choices(registration) if active else []
    response = Response(render_template(
        "registration/manage.html", event=event, registration=registration, form=ActionForm(),
        qr=qr_svg(registration.badge_code) if registration.status == RegistrationStatus.CONFIRMED else None,
        workshops=workshops, workshop_days=_workshop_days(event, workshops),
        answer=session.pop("workshop_answer", None),
        feed=participant_feed_urls(registration), attendance=_attendance(registration),
        statuses=RegistrationStatus,
    ))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/events/<slug>/r/<token>/workshops/<int:item_id>", methods=["POST"])
def pick_workshop(slug: str, token: str, item_id: int):
    event, registration = _registration_or_404(slug, token)
    item = services.find_event_item(registration, item_id)
    if item is None or not ActionForm().validate_on_submit():
        abort(404 if item is None else 400)
    try:
        status = services.sign_up_for_item(registration, item)
    except services.WorkshopRefused as refusal:
        _answer_at(item, "error", refusal.message)
    else:
        if status.value == "confirmed":
            _answer_at(item, "success", _("You have a seat in %(title)s.", title=item.title))
        else:
            _answer_at(item, "info", _("%(title)s is full: you are on its waiting list.", title=item.title))
    return _back(event, registration, f"workshop-{item.id}")


def _answer_at(item, kind: str, message: str) -> None:
    """The answer to a workshop click, shown inside that workshop (where the person clicked,
    which on a phone may be far below the page's top), not at the top of the page."""
    session["workshop_answer"] = {"item_id": item.id, "kind": kind, "message": message}


def _workshop_days(event, choices):
    """The choices grouped by the day they take place (in the event's zone), in order."""
    days: dict = {}
    for choice in choices:
        days.setdefault(choice.item.start_dt.astimezone(event.tz).date(), []).append(choice)
    return list(days.items())


@bp.route("/events/<slug>/r/<token>/workshops/<int:item_id>/drop", methods=["POST"])
def drop_workshop(slug: str, token: str, item_id: int):
    event, registration = _registration_or_404(slug, token)
    item = services.find_event_item(registration, item_id)
    if item is None or not ActionForm().validate_on_submit():
        abort(404 if item is None else 400)
    services.drop_item(registration, item)
    _answer_at(item, "success", _("You have given up %(title)s.", title=item.title))
    return _back(event, registration, f"workshop-{item.id}")


@bp.route("/events/<slug>/r/<token>/details", methods=["GET", "POST"])
def edit_details(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    if registration.status == RegistrationStatus.CANCELLED:
        abort(404)
    form = DetailsForm(obj=registration)
    if request.method == "GET":
        form.organisation_type.data = registration.organisation_type.value
        form.consent_photos.data = registration.photo_consent
    if form.validate_on_submit():
        services.update_details(
            registration, first_name=form.first_name.data, last_name=form.last_name.data,
            organisation=form.organisation.data, organisation_type=OrganisationType(form.organisation_type.data),
            position=form.position.data, phone=form.phone.data or None, photo_consent=form.consent_photos.data,
        )
        flash(_("Your details are saved."), "success")
        return _back(event, registration)
    consents = services.consent_wordings(registration.language)
    return render_template("registration/details.html", event=event, registration=registration, form=form,
                           consent_photos=consents[ConsentKind.PHOTOS]), (400 if form.is_submitted() else 200)


@bp.route("/events/<slug>/r/<token>/email", methods=["GET", "POST"])
def change_email(slug: str, token: str):
    """Ask for a new address: a confirmation link goes to it; nothing changes until it is opened."""
    event, registration = _registration_or_404(slug, token)
    if registration.status == RegistrationStatus.CANCELLED:
        abort(404)
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            address = email_change.request_change(registration, form.email.data)
        except services.RegistrationError as refusal:
            form.email.errors = [*form.email.errors, refusal.message]
        else:
            flash(_("We have sent a confirmation link to %(email)s. Your address changes when you open it.",
                    email=address), "success")
            return _back(event, registration)
    return render_template("registration/email_change.html", event=event, registration=registration,
                           form=form), (400 if form.is_submitted() else 200)


@bp.route("/events/<slug>/r/<token>/email/confirm")
def confirm_email(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    try:
        address = email_change.confirm_change(registration, request.args.get("change", ""))
    except services.RegistrationError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Your email address is now %(email)s. Your place stays as it was.", email=address), "success")
    return _back(event, registration)


@bp.route("/events/<slug>/r/<token>/cancel", methods=["GET", "POST"])
def cancel(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    form = ActionForm()
    if registration.status == RegistrationStatus.CANCELLED:
        return _back(event, registration)
    if form.validate_on_submit():
        services.cancel(registration)
        flash(_("Your registration is cancelled. Thank you for letting us know."), "success")
        return _back(event, registration)
    return render_template("registration/confirm.html", event=event, registration=registration, form=form,
                           action="cancel")


@bp.route("/events/<slug>/r/<token>/delete", methods=["GET", "POST"])
def delete(slug: str, token: str):
    event, registration = _registration_or_404(slug, token)
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_registration(registration)
        return render_template("registration/deleted.html", event=event)
    return render_template("registration/confirm.html", event=event, registration=registration, form=form,
                           action="delete")


@bp.route("/events/<slug>/r/<token>/data.json")
def export(slug: str, token: str):
    from eventapp.privacy.services import export_data

    _event, registration = _registration_or_404(slug, token)
    body = json.dumps(export_data(registration), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
