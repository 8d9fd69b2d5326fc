"""Translation works outside a request too (CLI, mail worker)."""

from flask_babel import force_locale, gettext

from eventapp.labels import label
from eventapp.models import ItemKind


def test_gettext_outside_a_request_uses_the_default_then_forced_language(app):
    with app.app_context():
        assert gettext("Agenda") == "Program"
        assert label(ItemKind.PANEL) == "Debata panelowa"
        with force_locale("en"):
            assert gettext("Agenda") == "Agenda"
