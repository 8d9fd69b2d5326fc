"""Operations: the health check that load balancers and monitors call."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from eventapp.ops import routes  # noqa: E402,F401
