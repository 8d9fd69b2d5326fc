from itertools import groupby

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.auth.permissions import event_role_required
from eventapp.auth.services import speaker_profile
from eventapp.feeds.services import speaker_feed_urls
from eventapp.models import EventRoleKind
from eventapp.portal import bp, services
from eventapp.portal.forms import DecisionForm, FileForm, ItemForm, LinkForm, ProfileForm
from eventapp.uploads.responses import send_stored
from eventapp.uploads.services import UploadRejected


def _own_speaker():
    """The signed-in account's speaker profile; accounts without one have no portal."""
    speaker = speaker_profile(current_user)
    if speaker is None:
        abort(403)
    return speaker


def _own_item(speaker, item_id: int):
    item = services.own_item(speaker, item_id)
    if item is None:
        abort(404)  # someone else's item: not even its existence is confirmed
    return item


def _flash_outcome(outcome: services.Outcome) -> None:
    if outcome.nothing_changed:
        flash(_("Nothing to save: no changes."), "info")
    elif outcome.applied:
        flash(_("Saved. The public agenda shows the change now."), "success")
    else:
        flash(_("Sent to the organiser: the change will show once they accept it."), "success")


@bp.route("/")
@login_required
def index():
    speaker = _own_speaker()
    parts = sorted(services.own_parts(speaker),
                   key=lambda p: (p.item.event.start_date, p.item.event_id, p.item.start_dt, p.item.id))
    by_event = [(event, list(group)) for event, group in groupby(parts, key=lambda p: p.item.event)]
    return render_template("portal/index.html", speaker=speaker, by_event=by_event,
                           feed=speaker_feed_urls(speaker), pending=services.my_pending_proposals(speaker),
                           is_locked=services.is_locked)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    speaker = _own_speaker()
    form = ProfileForm(obj=speaker)
    if form.validate_on_submit():
        try:
            changes = services.update_profile(
                speaker, current_user,
                {"name": form.name.data.strip(), "organisation": form.organisation.data.strip(),
                 "position": form.position.data.strip(), "bio": form.bio.data.strip()},
                photo=form.photo.data, remove_photo=form.remove_photo.data,
            )
        except UploadRejected as error:
            form.photo.errors.append(str(error))
        else:
            flash(_("Your profile has been saved.") if changes else _("Nothing to save: no changes."),
                  "success" if changes else "info")
            return redirect(url_for("portal.profile"))
    return render_template("portal/profile.html", speaker=speaker, form=form)


def _item_page(speaker, item, form=None, link_form=None, file_form=None, status=200):
    locked = services.is_locked(item)
    return render_template(
        "portal/item.html", speaker=speaker, item=item, event=item.event, locked=locked,
        form=form or ItemForm(obj=item), link_form=link_form or LinkForm(prefix="link"),
        file_form=file_form or FileForm(prefix="file"), pending=[
            p for p in services.my_pending_proposals(speaker) if p.item_id == item.id],
    ), status


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def item(item_id: int):
    speaker = _own_speaker()
    item = _own_item(speaker, item_id)
    form = ItemForm(obj=item)
    if form.is_submitted() and services.is_locked(item):
        abort(403)
    if form.validate_on_submit():
        try:
            outcome = services.update_item(item, speaker, current_user,
                                           {"title": form.title.data.strip(), "abstract": form.abstract.data.strip()})
        except services.ItemLocked:
            abort(403)
        _flash_outcome(outcome)
        return redirect(url_for("portal.item", item_id=item.id))
    return _item_page(speaker, item, form=form)


@bp.route("/items/<int:item_id>/links", methods=["POST"])
@login_required
def add_link(item_id: int):
    speaker = _own_speaker()
    item = _own_item(speaker, item_id)
    if services.is_locked(item):
        abort(403)
    form = LinkForm(prefix="link")
    if form.validate_on_submit():
        try:
            outcome = services.add_link(item, speaker, current_user, form.title.data, form.url.data)
        except ValueError as error:
            form.url.errors.append(str(error))
        except services.ItemLocked:
            abort(403)
        else:
            _flash_outcome(outcome)
            return redirect(url_for("portal.item", item_id=item.id))
    return _item_page(speaker, item, link_form=form)


@bp.route("/items/<int:item_id>/files", methods=["POST"])
@login_required
def add_file(item_id: int):
    speaker = _own_speaker()
    item = _own_item(speaker, item_id)
    if services.is_locked(item):
        abort(403)
    form = FileForm(prefix="file")
    if form.validate_on_submit():
        try:
            outcome = services.add_file(item, speaker, current_user, form.title.data, form.file.data)
        except UploadRejected as error:
            form.file.errors.append(str(error))
        except services.ItemLocked:
            abort(403)
        else:
            _flash_outcome(outcome)
            return redirect(url_for("portal.item", item_id=item.id))
    return _item_page(speaker, item, file_form=form)


@bp.route("/items/<int:item_id>/materials/<int:material_id>/remove", methods=["POST"])
@login_required
def remove_material(item_id: int, material_id: int):
    speaker = _own_speaker()
    item = _own_item(speaker, item_id)
    material = services.own_material(item, material_id)
    if material is None:
        abort(404)
    if services.is_locked(item) or not DecisionForm().validate_on_submit():
        abort(403)
    try:
        outcome = services.remove_material(item, speaker, current_user, material)
    except services.ItemLocked:
        abort(403)
    _flash_outcome(outcome)
    return redirect(url_for("portal.item", item_id=item.id))


# ---- the organiser's review (works without the back office) -----------------------------

@bp.route("/events/<slug>/proposals")
@event_role_required(EventRoleKind.ORGANISER)
def proposals(event):
    return render_template("portal/proposals.html", event=event, proposals=services.pending_proposals(event),
                           form=DecisionForm())


@bp.route("/events/<slug>/proposals/<int:proposal_id>/file")
@event_role_required(EventRoleKind.ORGANISER)
def proposal_file(event, proposal_id: int):
    """The PDF a pending proposal would add: only the event's organisers see it before it is accepted."""
    proposal = services.find_proposal(event, proposal_id)
    found = services.proposed_file(proposal) if proposal is not None else None
    if found is None:
        abort(404)
    return send_stored(*found, private=True)


@bp.route("/events/<slug>/proposals/<int:proposal_id>/<any(accept, reject):decision>", methods=["POST"])
@event_role_required(EventRoleKind.ORGANISER)
def decide(event, proposal_id: int, decision: str):
    proposal = services.find_proposal(event, proposal_id)
    if proposal is None:
        abort(404)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        if decision == "accept":
            services.accept_proposal(proposal, current_user)
            flash(_("Accepted: the agenda shows the change, and the speaker has been told."), "success")
        else:
            services.reject_proposal(proposal, current_user)
            flash(_("Rejected: the item stays as it was, and the speaker has been told."), "success")
    except services.ProposalAlreadyDecided as error:
        flash(str(error), "info")
    return redirect(url_for("portal.proposals", slug=event.slug))
