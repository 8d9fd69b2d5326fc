"""After the event: attendance summaries, exports, attendance lists and certificates."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from eventapp.reports import cli, routes  # noqa: E402,F401
