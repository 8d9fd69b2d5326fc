"""The organiser's questions on the sign-up form: checked by type, conditions, nothing stored on refusal."""

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import Answer, Question, Registration
from eventapp.questions.kinds import pesel_is_valid
from tests.factories import make_event
from tests.questions.helpers import every_kind


@pytest.fixture
def app_settings():
    return {"REGISTRATION_MIN_FILL_SECONDS": 0}


def form(ids=None, **changes):
    data = {
        "first_name": "Zażółć", "last_name": "Gęślą-Jaźń", "email": "zazolc@example.org",
        "organisation": "Gmina Łąck", "organisation_type": "public_administration", "position": "Referent",
        "consent_data": "y", "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def event_with_questions(app):
    with app.app_context():
        event = make_event()
        ids = every_kind(event)
        db.session.commit()
        return event.slug, event.id, ids


def _answers(app):
    with app.app_context():
        rows = db.session.execute(select(Question.label_pl, Answer.value, Answer.declined_at)
                                  .join(Question, Question.id == Answer.question_id).order_by(Question.position))
        return {label: value for label, value, _declined in rows}


def _option(app, question_id, label):
    with app.app_context():
        return next(o["key"] for o in db.session.get(Question, question_id).options if o["pl"] == label)


def test_every_type_is_shown_and_stored_by_its_type(app, client, event_with_questions):
    slug, _event_id, ids = event_with_questions
    page = client.get(f"/events/{slug}/register").get_data(as_text=True)
    for label in ("Imię na identyfikatorze", "Liczba noclegów", "Akceptuję regulamin", "Jaka dieta?"):
        assert label in page
    assert 'optgroup label="mazowieckie"' in page and "powiat piaseczyński" in page
    assert "questions-conditions.js" in page
    q = {name: f"q-{qid}" for name, qid in ids.items()}
    data = form(**{
        q["name_tag"]: "Zosia", q["about"]: "Działam w NGO", q["nights"]: "2,5", q["arrival"]: "2026-05-14",
        q["parking"]: "yes", q["diet"]: _option(app, ids["diet"], "Inna"), q["diet_other"]: "bez orzechów",
        q["county"]: "mazowieckie/piaseczynski", q["municipality"]: "mazowieckie/piaseczynski",
        q["municipality"] + "-name": "Lesznowola", q["rules"]: "yes",
    })
    data[q["topics"]] = [_option(app, ids["topics"], "Prawo"), _option(app, ids["topics"], "Finanse")]
    response = client.post(f"/events/{slug}/register", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _answers(app) == {
        "Imię na identyfikatorze": "Zosia", "O sobie": "Działam w NGO", "Liczba noclegów": 2.5,
        "Data przyjazdu": "2026-05-14", "Parking?": True, "Dieta": "inna",
        "Tematy": ["finanse", "prawo"],  # in the list's order, not the order ticked
        "Powiat": "mazowieckie/piaseczynski",
        "Gmina": {"county": "mazowieckie/piaseczynski", "name": "Lesznowola"},
        "Akceptuję regulamin": True, "Jaka dieta?": "bez orzechów",
    }


def test_bad_answers_are_refused_beside_their_fields_and_nothing_is_stored(app, client, event_with_questions):
    slug, _event_id, ids = event_with_questions
    q = {name: f"q-{qid}" for name, qid in ids.items()}
    data = form(**{q["name_tag"]: "Zosia z Łącka", q["nights"]: "dwa", q["arrival"]: "14 maja",
                   q["parking"]: "maybe", q["diet"]: "nonsense", q["county"]: "atlantyda/x",
                   q["municipality"]: "mazowieckie/piaseczynski"})
    response = client.post(f"/events/{slug}/register", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Podaj liczbę", "Podaj datę", "Odpowiedz tak lub nie", "Wybierz jedną z podanych odpowiedzi",
                    "Wybierz powiat z listy", "Wpisz nazwę gminy", "Zaznacz tę zgodę"):
        assert message in html, message
    assert f'id="q-{ids["nights"]}-error"' in html and 'aria-invalid="true"' in html
    assert 'value="Zosia z Łącka"' in html and 'value="dwa"' in html  # kept as typed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_messages_are_in_english_for_an_english_form(app, client, event_with_questions):
    slug, _event_id, ids = event_with_questions
    client.get("/?lang=en")
    html = client.post(f"/events/{slug}/register", data=form(**{f"q-{ids['nights']}": "many"})).get_data(as_text=True)
    assert "Please enter a number" in html and "Please tick this consent" in html
    assert "Nights" in html and "Liczba noclegów" not in html


def test_a_question_is_required_only_when_its_condition_holds(app, client, event_with_questions):
    slug, _event_id, ids = event_with_questions
    base = {f"q-{ids['nights']}": "1", f"q-{ids['rules']}": "yes"}
    # "Which diet?" is required, but only for "other": a vegan is not asked, and a stray answer is not kept.
    vegan = form(**base, **{f"q-{ids['diet']}": _option(app, ids["diet"], "Wegańska"),
                            f"q-{ids['diet_other']}": "ignored"})
    assert client.post(f"/events/{slug}/register", data=vegan).status_code == 200
    assert "Jaka dieta?" not in _answers(app)
    other = form(email="inna@example.org", **base, **{f"q-{ids['diet']}": _option(app, ids["diet"], "Inna")})
    response = client.post(f"/events/{slug}/register", data=other)
    assert response.status_code == 400
    assert "Odpowiedz na to pytanie" in response.get_data(as_text=True)


def test_declining_a_sensitive_answer_is_stored_with_its_time(app, client):
    from eventapp.questions.services import switch_on_set

    with app.app_context():
        event = make_event()
        switch_on_set(event, "esf")
        slug = event.slug
        disability = db.session.scalar(select(Question).where(Question.origin_key == "disability"))
        pesel = db.session.scalar(select(Question).where(Question.origin_key == "pesel"))
        disability_id, pesel_id = disability.id, pesel.id
    page = client.get(f"/events/{slug}/register").get_data(as_text=True)
    assert "Wolę nie odpowiadać" in page and "Dlaczego pytamy" in page and "2021/1057" in page
    bad = client.post(f"/events/{slug}/register", data=form(**{f"q-{pesel_id}": "44051401358"}))
    assert "To nie jest poprawny numer PESEL" in bad.get_data(as_text=True)
    ok = client.post(f"/events/{slug}/register",
                     data=form(**{f"q-{disability_id}-declined": "1", f"q-{pesel_id}": "44051401359"}))
    assert ok.status_code == 200
    with app.app_context():
        declined = db.session.scalar(select(Answer).where(Answer.question_id == disability_id))
        assert declined.value is None and declined.declined_at is not None


def test_pesel_checksum():
    assert pesel_is_valid("44051401359") and pesel_is_valid("02070803628")
    assert not pesel_is_valid("44051401358") and not pesel_is_valid("4405140135") and not pesel_is_valid("abc")


def test_signing_up_again_after_cancelling_replaces_the_answers(app, client, event_with_questions):
    from eventapp.models import RegistrationStatus

    slug, _event_id, ids = event_with_questions
    base = {f"q-{ids['nights']}": "1", f"q-{ids['rules']}": "yes", f"q-{ids['name_tag']}": "Zosia"}
    assert client.post(f"/events/{slug}/register", data=form(**base)).status_code == 200
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
    again = {f"q-{ids['nights']}": "3", f"q-{ids['rules']}": "yes"}
    assert client.post(f"/events/{slug}/register", data=form(**again)).status_code == 200
    answers = _answers(app)
    assert answers["Liczba noclegów"] == 3 and "Imię na identyfikatorze" not in answers


def test_an_expired_form_keeps_the_answers_typed_and_only_those(make_app):
    import re

    app = make_app(WTF_CSRF_ENABLED=True, REGISTRATION_MIN_FILL_SECONDS=0)
    with app.app_context():
        db.create_all()
        event = make_event()
        ids = every_kind(event)
        db.session.commit()
        slug = event.slug
    client = app.test_client()
    data = form(csrf_token="expired", **{f"q-{ids['name_tag']}": "Zosia", f"q-{ids['about']}": "x" * 9000,
                                         "q-999999": "obce pole"})
    html = client.post(f"/events/{slug}/register", data=data).get_data(as_text=True)
    assert "wygasł" in html and 'value="Zosia"' in html
    kept = re.search(rf'<textarea id="q-{ids["about"]}"[^>]*>([^<]*)</textarea>', html).group(1)
    assert len(kept) == 4000 and "obce pole" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
