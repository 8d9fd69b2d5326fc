"""Probable duplicates by the same PESEL, where the sign-up form collects it."""

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import MergeRecord
from eventapp.programmes import identity
from eventapp.questions.services import switch_on_set
from tests.conftest import login
from tests.factories import make_account, make_event, make_registration
from tests.programmes.helpers import make_programme
from tests.questions.helpers import answer, by_origin

PESEL = "44051401359"


def _world():
    first, second = make_event(slug="seminarium"), make_event(slug="forum")
    manager = make_account("kierownik@example.org")
    programme = make_programme(events=[first, second], managers=[manager])
    for event in (first, second):
        switch_on_set(event, "esf")
    # Same PESEL, different email, name spelling and organisation.
    answer(make_registration(first, email="jan@praca.pl", first_name="Jan", last_name="Nowak",
                             organisation="Urząd Gminy"), by_origin(first, "pesel"), PESEL)
    answer(make_registration(second, email="jasiek@gmail.com", first_name="Janek", last_name="Nowak-Kos",
                             organisation="Fundacja"), by_origin(second, "pesel"), PESEL)
    # Another PESEL, and a declined one: not offered.
    answer(make_registration(second, email="ola@gmail.com", first_name="Ola", last_name="Nowak"),
           by_origin(second, "pesel"), "02070803628")
    answer(make_registration(first, email="ewa@gmail.com"), by_origin(first, "pesel"), declined=True)
    db.session.commit()
    return programme


def test_the_same_pesel_with_other_emails_goes_to_review(ctx):
    programme = _world()
    [candidate] = identity.duplicate_candidates(programme)
    assert (candidate.left, candidate.right) == ("jan@praca.pl", "jasiek@gmail.com")
    assert candidate.same_pesel and not candidate.same_name
    assert candidate.events == 2


def test_a_pesel_pair_confirmed_is_one_person_and_leaves_the_list(app, client):
    with app.app_context():
        _world()
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/people/").get_data(as_text=True)
    assert "jasiek@gmail.com" in page and "Ten sam PESEL" in page
    client.post("/manage/programmes/program-csr/people/decide",
                data={"left": "jan@praca.pl", "right": "jasiek@gmail.com", "decision": "merge"})
    with app.app_context():
        record = db.session.scalar(select(MergeRecord))
        assert record.reason == "Ten sam PESEL"
        from eventapp.models import Programme
        programme = db.session.scalar(select(Programme))
        assert identity.duplicate_candidates(programme) == []
        from eventapp.programmes.report import build_report
        assert build_report(programme).registered_people == 3
