"""QR codes and PDF badges: the participant's own badge, and sheets of badges for organisers."""

from flask import Blueprint

from eventapp.badges.qr import qr_png, qr_svg

bp = Blueprint("badges", __name__)

__all__ = ["bp", "qr_png", "qr_svg"]

from eventapp.badges import routes  # noqa: E402,F401
