"""How question types and visibilities are named to organisers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eventapp.models import QuestionKind, QuestionVisibility

KIND_LABELS = {
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.NUMBER: _l("Number"),
    QuestionKind.DATE: _l("Date"),
    QuestionKind.YES_NO: _l("Yes or no"),
    QuestionKind.CHOICE: _l("One of a list"),
    QuestionKind.MULTI_CHOICE: _l("Several of a list"),
    QuestionKind.COUNTY: _l("County (powiat)"),
    QuestionKind.MUNICIPALITY: _l("Municipality (gmina) with its county"),
    QuestionKind.CONSENT: _l("Consent with its own text"),
}

VISIBILITY_LABELS = {
    QuestionVisibility.ORGANISERS: _l("Organisers only"),
    QuestionVisibility.STAFF: _l("Organisers and door staff"),
}
