"""The registration list, the exports and the report run the same number of queries for
2 questions and 3 people as for 17 questions and 33 people."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Question
from eventapp.questions.services import switch_on_set
from tests.conftest import login
from tests.factories import make_registration
from tests.questions.helpers import answer, question


@pytest.fixture
def app_settings(tmp_path):
    return {"REPORTS_FOLDER": str(tmp_path / "reports"), "REPORTS_JOBS": "inline"}


def _grow(app, event_id: int, people: int, with_sets: bool) -> None:
    with app.app_context():
        event = db.session.get(Event, event_id)
        if with_sets:
            switch_on_set(event, "esf")
            event = db.session.get(Event, event_id)
        asked = _questions(event)
        for n in range(people):
            registration = make_registration(event)
            for q in asked:
                if q.kind.value in ("choice", "multi_choice") and q.options:
                    key = q.options[n % len(q.options)]["key"]
                    answer(registration, q, [key] if q.kind.value == "multi_choice" else key)
                elif q.kind.value == "yes_no" and q.allow_decline and n % 3 == 0:
                    answer(registration, q, declined=True)
                elif q.kind.value == "yes_no":
                    answer(registration, q, n % 2 == 0)
                elif q.kind.value == "short_text":
                    answer(registration, q, f"tekst {n}")
        db.session.commit()


def _questions(event):
    return list(db.session.scalars(select(Question).where(Question.event_id == event.id)))


PAGES = [
    "/manage/events/{slug}/registrations",
    "/manage/events/{slug}/registrations?answer={answer}",
    "/manage/events/{slug}/registrations.csv",
    "/events/{slug}/reports/participants.csv",
    "/events/{slug}/reports/participants.xlsx",
    "/events/{slug}/reports/",
    "/events/{slug}/reports/summary.xlsx",
]


def test_lists_exports_and_report_run_a_fixed_number_of_queries(app, client, world, count_queries):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        diet = question(event, "choice", "Dieta", options="Wegańska | Vegan\nMięsna | Meat")
        diet_filter = f"{diet.id}:{diet.options[0]['key']}"
        question(event, "yes_no", "Parking?")
        db.session.commit()
    _grow(app, world.event_id, 3, with_sets=False)
    login(client, world.accounts["organiser"])
    urls = [page.format(slug=world.slug, answer=diet_filter) for page in PAGES]
    small = {}
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200, url
        small[url] = counter.count
    _grow(app, world.event_id, 30, with_sets=True)  # 14 more questions, 30 more people
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200, url
        assert counter.count == small[url], (url, counter.statements)
