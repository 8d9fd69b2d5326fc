"""Check-in at the door: the station page, its JSON API and offline support."""

from flask import Blueprint

bp = Blueprint("checkin", __name__)

from eventapp.checkin import api, routes  # noqa: E402,F401
