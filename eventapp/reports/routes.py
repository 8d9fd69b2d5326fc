from datetime import date

from babel.numbers import format_percent
from flask import Response, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventapp import csvfiles
from eventapp.auth.permissions import event_role_required
from eventapp.models import EventRoleKind
from eventapp.public.services import get_event_by_slug
from eventapp.registration.services import find_by_manage_token
from eventapp.reports import bp, certificates, charts, emails, exports, services
from eventapp.reports.attendance_list import attendance_list_pdf, day_heading, item_heading
from eventapp.reports.forms import ActionForm

organiser_only = event_role_required(EventRoleKind.ORGANISER)


def _locale() -> str:
    return str(get_locale() or "pl")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    # content_type, not mimetype: Werkzeug would add a second charset to "text/csv; charset=utf-8".
    response = Response(content, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/events/<slug>/reports/")
@organiser_only
def summary(event):
    summary = services.attendance_summary(event)
    return render_template("reports/summary.html", event=event, summary=summary, charts=charts,
                           form=ActionForm())


@bp.route("/events/<slug>/reports/participants.csv")
@organiser_only
def participants_csv(event):
    table = services.participant_table(event)
    return _download(exports.participants_csv(event, table, _locale(), csvfiles.delimiter(request.args)),
                     csvfiles.CONTENT_TYPE, f"{event.slug}-participants.csv")


@bp.route("/events/<slug>/reports/participants.xlsx")
@organiser_only
def participants_xlsx(event):
    table = services.participant_table(event)
    return _download(exports.participants_xlsx(event, table, _locale()), exports.XLSX_MIMETYPE,
                     f"{event.slug}-participants.xlsx")


@bp.route("/events/<slug>/reports/summary.xlsx")
@organiser_only
def summary_xlsx(event):
    summary = services.attendance_summary(event)
    return _download(exports.summary_xlsx(summary, _locale()), exports.XLSX_MIMETYPE,
                     f"{event.slug}-summary.xlsx")


@bp.route("/events/<slug>/reports/attendance-list/<day>.pdf")
@organiser_only
def day_attendance_list(event, day: str):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if when not in event.days:
        abort(404)
    content, _pages = attendance_list_pdf(event, day_heading(event, when, _locale()),
                                          services.day_list(event, when))
    return _download(content, "application/pdf", f"{event.slug}-attendance-{when.isoformat()}.pdf")


@bp.route("/events/<slug>/reports/attendance-list/item-<int:item_id>.pdf")
@organiser_only
def item_attendance_list(event, item_id: int):
    item = services.event_item(event, item_id)
    if item is None:
        abort(404)
    content, _pages = attendance_list_pdf(event, item_heading(event, item, _locale()),
                                          services.item_list(event, item))
    return _download(content, "application/pdf", f"{event.slug}-attendance-item-{item.id}.pdf")


@bp.route("/events/<slug>/reports/certificates/", methods=["GET", "POST"])
@organiser_only
def certificates_page(event):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            batch = certificates.start_certificate_batch(event, current_user)
        except certificates.CertificatesUnavailable as refusal:
            flash(str(refusal), "error")
            return redirect(url_for("reports.certificates_page", slug=event.slug))
        return redirect(url_for("reports.certificates_page", slug=event.slug, batch=batch.id))
    batch = certificates.latest_batch(event)
    return render_template(
        "reports/certificates.html", event=event, form=form, batch=batch,
        progress=certificates.batch_progress(batch) if batch else None,
        ended=services.event_has_ended(event),
    )


@bp.route("/events/<slug>/reports/certificates/<int:batch_id>.json")
@organiser_only
def certificates_progress(event, batch_id: int):
    batch = certificates.event_batch(event, batch_id)
    if batch is None:
        return jsonify(error="not_found", message=_("There is no such build.")), 404
    progress = certificates.batch_progress(batch)
    if progress["status"] == "done":
        progress["download_url"] = url_for("reports.certificates_zip", slug=event.slug, batch_id=batch.id)
    return jsonify(progress)


@bp.route("/events/<slug>/reports/certificates/<int:batch_id>.zip")
@organiser_only
def certificates_zip(event, batch_id: int):
    batch = certificates.event_batch(event, batch_id)
    path = certificates.batch_file(batch) if batch else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"{event.slug}-certificates.zip", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/events/<slug>/reports/emails", methods=["POST"])
@organiser_only
def send_emails(event):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        report = emails.send_after_event_emails(event)
    except certificates.CertificatesUnavailable as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Emails queued: %(queued)d; already sent earlier: %(already)d.",
                queued=report.queued, already=report.already_sent), "success")
    return redirect(url_for("reports.certificates_page", slug=event.slug))


@bp.route("/events/<slug>/r/<token>/certificate.pdf")
def certificate(slug: str, token: str):
    """A participant's own certificate, from their private link, once the event is over."""
    event = get_event_by_slug(slug)
    if event is None:
        abort(404)
    attendance = certificates.certificate_for_token(event, find_by_manage_token(event, token))
    if attendance is None:
        abort(404)
    return _download(certificates.certificate_pdf(attendance), "application/pdf",
                     f"certificate-{event.slug}.pdf")


@bp.context_processor
def report_helpers():
    def percent(value: float) -> str:
        return format_percent(value, "#,##0.0%", locale=_locale())

    def pairs(labels, values) -> list[tuple]:
        return list(zip(labels, values, strict=True))

    def arrival_columns(day) -> list[tuple]:
        """One column per quarter; full hours are labelled under the chart."""
        return [(start.strftime("%H:%M") if start.minute == 0 else None, count) for start, count in day.buckets]

    return {"percent": percent, "pairs": pairs, "arrival_columns": arrival_columns}
