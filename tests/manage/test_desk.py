"""The organiser's desk: a registration added by hand, a participant's data corrected, the
status of several people changed at once, cancelling only after a confirmation; each refusal."""

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, OutboundEmail, Registration, RegistrationSource, RegistrationStatus
from tests.conftest import login
from tests.factories import make_registration
from tests.manage.conftest import row_counts, snapshot

C, W, X = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


def person(**changes):
    data = {"first_name": "Halina", "last_name": "Telefoniczna", "email": "Halina@Example.org",
            "organisation": "KGW Zielonowo", "organisation_type": "ngo", "position": "Przewodnicząca",
            "phone": "+48 600 100 200", "language": "en", "data_consent": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _mail_to(app, address):
    with app.app_context():
        return list(db.session.scalars(select(OutboundEmail.kind).where(OutboundEmail.recipient == address)))


def test_an_organiser_adds_a_phone_sign_up_who_gets_the_usual_email(app, as_organiser, world):
    page = as_organiser.get("/manage/events/forum/registrations/new")
    assert page.status_code == 200 and 'name="data_consent"' in page.get_data(as_text=True)
    response = as_organiser.post("/manage/events/forum/registrations/new", data=person())
    assert response.status_code == 302
    with app.app_context():
        r = db.session.scalar(select(Registration).where(Registration.email == "halina@example.org"))
        assert (r.status, r.source, r.language, r.phone) == (C, RegistrationSource.ORGANISER, "en", "+48 600 100 200")
        assert len(r.consents) == 1
    assert _mail_to(app, "halina@example.org") == ["registration.confirmation"]


def test_a_hand_added_person_on_a_full_event_waits_unless_told_otherwise(app, as_organiser, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        event.capacity = 1
        make_registration(event)
        db.session.commit()
    as_organiser.post("/manage/events/forum/registrations/new", data=person())
    as_organiser.post("/manage/events/forum/registrations/new", data=person(email="vip@example.org",
                                                                            override_capacity="y"))
    with app.app_context():
        statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
    assert statuses["halina@example.org"] == W and statuses["vip@example.org"] == C


@pytest.mark.parametrize(("changes", "message"), [
    ({"email": "nie-adres"}, "Podaj poprawny adres e-mail."),
    ({"first_name": ""}, "Podaj imię."),
    ({"data_consent": None}, "Bez tej zgody nie można zarejestrować tej osoby."),
    ({"phone": "abc"}, "Podaj numer telefonu, np. +48 600 100 200."),
    ({"organisation_type": "kosmos"}, "Wybierz typ organizacji."),
])
def test_bad_input_is_refused_in_polish_and_the_form_keeps_it(app, as_organiser, world, changes, message):
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/registrations/new", data=person(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'value="Telefoniczna"' in html
    assert row_counts(app) == before


def test_an_address_already_registered_is_refused_with_the_name(app, as_organiser, world):
    with app.app_context():
        make_registration(db.session.get(Event, world.event_id), email="halina@example.org",
                          first_name="Halina", last_name="Pierwsza")
        db.session.commit()
    before = row_counts(app)
    response = as_organiser.post("/manage/events/forum/registrations/new", data=person())
    assert response.status_code == 422
    assert "Halina Pierwsza" in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_an_organiser_corrects_a_participants_data_and_the_person_is_told(app, as_organiser, world):
    with app.app_context():
        r = make_registration(db.session.get(Event, world.event_id), email="stary@example.org")
        other = make_registration(db.session.get(Event, world.event_id), email="zajety@example.org")
        db.session.commit()
        rid, other_id = r.id, other.id
    page = as_organiser.get(f"/manage/events/forum/registrations/{rid}/edit").get_data(as_text=True)
    assert 'value="stary@example.org"' in page
    response = as_organiser.post(f"/manage/events/forum/registrations/{rid}/edit", data=person(
        email="nowy@example.org", last_name="Poprawiona", data_consent=None))
    assert response.status_code == 302
    with app.app_context():
        r = db.session.get(Registration, rid)
        assert (r.email, r.last_name, r.organisation) == ("nowy@example.org", "Poprawiona", "KGW Zielonowo")
    assert _mail_to(app, "nowy@example.org") == ["registration.details_changed"]
    # Another person's address is refused beside the field, and nothing changes.
    before = snapshot(app, Registration, rid)
    response = as_organiser.post(f"/manage/events/forum/registrations/{rid}/edit", data=person(
        email="zajety@example.org", data_consent=None))
    assert response.status_code == 422
    assert "Ten adres e-mail jest już zapisany na to wydarzenie." in response.get_data(as_text=True)
    assert snapshot(app, Registration, rid) == before
    assert snapshot(app, Registration, other_id)["email"] == "zajety@example.org"


def test_the_status_of_several_people_changes_at_once_in_waiting_order(app, as_organiser, world):
    with app.app_context():
        event = db.session.get(Event, world.event_id)
        event.capacity = 2
        a = make_registration(event, email="a@example.org")
        w = [make_registration(event, email=f"w{n}@example.org", status=W, waitlist_position=n) for n in (1, 2, 3)]
        db.session.commit()
        ids = {r.email: r.id for r in [a, *w]}
    page = as_organiser.get("/manage/events/forum/registrations").get_data(as_text=True)
    assert f'name="ids" value="{ids["w1@example.org"]}"' in page
    # Confirm all three waiting: one seat is free, so the first in the queue gets it; the
    # others are refused with the reason, by name.
    response = as_organiser.post("/manage/events/forum/registrations/status", data={
        "status": "confirmed", "ids": [ids["w3@example.org"], ids["w1@example.org"], ids["w2@example.org"]]},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    with app.app_context():
        statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
    assert (statuses["w1@example.org"], statuses["w2@example.org"], statuses["w3@example.org"]) == (C, W, W)
    assert "Nie ma już wolnych miejsc" in html and "Żółkiewska" in html
    assert _mail_to(app, "w1@example.org") == ["registration.promotion"]


def test_cancelling_asks_first_and_only_the_confirming_post_cancels(app, as_organiser, world):
    with app.app_context():
        r = make_registration(db.session.get(Event, world.event_id), email="a@example.org")
        b = make_registration(db.session.get(Event, world.event_id), email="b@example.org")
        db.session.commit()
        rid, bid = r.id, b.id
    page = as_organiser.get(f"/manage/events/forum/registrations/{rid}")
    assert f'href="/manage/events/forum/registrations/{rid}/cancel"' in page.get_data(as_text=True)
    ask = as_organiser.get(f"/manage/events/forum/registrations/{rid}/cancel")
    assert ask.status_code == 200 and "Anulować to zgłoszenie?" in ask.get_data(as_text=True)
    assert snapshot(app, Registration, rid)["status"] == C
    as_organiser.post(f"/manage/events/forum/registrations/{rid}/cancel")
    assert snapshot(app, Registration, rid)["status"] == X
    # Several at once: the first POST only asks, listing the people; the second cancels.
    ask = as_organiser.post("/manage/events/forum/registrations/status", data={"status": "cancelled", "ids": [bid]})
    assert ask.status_code == 200 and "b@example.org" in ask.get_data(as_text=True)
    assert snapshot(app, Registration, bid)["status"] == C
    as_organiser.post("/manage/events/forum/registrations/status", data={
        "status": "cancelled", "ids": [bid], "confirmed": "yes"})
    assert snapshot(app, Registration, bid)["status"] == X


DESK_REQUESTS = [
    ("get", "/manage/events/forum/registrations/new", None),
    ("post", "/manage/events/forum/registrations/new", person()),
    ("get", "/manage/events/forum/registrations/{rid}/edit", None),
    ("post", "/manage/events/forum/registrations/{rid}/edit", person()),
    ("get", "/manage/events/forum/registrations/{rid}/cancel", None),
    ("post", "/manage/events/forum/registrations/{rid}/cancel", {}),
    ("post", "/manage/events/forum/registrations/status", {"status": "cancelled", "ids": "{rid}",
                                                          "confirmed": "yes"}),
]


@pytest.mark.parametrize("who", ["staff", "speaker", "other-organiser", "nobody"])
def test_other_accounts_are_refused_and_nothing_changes(app, client, world, who):
    with app.app_context():
        rid = make_registration(db.session.get(Event, world.event_id)).id
        db.session.commit()
    login(client, world.accounts[who])
    before = row_counts(app), snapshot(app, Registration, rid)
    for method, url, data in DESK_REQUESTS:
        url = url.format(rid=rid)
        if data:
            data = {k: (v.format(rid=rid) if isinstance(v, str) else v) for k, v in data.items()}
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 403, (method, url)
    assert (row_counts(app), snapshot(app, Registration, rid)) == before


def test_another_events_registration_is_not_found(app, as_organiser, world):
    with app.app_context():
        other = db.session.scalar(select(Event).where(Event.slug == world.other_slug))
        rid = make_registration(other).id
        db.session.commit()
    assert as_organiser.get(f"/manage/events/forum/registrations/{rid}/edit").status_code == 404
    assert as_organiser.get(f"/manage/events/forum/registrations/{rid}/cancel").status_code == 404
    as_organiser.post("/manage/events/forum/registrations/status", data={
        "status": "cancelled", "ids": [rid], "confirmed": "yes"})
    assert snapshot(app, Registration, rid)["status"] == C
