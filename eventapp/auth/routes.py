from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.routing import BuildError

from eventapp.auth import bp, invitations, sessions
from eventapp.auth.forms import PASSWORD_MIN_LENGTH, AcceptForm, InvitationForm, LoginForm
from eventapp.auth.services import authenticate, places
from eventapp.extensions import db, limiter
from eventapp.models import Event, EventRoleKind, Invitation, Speaker


def _safe_next(target: str | None) -> str | None:
    """Only local paths: never send someone to another site after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        account = authenticate(form.email.data, form.password.data)
        if account is not None:
            sessions.start(account)
            login_user(account, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")) or _home(account))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out: the session ends on the server too, so a copy of its cookies no longer works."""
    if current_user.is_authenticated:
        sessions.end(current_user)
    logout_user()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """Sign out of every browser this account is signed in on (a lost phone, a shared computer)."""
    sessions.end_all(current_user)
    logout_user()
    flash(_("You have been signed out on all devices."), "info")
    return redirect(url_for("auth.login"))


def _home(account) -> str:
    """Where a sign-in without a `next` lands: organisers in the back office, staff at the
    check-in station, speakers in their portal, anyone else on the events."""
    where = places(account)
    for works_there, endpoint in ((where.back_office, "manage.index"), (where.check_in, "checkin.my_events"),
                                  (where.portal, "portal.index")):
        if works_there and endpoint in current_app.view_functions:
            return url_for(endpoint)
    return url_for("public.index")


def _first_url(*candidates: tuple[str, dict]) -> str:
    for endpoint, values in candidates:
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, **values)
            except BuildError:
                continue
    return url_for("public.index")


def _landing(invitation: Invitation, event: Event) -> str:
    """Speakers go to their portal; organisers and staff to the back office of the event."""
    if invitation.role == EventRoleKind.SPEAKER:
        return _first_url(("portal.index", {}), ("public.event", {"slug": event.slug}))
    return _first_url(("manage.event", {"slug": event.slug}), ("manage.index", {}),
                      ("public.event", {"slug": event.slug}))


@limiter.limit("20 per minute", methods=["POST"])
def invitation(token: str):
    """Accept an invitation: set a password (or confirm while signed in), then go to work."""
    found = invitations.find_invitation(token)
    if found is None:
        abort(404)
    event = db.session.get(Event, found.event_id)
    speaker = db.session.get(Speaker, found.speaker_id) if found.speaker_id else None
    account = current_user if current_user.is_authenticated else None
    if invitations.needs_sign_in(found, account):
        flash(_("An account with this email already exists: please sign in first."), "info")
        return redirect(url_for("auth.login", next=request.path))
    owner = invitations.existing_account(found)
    signed_in_owner = account is not None and owner is not None and account.id == owner.id
    form = AcceptForm() if signed_in_owner else InvitationForm()
    if request.method == "GET" and not signed_in_owner:
        form.name.data = (owner.name if owner else None) or (speaker.name if speaker else "")
    if form.validate_on_submit():
        try:
            accepted = invitations.accept(
                found,
                name=form.name.data if not signed_in_owner else owner.name,
                password=form.password.data if not signed_in_owner else None,
                account=account,
            )
        except invitations.InvitationError as error:
            flash(str(error), "error")
            return render_template("auth/invitation.html", form=form, invitation=found, event=event,
                                   speaker=speaker, signed_in_owner=signed_in_owner,
                           min_length=PASSWORD_MIN_LENGTH), 409
        sessions.start(accepted)
        login_user(accepted)
        flash(_("Welcome! Your invitation has been accepted."), "success")
        return redirect(_landing(found, event))
    return render_template("auth/invitation.html", form=form, invitation=found, event=event,
                           speaker=speaker, signed_in_owner=signed_in_owner,
                           min_length=PASSWORD_MIN_LENGTH)


# The link in the email is /invitation/<token>, outside the blueprint's /auth prefix.
bp.record_once(lambda state: state.app.add_url_rule(
    "/invitation/<token>", "auth.invitation", invitation, methods=["GET", "POST"]))
