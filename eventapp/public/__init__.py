"""Public pages: the list of events and each event's page."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from eventapp.public import routes  # noqa: E402,F401
