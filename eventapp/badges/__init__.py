"""QR codes and PDF badges: the participant's own badge, and sheets of badges for organisers."""

from flask import Blueprint

bp = Blueprint("badges", __name__)

from eventapp.badges import routes  # noqa: E402,F401
