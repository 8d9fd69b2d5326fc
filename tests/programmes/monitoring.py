"""A programme of two events asking the ESF+ monitoring set, with real answers and check-ins."""

from __future__ import annotations

from datetime import date

from eventapp.extensions import db
from eventapp.models import OrganisationType
from eventapp.questions.services import switch_on_set
from tests.factories import make_account, make_event, make_registration
from tests.programmes.helpers import attend, make_programme
from tests.questions.helpers import answer, by_origin, question

CZESTOCHOWSKI, KLOBUCKI = "slaskie/czestochowski", "slaskie/klobucki"


def monitored_programme():
    """ala (female, częstochowski, born 1990) at both events; bartek (male, kłobucki, age 60);
    celina (declined gender, częstochowski, born 2010); darek (female) registered, never came;
    ewa (no answers) came. Diet is the seminar's own question."""
    first = make_event(slug="seminarium", title="Seminarium", start_date=date(2026, 4, 14),
                       end_date=date(2026, 4, 14))
    second = make_event(slug="forum", title="Forum", start_date=date(2026, 5, 20), end_date=date(2026, 5, 20))
    manager = make_account("kierownik@example.org")
    programme = make_programme(events=[first, second], managers=[manager])
    for event in (first, second):
        switch_on_set(event, "esf")
    diet = question(first, "choice", "Dieta", label_en="Diet", options="Mięsna | Meat\nWegańska | Vegan")
    vegan = diet.options[1]["key"]

    def person(event, name, **answers):
        reg = make_registration(event, email=f"{name}@example.org", first_name=name.title(), last_name="Kowalska",
                                organisation="Fundacja A", organisation_type=OrganisationType.NGO)
        for origin, value in answers.items():
            if origin == "diet":
                answer(reg, diet, value)
            elif value == "declined":
                answer(reg, by_origin(event, origin), declined=True)
            else:
                answer(reg, by_origin(event, origin), value)
        return reg

    attend(first, person(first, "ala", gender="female", county=CZESTOCHOWSKI, birth_date="1990-05-01",
                         diet=vegan))
    attend(second, person(second, "ala", gender="female", county=CZESTOCHOWSKI))
    attend(second, person(second, "bartek", gender="male", county=KLOBUCKI, age=60))
    attend(first, person(first, "celina", gender="declined", county=CZESTOCHOWSKI, birth_date="2010-01-01",
                         pesel="44051401359"))
    person(first, "darek", gender="female", county=KLOBUCKI)
    attend(second, person(second, "ewa"))
    db.session.commit()
    return programme, first, second, diet
