"""Capacity, the waiting list, promotion, duplicates, walk-ins, cancelling and deleting."""

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import (
    ConsentKind,
    OutboundEmail,
    Registration,
    RegistrationConsent,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.registration import services
from eventapp.registration.services import EventFull, RegistrationError
from tests.factories import make_event, make_item
from tests.registration.helpers import details, kinds_to, statuses

C, W, X = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


def test_seats_then_waiting_list_in_order(ctx):
    event = make_event(capacity=2)
    db.session.commit()
    outcomes = [services.register(event, details(f"p{n}@example.org")) for n in range(5)]
    assert [o.created for o in outcomes] == [True] * 5
    assert [o.answer for o in outcomes] == [C, C, W, W, W]
    assert [(s, p) for _e, s, p in statuses(event)] == [(C, None), (C, None), (W, 1), (W, 2), (W, 3)]
    assert kinds_to("p0@example.org") == ["registration.confirmation"]
    assert kinds_to("p2@example.org") == ["registration.waitlist"]


def test_unlimited_event_confirms_everyone(ctx):
    event = make_event(capacity=None)
    db.session.commit()
    for n in range(4):
        services.register(event, details(f"u{n}@example.org"))
    assert {s for _e, s, _p in statuses(event)} == {C}


def test_same_email_again_creates_nothing_and_resends_the_link(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    first = services.register(event, details("Ala@Example.org"))
    again = services.register(event, details(" ala@example.ORG ", first_name="Inna"))
    assert again.created is False
    assert again.registration.id == first.registration.id
    assert again.registration.first_name == "Łucja"  # a second attempt overwrites nothing
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    assert kinds_to("ala@example.org") == ["registration.confirmation", "registration.link"]
    # No status is claimed for an address already registered: the link sent tells the real one.
    assert again.answer is None
    newcomer = services.register(event, details("nowy@example.org"))
    assert newcomer.answer == W and newcomer.created


def test_override_capacity_confirms_beyond_the_limit(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    services.register(event, details())
    outcome = services.register(event, details(), source=RegistrationSource.ORGANISER, override_capacity=True)
    assert outcome.registration.status == C
    assert outcome.registration.source == RegistrationSource.ORGANISER


def test_consents_are_stored_with_their_text_and_version(ctx):
    event = make_event()
    db.session.commit()
    with_photos = services.register(event, details(photo_consent=True)).registration
    without = services.register(event, details(language="en")).registration
    kinds = {c.consent_text.kind for c in with_photos.consents}
    assert kinds == {ConsentKind.DATA_PROCESSING, ConsentKind.PHOTOS}
    data = next(c for c in with_photos.consents if c.consent_text.kind == ConsentKind.DATA_PROCESSING)
    assert data.consent_text.version == services.CONSENT_VERSION
    assert data.consent_text.language == "pl" and "przetwarzanie" in data.consent_text.text
    assert [c.consent_text.kind for c in without.consents] == [ConsentKind.DATA_PROCESSING]
    assert without.consents[0].consent_text.language == "en"
    # One stored text per kind, version and language, however many sign up.
    services.register(event, details(photo_consent=True))
    assert db.session.scalar(select(func.count(RegistrationConsent.id))) == 5
    from eventapp.models import ConsentText
    assert db.session.scalar(select(func.count(ConsentText.id))) == 3


def test_the_consent_text_shown_is_the_one_stored(ctx):
    event = make_event()
    db.session.commit()
    shown = services.current_consent_text(ConsentKind.DATA_PROCESSING, "pl")
    db.session.commit()
    registration = services.register(event, details(), data_consent_text=shown).registration
    assert registration.consents[0].consent_text_id == shown.id


def test_cancel_promotes_the_first_waiting_and_emails_both(ctx):
    event = make_event(capacity=2)
    db.session.commit()
    regs = [services.register(event, details(f"c{n}@example.org")).registration for n in range(4)]
    services.cancel(regs[0])
    assert regs[0].status == X and regs[0].cancelled_at is not None and regs[0].waitlist_position is None
    assert regs[2].status == C and regs[2].waitlist_position is None
    assert regs[3].status == W and regs[3].waitlist_position == 2
    assert kinds_to("c0@example.org")[-1] == "registration.cancellation"
    assert kinds_to("c2@example.org") == ["registration.waitlist", "registration.promotion"]
    assert kinds_to("c3@example.org") == ["registration.waitlist"]
    # Cancelling twice changes nothing and promotes nobody else.
    services.cancel(regs[0])
    assert regs[3].status == W


def test_a_waiting_person_cancelling_frees_no_seat(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    regs = [services.register(event, details()).registration for _ in range(3)]
    services.cancel(regs[1])
    assert [(s, p) for _e, s, p in statuses(event)] == [(C, None), (X, None), (W, 2)]


def test_cancelled_person_signing_up_again_joins_afresh(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    a = services.register(event, details("a@example.org")).registration
    b = services.register(event, details("b@example.org")).registration
    services.cancel(a)
    assert b.status == C
    again = services.register(event, details("a@example.org"))
    assert again.registration.id == a.id and again.created
    assert a.status == W and a.waitlist_position == 1


def test_organiser_promotes_by_hand_only_with_a_seat_or_override(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    services.register(event, details())
    waiting = services.register(event, details()).registration
    with pytest.raises(EventFull):
        services.promote(waiting)
    assert waiting.status == W
    services.promote(waiting, override_capacity=True)
    assert waiting.status == C
    assert kinds_to(waiting.email)[-1] == "registration.promotion"
    with pytest.raises(RegistrationError):
        services.promote(waiting)


def test_fill_from_waitlist_after_capacity_rises(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    for _ in range(4):
        services.register(event, details())
    event.capacity = 3
    db.session.commit()
    promoted = services.fill_from_waitlist(event)
    assert len(promoted) == 2
    assert [(s, p) for _e, s, p in statuses(event)] == [(C, None), (C, None), (C, None), (W, 3)]


def test_change_status(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    a = services.register(event, details()).registration
    b = services.register(event, details()).registration
    services.change_status(a, RegistrationStatus.WAITLISTED)
    # a goes to the end of the list; its seat goes to the first person waiting.
    assert (b.status, a.status, a.waitlist_position) == (C, W, 2)
    with pytest.raises(EventFull):
        services.change_status(a, RegistrationStatus.CONFIRMED)
    services.change_status(b, RegistrationStatus.CANCELLED)
    assert (b.status, a.status) == (X, C)


def test_walk_in_gets_a_seat_or_event_full_never_the_waiting_list(ctx):
    event = make_event(capacity=1)
    db.session.commit()
    walk_in = services.register_walk_in(event, details("w@example.org"))
    assert walk_in.status == C and walk_in.source == RegistrationSource.WALK_IN
    before = db.session.scalar(select(func.count(Registration.id)))
    with pytest.raises(EventFull):
        services.register_walk_in(event, details("late@example.org"))
    assert db.session.scalar(select(func.count(Registration.id))) == before
    forced = services.register_walk_in(event, details("late@example.org"), override_capacity=True)
    assert forced.status == C
    # Someone already confirmed who turns up at the desk is simply their registration.
    assert services.register_walk_in(event, details("w@example.org")).id == walk_in.id


def test_update_details_and_resend(ctx):
    event = make_event()
    db.session.commit()
    a = services.register(event, details("a@example.org")).registration
    services.register(event, details("b@example.org"))
    services.update_details(a, first_name=" Ala ", phone="", photo_consent=True)
    assert a.first_name == "Ala" and a.phone is None and a.photo_consent
    assert {c.consent_text.kind for c in a.consents} == {ConsentKind.DATA_PROCESSING, ConsentKind.PHOTOS}
    assert kinds_to("a@example.org")[-1] == "registration.details_changed"
    with pytest.raises(services.EmailTaken):
        services.update_details(a, email="B@example.org")
    assert a.email == "a@example.org"
    with pytest.raises(TypeError):
        services.update_details(a, status="confirmed")
    services.resend_link(a)
    assert kinds_to("a@example.org")[-1] == "registration.link"
    services.resend_link_by_email(event, "nobody@example.org")  # silently nothing
    assert db.session.scalar(select(func.count(OutboundEmail.id)).where(
        OutboundEmail.recipient == "nobody@example.org")) == 0


def test_delete_registration_cancels_promotes_and_anonymises(ctx):
    event = make_event(capacity=1)
    ws = make_item(event, requires_signup=True, seat_limit=1)
    db.session.commit()
    a = services.register(event, details("a@example.org")).registration
    b = services.register(event, details("b@example.org")).registration
    services.sign_up_for_item(a, ws)
    token = a.manage_token
    services.delete_registration(a)
    assert a.status == X and a.anonymised_at is not None
    assert a.email.endswith("@anonymised.invalid") and a.first_name != "Łucja"
    assert services.find_by_manage_token(event, token) is None
    assert b.status == C and kinds_to("b@example.org")[-1] == "registration.promotion"
    # No message to the deleted address stays behind.
    assert kinds_to("a@example.org") == []
    seat = db.session.scalar(select(WorkshopSignup).where(WorkshopSignup.registration_id == a.id))
    assert seat.status == SignupStatus.CANCELLED


def test_registration_window(ctx):
    from datetime import timedelta

    from eventapp.models import EventStatus, utcnow

    now = utcnow()
    assert services.registration_window(make_event()).open
    assert services.registration_window(make_event(status=EventStatus.DRAFT)).reason == "draft"
    assert services.registration_window(make_event(registration_opens_at=now + timedelta(days=1))).reason == "not_yet"
    closed = make_event(registration_opens_at=now - timedelta(days=2), registration_closes_at=now - timedelta(days=1))
    assert services.registration_window(closed).reason == "closed"
    assert services.registration_window(make_event(status=EventStatus.CANCELLED)).reason == "cancelled"


def test_nobody_signs_up_for_a_cancelled_event_even_from_a_page_opened_before(ctx):
    from eventapp.models import Event, EventStatus
    from eventapp.registration.services import RegistrationClosed

    event = make_event()
    db.session.commit()
    # The organiser cancels after the sign-up page checked the window: the locked check refuses.
    db.session.execute(Event.__table__.update().where(Event.id == event.id).values(status=EventStatus.CANCELLED))
    db.session.commit()
    with pytest.raises(RegistrationClosed):
        services.register(event, details("spozniona@example.org"))
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert kinds_to("spozniona@example.org") == []
