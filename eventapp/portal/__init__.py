"""The speaker portal: a speaker's own profile, sessions and schedule, nothing else."""

from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.app_context_processor
def _portal_link():
    def speaker_portal_available() -> bool:
        """Whether the signed-in account has a speaker profile (asked only when a page shows the menu)."""
        from flask_login import current_user

        from eventapp.auth.services import speaker_profile

        return bool(current_user.is_authenticated and speaker_profile(current_user) is not None)

    return {"speaker_portal_available": speaker_portal_available}

from eventapp.portal import routes  # noqa: E402,F401
