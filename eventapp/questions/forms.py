"""The organiser's questions as one part of a participant's form (sign-up or private page).

Not a flask-wtf form: the fields are the event's own, named `q-<question id>`. It reads and
checks what was sent, keeps it for showing the form again, and stores it when asked.
"""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from eventapp.extensions import db
from eventapp.models import Event, QuestionSetUse, Registration
from eventapp.questions import answers, places


class QuestionsForm:
    def __init__(self, event: Event, language: str, formdata: MultiDict | None = None, *,
                 check: bool = True, stored: MultiDict | None = None) -> None:
        self.event = event
        self.language = language
        self.questions = answers.form_questions(event)
        self.values = formdata if formdata is not None else (stored or MultiDict())
        self.reading = answers.read_form(self.questions, formdata) if formdata is not None and check else None
        self._notes: dict[str, QuestionSetUse] | None = None

    @classmethod
    def kept(cls, event: Event, language: str, formdata: MultiDict) -> QuestionsForm:
        """What was typed, unchecked, for showing again: only this form's fields, each cut to
        the longest answer its question takes (the page is never bigger than the form)."""
        form = cls(event, language)
        names = {f"q-{q.id}{suffix}" for q in form.questions for suffix in ("", "-name", "-declined")}
        kept: MultiDict = MultiDict()
        for name, value in formdata.items(multi=True):
            if name in names and len(kept.getlist(name)) < 100:
                kept.add(name, value[:4000])
        form.values = kept
        return form

    @property
    def ok(self) -> bool:
        return self.reading is None or self.reading.ok

    @property
    def errors(self) -> dict[int, str]:
        return self.reading.errors if self.reading is not None else {}

    @property
    def notes(self) -> dict[str, QuestionSetUse]:
        """Why each switched-on set's data are asked (read only when a set's question is shown)."""
        if self._notes is None:
            self._notes = {}
            if any(q.set_key for q in self.questions):
                self._notes = {use.set_key: use for use in db.session.scalars(
                    select(QuestionSetUse).where(QuestionSetUse.event_id == self.event.id)) if use.note(self.language)}
        return self._notes

    @property
    def places(self):
        if any(q.kind.value in ("county", "municipality") for q in self.questions):
            return places.grouped()
        return []

    def store(self, registration: Registration, fresh: bool = False) -> None:
        """Store the checked answers for this registration (in the caller's transaction);
        `fresh`: it was just created, so it holds no answers yet."""
        if self.reading is None or not self.questions:
            return
        if fresh:
            answers.insert_new(registration, self.reading)
        else:
            answers.attach(registration, self.reading, self.questions)
