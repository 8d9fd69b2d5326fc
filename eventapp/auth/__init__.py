"""Logging in and out; rights per event."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from eventapp.auth import routes  # noqa: E402,F401
