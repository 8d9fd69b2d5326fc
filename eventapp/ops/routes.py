from flask import jsonify

from eventapp.extensions import csrf, limiter
from eventapp.ops import bp
from eventapp.ops.services import database_health


@bp.route("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    ok, detail = database_health()
    body = {"status": "ok" if ok else "unavailable", "database": detail}
    return jsonify(body), 200 if ok else 503
