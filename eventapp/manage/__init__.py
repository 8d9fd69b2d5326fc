"""The organisers' back office: events, rooms, agenda, speakers, organisations, registrations,
team, mailings, and telling people about agenda changes.

Rules live in one module per part of the back office (`services` for events and rooms,
`agenda`, `registrations`, `mailings`, `notices`); `routes` only parses and renders.
"""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from eventapp.manage import cli, desk, imports, questions, routes, stations, undelivered_views  # noqa: E402,F401
