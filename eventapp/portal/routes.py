from flask import abort, render_template
from flask_login import current_user, login_required

from eventapp.auth.services import speaker_profile
from eventapp.portal import bp


def _own_speaker():
    speaker = speaker_profile(current_user)
    if speaker is None:
        abort(403)
    return speaker


@bp.route("/")
@login_required
def index():
    speaker = _own_speaker()
    return render_template("portal/index.html", speaker=speaker)
