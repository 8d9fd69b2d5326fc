"""The public agenda: days, parallel items by room, panels with their people."""

from flask import Blueprint

bp = Blueprint("agenda", __name__)

from eventapp.agenda import routes  # noqa: E402,F401
