"""Participant sign-up: registration, waiting list, workshops, private page, badges."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from eventapp.registration import answers, routes  # noqa: E402, F401
