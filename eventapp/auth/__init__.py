"""Logging in and out; rights per event."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.app_context_processor
def _account_places():
    def account_places():
        """Which places of work the header links to, asked once per request."""
        from flask import g
        from flask_login import current_user

        from eventapp.auth.services import places

        if "account_places" not in g:
            g.account_places = places(current_user)
        return g.account_places

    return {"account_places": account_places}


from eventapp.auth import routes  # noqa: E402,F401
