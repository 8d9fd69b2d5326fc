"""The speaker portal: a speaker's own profile, sessions and schedule, nothing else."""

from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")


from eventapp.portal import routes  # noqa: E402,F401
