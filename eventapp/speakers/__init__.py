"""Panels and speakers: public speaker pages (and, later, the speaker portal)."""

from flask import Blueprint

bp = Blueprint("speakers", __name__)

from eventapp.speakers import routes  # noqa: E402,F401
