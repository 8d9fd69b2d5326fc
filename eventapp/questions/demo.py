"""The demo forum's sign-up form: needs (with diet), which days, ESF+ monitoring, and answers."""

from __future__ import annotations

import random

from eventapp.extensions import db
from eventapp.models import Answer, Event, Registration, RegistrationStatus
from eventapp.questions.answers import form_questions_all
from eventapp.questions.services import add_set_questions

NEARBY_COUNTIES = ["podkarpackie/brzozowski", "podkarpackie/m-rzeszow", "podkarpackie/krosnienski",
                   "podkarpackie/sanocki", "podkarpackie/rzeszowski", "podkarpackie/jasielski"]


def build(rng: random.Random, event: Event, registrations: list[Registration]) -> None:
    """Switch the sets on and give each active registration plausible answers (caller commits)."""
    for key in ("needs", "days", "esf"):
        add_set_questions(event, key)
    questions = {q.origin_key: q for q in form_questions_all(event)}
    days = [d.isoformat() for d in event.days]
    for registration in registrations:
        if registration.status == RegistrationStatus.CANCELLED:
            continue
        given = {
            "diet": rng.choices(["standard", "vegetarian", "vegan", "gluten_free", "other"], [60, 20, 8, 6, 6])[0],
            "days": rng.choices([days, days[:1], days[1:]], [60, 30, 10])[0],
            "gender": rng.choices(["female", "male", "non_binary", None], [62, 34, 1, 3])[0],
            "labour_market": rng.choices(["employed", "self_employed", "unemployed", "inactive"], [80, 8, 7, 5])[0],
            "education": rng.choices(["isced_5_8", "isced_3_4", "isced_0_2"], [75, 22, 3])[0],
            "disability": rng.choices([False, True, None], [88, 7, 5])[0],
            "third_country": rng.choices([False, True, None], [95, 2, 3])[0],
            "rural_area": rng.random() < 0.4,
            "county": rng.choice(NEARBY_COUNTIES),
        }
        if given["diet"] == "other":
            given["diet_other"] = "bez orzechów"
        if rng.random() < 0.12:
            given["accessibility"] = rng.sample(["sign_language", "induction_loop", "step_free", "large_print",
                                                 "assistant"], 1)
        for origin, value in given.items():
            question = questions[origin]
            declined = value is None and question.allow_decline
            if value is None and not declined:
                continue
            db.session.add(Answer(registration=registration, question_id=question.id, value=value,
                                  declined_at=registration.created_at if declined else None,
                                  answered_at=registration.created_at))
