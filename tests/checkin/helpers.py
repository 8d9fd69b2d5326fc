"""A small event for check-in tests: two days, a lecture, a workshop with sign-up, people in
every state, a staff member, an organiser, a speaker and staff of another event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eventapp.extensions import db
from eventapp.models import (
    Account,
    AgendaItem,
    CheckIn,
    Event,
    EventRoleKind,
    ItemKind,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from tests.factories import local, make_account, make_event, make_item, make_registration

D1, D2 = date(2026, 6, 16), date(2026, 6, 17)


@dataclass
class World:
    event: Event
    other_event: Event
    lecture: AgendaItem
    workshop: AgendaItem
    anna: Registration       # confirmed, workshop seat
    bartek: Registration     # confirmed, no workshop
    celina: Registration     # cancelled
    dawid: Registration      # waitlisted
    ewa: Registration        # confirmed, workshop waiting list
    stranger: Registration   # confirmed at the other event
    staff: Account
    organiser: Account
    speaker: Account
    other_staff: Account


def build_world() -> World:
    event = make_event(slug="forum-ngo", start_date=D1, end_date=D2, capacity=100)
    other = make_event(slug="inne-forum", start_date=D1, end_date=D1)
    lecture = make_item(event, local(D1, 10), title="Wykład otwierający")
    workshop = make_item(event, local(D2, 11), title="Warsztat: budżet projektu", kind=ItemKind.WORKSHOP,
                         requires_signup=True, seat_limit=10)
    anna = make_registration(event, first_name="Anna", last_name="Łukasiewicz", organisation="Fundacja Łąka",
                             email="anna@laka.org.pl")
    bartek = make_registration(event, first_name="Bartosz", last_name="Lis", organisation="Urząd Gminy Zielonowo")
    celina = make_registration(event, first_name="Celina", last_name="Zając", status=RegistrationStatus.CANCELLED)
    dawid = make_registration(event, first_name="Dawid", last_name="Śliwa", status=RegistrationStatus.WAITLISTED,
                              waitlist_position=1)
    ewa = make_registration(event, first_name="Ewa", last_name="Źdźbło", organisation="Spółdzielnia Socjalna")
    stranger = make_registration(other, first_name="Jan", last_name="Obcy")
    db.session.add_all([
        WorkshopSignup(registration=anna, item=workshop, status=SignupStatus.CONFIRMED),
        WorkshopSignup(registration=ewa, item=workshop, status=SignupStatus.WAITLISTED, waitlist_position=1),
    ])
    staff = make_account("bramka@example.org", event=event, role=EventRoleKind.STAFF)
    staff.name = "Marta Bramka"
    organiser = make_account("organizator@example.org", event=event, role=EventRoleKind.ORGANISER)
    speaker = make_account("prelegent@example.org", event=event, role=EventRoleKind.SPEAKER)
    other_staff = make_account("obcy@example.org", event=other, role=EventRoleKind.STAFF)
    db.session.commit()
    return World(event, other, lecture, workshop, anna, bartek, celina, dawid, ewa, stranger,
                 staff, organiser, speaker, other_staff)


def live_checkins(registration_id: int | None = None) -> list[CheckIn]:
    query = db.select(CheckIn).where(CheckIn.undone_at.is_(None)).order_by(CheckIn.id)
    if registration_id is not None:
        query = query.where(CheckIn.registration_id == registration_id)
    return list(db.session.scalars(query))


def all_checkins() -> list[CheckIn]:
    return list(db.session.scalars(db.select(CheckIn).order_by(CheckIn.id)))
