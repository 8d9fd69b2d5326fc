"""A large event for the feed benchmarks: 500 items over three days across the October DST change."""

from __future__ import annotations

from datetime import date, timedelta

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    Event,
    EventStatus,
    ItemKind,
    ItemSpeaker,
    OrganisationType,
    Registration,
    RegistrationStatus,
    Role,
    Room,
    SignupStatus,
    Speaker,
    WorkshopSignup,
)
from eventapp.tokens import new_token
from tests.factories import local

SLUG = "duze-forum"
ITEMS = 500


def load(items: int = ITEMS) -> tuple[str, str]:
    """Create the event (if missing); return its slug and a participant's calendar token."""
    existing = db.session.query(Event).filter_by(slug=SLUG).one_or_none()
    if existing is not None:
        registration = db.session.query(Registration).filter_by(event_id=existing.id).first()
        return SLUG, registration.calendar_token
    start = date(2026, 10, 24)
    event = Event(slug=SLUG, title="Forum Ekonomii Społecznej — edycja duża", start_date=start,
                  end_date=start + timedelta(days=2), venue_name="Centrum Kongresowe",
                  venue_address="ul. Żeromskiego 12", venue_city="Łódź", status=EventStatus.PUBLISHED)
    rooms = [Room(event=event, name=f"Sala {n + 1}", position=n) for n in range(10)]
    speakers = [Speaker(name=f"Prelegentka Żaneta Ślęzak {n}", organisation=f"Fundacja nr {n}")
                for n in range(300)]
    db.session.add_all([event, *rooms, *speakers])
    kinds = [ItemKind.LECTURE, ItemKind.PANEL, ItemKind.WORKSHOP, ItemKind.BREAK]
    made = []
    for n in range(items):
        day = start + timedelta(days=n % 3)
        slot = (n // 3) // len(rooms)
        begins = local(day, 8) + timedelta(minutes=20 * slot)
        kind = kinds[n % len(kinds)]
        item = AgendaItem(event=event, room=rooms[(n // 3) % len(rooms)], kind=kind,
                          title=f"Punkt programu {n}: współpraca i źródła finansowania",
                          abstract="Omówimy zlecanie zadań publicznych organizacjom pozarządowym. " * 3,
                          start_dt=begins, end_dt=begins + timedelta(minutes=20),
                          requires_signup=kind == ItemKind.WORKSHOP)
        for position in range(3):
            role = Role.MODERATOR if position == 0 and kind == ItemKind.PANEL else Role.PANELIST
            item.speaker_roles.append(ItemSpeaker(speaker=speakers[(n * 3 + position) % len(speakers)],
                                                  role=role, position=position))
        made.append(item)
    db.session.add_all(made)
    registration = Registration(event=event, first_name="Zofia", last_name="Żółkiewska",
                                email="zofia@example.org", organisation_type=OrganisationType.NGO,
                                status=RegistrationStatus.CONFIRMED, manage_token=new_token(),
                                badge_code=new_token())
    db.session.add(registration)
    db.session.flush()
    for item in made[2:60:4]:
        db.session.add(WorkshopSignup(registration=registration, item=item, status=SignupStatus.CONFIRMED))
    db.session.commit()
    return SLUG, registration.calendar_token
