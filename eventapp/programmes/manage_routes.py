"""Thin views of the programme back office: parse the form, call a service, render or redirect."""

from __future__ import annotations

from babel.dates import format_date
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.auth.permissions import programme_access_required
from eventapp.auth.services import events_for
from eventapp.labels import choices, label
from eventapp.manage.errors import Refusal
from eventapp.models import EventRoleKind, ItemKind, OrganisationType, TargetUnit
from eventapp.programmes import bp, identity, services, targets
from eventapp.programmes.exports import report_xlsx
from eventapp.programmes.forms import (
    ActionForm,
    AddEventForm,
    EventArchiveForm,
    LogoForm,
    ManagerForm,
    PairForm,
    ProgrammeForm,
    TargetForm,
    TaxNumbersForm,
)
from eventapp.programmes.report import build_report
from eventapp.public.services import get_event_by_slug
from eventapp.reports import charts

managers_only = programme_access_required(managers_only=True)
managers_and_organisers = programme_access_required(managers_only=False)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refused(form, refusal: Refusal) -> None:
    """Show a refusal beside its field (the form keeps what was typed), or at the top."""
    field = getattr(form, refusal.field, None) if refusal.field and form is not None else None
    if field is not None:
        field.errors = [*field.errors, refusal.message]
    else:
        flash(refusal.message, "error")


def _require_action(form) -> None:
    if not form.validate_on_submit():
        abort(400)


def _back(programme, endpoint: str = "programmes.overview"):
    return redirect(url_for(endpoint, slug=programme.slug))


@bp.route("/manage/programmes/")
@login_required
def index():
    return render_template("programmes/index.html", programmes=services.programmes_for(current_user))


@bp.route("/manage/programmes/new", methods=["GET", "POST"])
@login_required
def create():
    if not current_user.is_admin:
        abort(403)
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.create_programme(form.data, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The programme has been created."), "success")
            return _back(programme)
    return render_template("programmes/form.html", form=form, programme=None)


def _target_form() -> TargetForm:
    form = TargetForm()
    form.unit.choices = [(u.value, targets.unit_label(u)) for u in TargetUnit]
    form.item_kind.choices = [("", _("any")), *choices(ItemKind)]
    form.organisation_type.choices = [("", _("any")), *choices(OrganisationType)]
    return form


def _overview(programme, *, add_form=None, manager_form=None, logo_form=None, status: int = 200):
    manager = services.is_manager(current_user, programme)
    events = services.visible_events(current_user, programme)
    add_form = add_form or AddEventForm()
    if manager:
        taken = {e.id for e in services.programme_events(programme)}
        add_form.event.choices = [(e.slug, e.title) for e in events_for(current_user, EventRoleKind.ORGANISER)
                                  if e.id not in taken]
    return render_template(
        "programmes/overview.html", programme=programme, events=events, is_manager=manager,
        add_form=add_form, manager_form=manager_form or ManagerForm(), logo_form=logo_form or LogoForm(),
        managers=services.programme_managers(programme) if manager else [],
        progress=targets.progress(build_report_facts(programme), targets.programme_targets(programme))
        if manager else [],
        action=ActionForm(), describe=targets.describe, unit_label=targets.unit_label,
        archive_dates={link.event_id: link.archive_until for link in programme.events},
    ), status


def build_report_facts(programme):
    from eventapp.programmes.counting import programme_facts

    return programme_facts(programme)


@bp.route("/manage/programmes/<slug>/")
@managers_and_organisers
def overview(programme):
    return _overview(programme)


@bp.route("/manage/programmes/<slug>/edit", methods=["GET", "POST"])
@managers_only
def edit(programme):
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit():
        try:
            services.update_programme(programme, form.data)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The programme has been saved."), "success")
            return _back(programme)
    return render_template("programmes/form.html", form=form, programme=programme)


@bp.route("/manage/programmes/<slug>/events", methods=["POST"])
@managers_only
def add_event(programme):
    form = AddEventForm()
    form.event.choices = [(request.form.get("event", ""), "")]
    if form.validate_on_submit():
        event = get_event_by_slug(form.event.data, include_drafts=True)
        try:
            if event is None:
                raise Refusal(_("Choose an event."), field="event")
            services.add_event(programme, event, current_user)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The event is now part of the programme."), "success")
            return _back(programme)
    return _overview(programme, add_form=form, status=422)


@bp.route("/manage/programmes/<slug>/events/<event_slug>/remove", methods=["POST"])
@managers_only
def remove_event(programme, event_slug: str):
    _require_action(ActionForm())
    event = get_event_by_slug(event_slug, include_drafts=True)
    if event is None:
        abort(404)
    try:
        services.remove_event(programme, event)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The event is no longer part of the programme."), "success")
    return _back(programme)


@bp.route("/manage/programmes/<slug>/events/<event_slug>/archive", methods=["POST"])
@managers_only
def event_archive(programme, event_slug: str):
    form = EventArchiveForm()
    event = get_event_by_slug(event_slug, include_drafts=True)
    if event is None or not form.validate_on_submit():
        abort(404 if event is None else 400)
    try:
        services.set_event_archive_until(programme, event, form.archive_until.data)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The archive date of the event has been saved."), "success")
    return _back(programme)


@bp.route("/manage/programmes/<slug>/managers", methods=["POST"])
@managers_only
def add_manager(programme):
    form = ManagerForm()
    if form.validate_on_submit():
        try:
            services.add_manager(programme, form.email.data)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            flash(_("The account now manages the programme."), "success")
            return _back(programme)
    return _overview(programme, manager_form=form, status=422)


@bp.route("/manage/programmes/<slug>/managers/<int:manager_id>/remove", methods=["POST"])
@managers_only
def remove_manager(programme, manager_id: int):
    _require_action(ActionForm())
    try:
        services.remove_manager(programme, manager_id, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    return _back(programme)


@bp.route("/manage/programmes/<slug>/logos", methods=["POST"])
@managers_only
def add_logo(programme):
    form = LogoForm()
    if form.validate_on_submit():
        try:
            services.add_logo(programme, form.name.data, form.url.data)
        except Refusal as refusal:
            refused(form, refusal)
        else:
            return _back(programme)
    return _overview(programme, logo_form=form, status=422)


@bp.route("/manage/programmes/<slug>/logos/<int:logo_id>/remove", methods=["POST"])
@managers_only
def remove_logo(programme, logo_id: int):
    _require_action(ActionForm())
    try:
        services.remove_logo(programme, logo_id)
    except Refusal as refusal:
        flash(refusal.message, "error")
    return _back(programme)


@bp.route("/manage/programmes/<slug>/targets/", methods=["GET", "POST"])
@managers_only
def targets_page(programme):
    form = _target_form()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                targets.add_target(programme, form.name.data, form.unit.data, form.goal.data, form.data)
            except Refusal as refusal:
                refused(form, refusal)
            else:
                flash(_("The target has been added."), "success")
                return _back(programme, "programmes.targets_page")
        status = 422
    progress = targets.progress(build_report_facts(programme), targets.programme_targets(programme))
    return render_template("programmes/targets.html", programme=programme, form=form, progress=progress,
                           action=ActionForm(), describe=targets.describe, unit_label=targets.unit_label), status


@bp.route("/manage/programmes/<slug>/targets/<int:target_id>/")
@managers_only
def target_page(programme, target_id: int):
    progress = targets.progress(build_report_facts(programme), targets.programme_targets(programme))
    row = next((p for p in progress if p.target.id == target_id), None)
    if row is None:
        abort(404)
    return render_template("programmes/target.html", programme=programme, row=row, describe=targets.describe,
                           unit_label=targets.unit_label)


@bp.route("/manage/programmes/<slug>/targets/<int:target_id>/remove", methods=["POST"])
@managers_only
def remove_target(programme, target_id: int):
    _require_action(ActionForm())
    try:
        targets.remove_target(programme, target_id)
    except Refusal as refusal:
        flash(refusal.message, "error")
    return _back(programme, "programmes.targets_page")


@bp.route("/manage/programmes/<slug>/people/")
@managers_only
def people_review(programme):
    return render_template("programmes/people.html", programme=programme,
                           candidates=identity.duplicate_candidates(programme),
                           history=[r for r in identity.merge_history(programme) if r.kind == "person"],
                           pair_form=PairForm(), action=ActionForm())


@bp.route("/manage/programmes/<slug>/people/decide", methods=["POST"])
@managers_only
def decide_people(programme):
    form = PairForm()
    _require_action(form)
    try:
        identity.decide_person_merge(programme, form.left.data, form.right.data,
                                     request.form.get("decision") == "merge", current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Your decision has been recorded."), "success")
    return _back(programme, "programmes.people_review")


@bp.route("/manage/programmes/<slug>/merges/<int:record_id>/undo", methods=["POST"])
@managers_only
def undo_merge(programme, record_id: int):
    _require_action(ActionForm())
    try:
        identity.undo_merge(programme, record_id, current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The decision has been undone."), "success")
    target = "programmes.organisations" if request.form.get("back") == "organisations" else "programmes.people_review"
    return _back(programme, target)


@bp.route("/manage/programmes/<slug>/organisations/", methods=["GET", "POST"])
@managers_only
def organisations(programme):
    if request.method == "POST":
        _require_action(ActionForm())
        added = identity.sync_directory(programme)
        flash(_("%(count)d spellings added to the directory.", count=added), "success")
        return _back(programme, "programmes.organisations")
    return render_template("programmes/organisations.html", programme=programme,
                           entries=identity.directory(programme), groups=identity.variant_groups(programme),
                           history=[r for r in identity.merge_history(programme) if r.kind == "organisation"],
                           action=ActionForm(), pair_form=PairForm(), tax_form=TaxNumbersForm())


@bp.route("/manage/programmes/<slug>/organisations/merge", methods=["POST"])
@managers_only
def merge_organisations(programme):
    form = PairForm()
    _require_action(form)
    try:
        if not (form.left.data.isdigit() and form.right.data.isdigit()):
            raise Refusal(_("This organisation is not in the programme's directory."))
        if request.form.get("decision") == "apart":
            identity.keep_organisations_apart(programme, int(form.left.data), int(form.right.data), current_user)
        else:
            identity.merge_organisations(programme, int(form.left.data), int(form.right.data), current_user)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Your decision has been recorded."), "success")
    return _back(programme, "programmes.organisations")


@bp.route("/manage/programmes/<slug>/organisations/<int:entry_id>/numbers", methods=["POST"])
@managers_only
def tax_numbers(programme, entry_id: int):
    form = TaxNumbersForm()
    _require_action(form)
    try:
        identity.set_tax_numbers(programme, entry_id, form.nip.data, form.regon.data)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The numbers have been saved."), "success")
    return _back(programme, "programmes.organisations")


@bp.route("/manage/programmes/<slug>/report/")
@managers_only
def report(programme):
    report = build_report(programme)
    type_chart = charts.bar_chart(_("People by organisation type"),
                                  [(label(r.org_type), r.people) for r in report.by_type], chart_id="chart-types")
    event_chart = charts.bar_chart(_("Attendance per event"),
                                   [(r.event.title, r.attended) for r in report.per_event], chart_id="chart-events")
    month_chart = charts.bar_chart(_("People per month"), [(month_name(r.month), r.people) for r in report.per_month],
                                   chart_id="chart-months")
    return render_template("programmes/report.html", programme=programme, report=report, type_chart=type_chart,
                           event_chart=event_chart, month_chart=month_chart, month_name=month_name,
                           unit_label=targets.unit_label)


def month_name(month) -> str:
    return format_date(month, "LLLL yyyy", locale=str(get_locale() or "pl"))


@bp.route("/manage/programmes/<slug>/report.xlsx")
@managers_only
def report_download(programme):
    response = Response(report_xlsx(build_report(programme)), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{programme.slug}-report.xlsx"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
