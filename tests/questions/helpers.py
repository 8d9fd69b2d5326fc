"""Build an event's sign-up questions through the back-office services."""

from __future__ import annotations

from eventapp.models import QuestionKind, QuestionVisibility
from eventapp.questions.services import QuestionDraft, add_question


def question(event, kind: str, label: str = "", *, options: str = "", **fields):
    draft = QuestionDraft(kind=QuestionKind(kind), label_pl=label or f"Pytanie {kind}",
                          label_en=fields.pop("label_en", f"Question {kind}"), options_text=options, **fields)
    return add_question(event, draft)


def every_kind(event) -> dict[str, int]:
    """One question of each type (diet with an "other" follow-up), ids by name."""
    made = {
        "name_tag": question(event, "short_text", "Imię na identyfikatorze", label_en="Name on badge"),
        "about": question(event, "long_text", "O sobie", label_en="About you"),
        "nights": question(event, "number", "Liczba noclegów", label_en="Nights", required=True),
        "arrival": question(event, "date", "Data przyjazdu", label_en="Arrival date"),
        "parking": question(event, "yes_no", "Parking?", label_en="Parking?"),
        "diet": question(event, "choice", "Dieta", label_en="Diet",
                         options="Mięsna | Meat\nWegańska | Vegan\nInna | Other",
                         visibility=QuestionVisibility.STAFF),
        "topics": question(event, "multi_choice", "Tematy", label_en="Topics",
                           options="Finanse | Finance\nPrawo | Law\nPR | PR"),
        "county": question(event, "county", "Powiat", label_en="County"),
        "municipality": question(event, "municipality", "Gmina", label_en="Municipality"),
        "rules": question(event, "consent", "Akceptuję regulamin", label_en="I accept the rules", required=True),
    }
    diet = made["diet"]
    other_key = next(o["key"] for o in diet.options if o["pl"] == "Inna")
    made["diet_other"] = question(event, "short_text", "Jaka dieta?", label_en="Which diet?", required=True,
                                  condition=f"{diet.id}:{other_key}")
    return {name: q.id for name, q in made.items()}


def answer(registration, question, value=None, *, declined: bool = False):
    """A stored answer (test data), as the sign-up form would leave it."""
    from eventapp.extensions import db
    from eventapp.models import Answer, utcnow

    made = Answer(registration_id=registration.id, question_id=question.id, value=None if declined else value,
                  declined_at=utcnow() if declined else None)
    db.session.add(made)
    db.session.flush()
    return made


def by_origin(event, origin: str):
    from sqlalchemy import select

    from eventapp.extensions import db
    from eventapp.models import Question

    return db.session.scalar(select(Question).where(Question.event_id == event.id, Question.origin_key == origin))
