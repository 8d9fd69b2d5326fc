from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from eventapp.auth import bp
from eventapp.auth.forms import LoginForm
from eventapp.auth.services import authenticate
from eventapp.extensions import limiter


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
            login_user(account, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")) or url_for("public.index"))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("public.index"))
