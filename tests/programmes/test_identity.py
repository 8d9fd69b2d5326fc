"""People and organisations counted once: emails by case only, reviewed merges with undo, NIP/REGON."""

import pytest

from eventapp.extensions import db
from eventapp.manage.errors import Refusal
from eventapp.models import DirectoryOrganisation, MergeRecord
from eventapp.programmes import identity
from eventapp.programmes.counting import programme_facts
from eventapp.programmes.taxids import nip_is_valid, regon_is_valid
from tests.factories import make_account, make_event, make_registration
from tests.programmes.helpers import attend, make_programme


@pytest.fixture
def two_events(ctx):
    first = make_event(slug="czestochowa")
    second = make_event(slug="lubliniec")
    programme = make_programme(events=[first, second])
    account = make_account("kierownik@example.org")
    return programme, first, second, account


def _people(programme):
    return programme_facts(programme).people


def test_the_same_email_in_other_letters_is_one_person(two_events):
    programme, first, second, _ = two_events
    attend(first, make_registration(first, email="anna.nowak@example.org"))
    # Stored lower-cased by registration; the comparison ignores case anyway.
    attend(second, make_registration(second, email="Anna.Nowak@Example.org"))
    people = _people(programme)
    assert len(people) == 1
    [person] = people.values()
    assert person.events_attended == {first.id, second.id}


def test_dots_and_plus_signs_are_not_guessed(two_events):
    programme, first, second, _ = two_events
    make_registration(first, email="annanowak@gmail.com")
    make_registration(second, email="anna.nowak@gmail.com")
    make_registration(second, email="annanowak+forum@gmail.com")
    assert len(_people(programme)) == 3


def test_same_name_and_organisation_with_other_emails_goes_to_review(two_events):
    programme, first, second, account = two_events
    make_registration(first, email="a.kowalska@fundacja.pl", first_name="Alicja", last_name="Kowalska",
                      organisation="Fundacja Rozwoju")
    make_registration(second, email="alicja@gmail.com", first_name="alicja", last_name="KOWALSKA",
                      organisation="fundacja  rozwoju")
    make_registration(second, email="inna@gmail.com", first_name="Alicja", last_name="Kowalska",
                      organisation="Urząd Gminy")
    [candidate] = identity.duplicate_candidates(programme)
    assert (candidate.left, candidate.right) == ("a.kowalska@fundacja.pl", "alicja@gmail.com")
    assert candidate.events == 2
    assert len(_people(programme)) == 3


def test_a_confirmed_merge_counts_one_person_and_can_be_undone(two_events):
    programme, first, second, account = two_events
    attend(first, make_registration(first, email="a@fundacja.pl", first_name="Jan", last_name="Zięba",
                                    organisation="Fundacja X"))
    attend(second, make_registration(second, email="jan@gmail.com", first_name="Jan", last_name="Zięba",
                                     organisation="Fundacja X"))
    db.session.commit()
    record = identity.decide_person_merge(programme, "jan@gmail.com", "a@fundacja.pl", True, account)
    assert identity.duplicate_candidates(programme) == []
    people = _people(programme)
    assert len(people) == 1 and list(people.values())[0].events_attended == {first.id, second.id}

    identity.undo_merge(programme, record.id, account)
    assert len(_people(programme)) == 2
    # The decision is kept in the history, marked undone, and the pair is offered again.
    assert db.session.get(MergeRecord, record.id).undone_at is not None
    assert len(identity.duplicate_candidates(programme)) == 1


def test_a_rejected_pair_is_not_offered_again(two_events):
    programme, first, second, account = two_events
    make_registration(first, email="a@x.pl", first_name="Jan", last_name="Zięba", organisation="Fundacja X")
    make_registration(second, email="b@x.pl", first_name="Jan", last_name="Zięba", organisation="Fundacja X")
    db.session.commit()
    identity.decide_person_merge(programme, "a@x.pl", "b@x.pl", False, account)
    assert identity.duplicate_candidates(programme) == []
    assert len(_people(programme)) == 2
    with pytest.raises(Refusal):
        identity.decide_person_merge(programme, "a@x.pl", "b@x.pl", True, account)


def test_a_merge_of_someone_outside_the_programme_is_refused(two_events):
    programme, first, _, account = two_events
    make_registration(first, email="a@x.pl")
    other = make_event(slug="inne")
    make_registration(other, email="b@x.pl")
    db.session.commit()
    with pytest.raises(Refusal):
        identity.decide_person_merge(programme, "a@x.pl", "b@x.pl", True, account)


@pytest.mark.parametrize("nip,valid", [
    ("5260250274", True), ("526-025-02-74", True), ("PL 526 025 02 74", True),
    ("5260250275", False), ("123456789", False), ("abcdefghij", False), ("1234567890", False),
])
def test_nip_is_checked_by_its_check_digit(nip, valid):
    assert nip_is_valid(nip) is valid


@pytest.mark.parametrize("regon,valid", [
    ("123456785", True), ("123456786", False), ("12345678512347", True), ("12345678512348", False),
    ("12345", False),
])
def test_regon_is_checked_by_its_check_digit(regon, valid):
    assert regon_is_valid(regon) is valid


def test_typed_variants_are_offered_for_merging_and_the_merge_can_be_undone(two_events):
    programme, first, second, account = two_events
    attend(first, make_registration(first, organisation="Fundacja  ABC"))
    attend(second, make_registration(second, organisation="fundacja abc"))
    attend(second, make_registration(second, organisation="Fundacja „ABC”."))
    attend(second, make_registration(second, organisation="Stowarzyszenie Łąka"))
    db.session.commit()
    assert identity.sync_directory(programme) == 4
    assert identity.sync_directory(programme) == 0
    [group] = identity.variant_groups(programme)
    names = sorted(e.name for e in group.entries)
    assert names == ["Fundacja  ABC", "Fundacja „ABC”.", "fundacja abc"]
    # Case and spaces already count as one organisation; the quotes make a second until merged.
    assert len(programme_facts(programme).organisations) == 3
    by_name = {e.name: e for e in group.entries}
    record = identity.merge_organisations(programme, by_name["Fundacja „ABC”."].id, by_name["Fundacja  ABC"].id,
                                          account)
    assert len(programme_facts(programme).organisations) == 2
    identity.undo_merge(programme, record.id, account)
    assert len(programme_facts(programme).organisations) == 3
    assert db.session.get(DirectoryOrganisation, by_name["Fundacja „ABC”."].id).merged_into_id is None


def test_different_organisations_can_be_kept_apart(two_events):
    programme, first, _, account = two_events
    make_registration(first, organisation="Fundacja ABC")
    make_registration(first, organisation="Fundacja A.B.C.")
    db.session.commit()
    identity.sync_directory(programme)
    [group] = identity.variant_groups(programme)
    identity.keep_organisations_apart(programme, group.entries[0].id, group.entries[1].id, account)
    assert identity.variant_groups(programme) == []


def test_a_nip_makes_two_spellings_one_organisation(two_events):
    programme, first, second, account = two_events
    attend(first, make_registration(first, organisation="Urząd Miasta Częstochowy"))
    attend(second, make_registration(second, organisation="UM Częstochowa"))
    db.session.commit()
    identity.sync_directory(programme)
    entries = {e.name: e for e in identity.directory(programme)}
    identity.set_tax_numbers(programme, entries["UM Częstochowa"].id, "526-025-02-74", "")
    with pytest.raises(Refusal) as refusal:
        identity.set_tax_numbers(programme, entries["Urząd Miasta Częstochowy"].id, "5260250274", "")
    assert refusal.value.field == "nip"
    with pytest.raises(Refusal) as refusal:
        identity.set_tax_numbers(programme, entries["Urząd Miasta Częstochowy"].id, "5260250275", "")
    assert refusal.value.field == "nip"
    assert entries["Urząd Miasta Częstochowy"].nip is None
    identity.merge_organisations(programme, entries["Urząd Miasta Częstochowy"].id, entries["UM Częstochowa"].id,
                                 account)
    assert list(programme_facts(programme).organisations) == ["nip:5260250274"]


def test_review_pages_record_a_decision(app, client):
    from tests.conftest import login

    with app.app_context():
        first, second = make_event(slug="a1"), make_event(slug="a2")
        manager = make_account("kierownik@example.org")
        make_programme(events=[first, second], managers=[manager])
        make_registration(first, email="a@x.pl", first_name="Jan", last_name="Zięba", organisation="Fundacja X")
        make_registration(second, email="b@x.pl", first_name="Jan", last_name="Zięba", organisation="Fundacja X")
        db.session.commit()
    login(client, "kierownik@example.org")
    page = client.get("/manage/programmes/program-csr/people/").get_data(as_text=True)
    assert "a@x.pl" in page and "b@x.pl" in page
    response = client.post("/manage/programmes/program-csr/people/decide",
                           data={"left": "a@x.pl", "right": "b@x.pl", "decision": "merge"})
    assert response.status_code == 302
    with app.app_context():
        [record] = db.session.scalars(db.select(MergeRecord)).all()
        assert record.decision == "confirmed"
        record_id = record.id
    assert client.post(f"/manage/programmes/program-csr/merges/{record_id}/undo").status_code == 302
    with app.app_context():
        assert db.session.get(MergeRecord, record_id).undone_at is not None
