"""After the event: attendance summaries, exports, attendance lists and certificates."""

from flask import Blueprint

from eventapp.reports import models  # noqa: F401  (registers the certificate_batches table)

bp = Blueprint("reports", __name__)

from eventapp.reports import cli, routes  # noqa: E402,F401
