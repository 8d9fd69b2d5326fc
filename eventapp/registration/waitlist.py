"""Waiting lists: one rule for the event's seats and for a workshop's seats.

A queue is the rows competing for a number of seats (an event's registrations, an item's
workshop sign-ups). Whenever seats may have been freed or added — someone cancelled, the
organiser raised the capacity or the seat limit, a newcomer arrives — `fill_seats` gives
every free seat to the people waiting, in the order they joined, and queues their email.
The caller holds the row lock of the event (or item) and commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    Event,
    Registration,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.registration import emails


@dataclass(frozen=True)
class Queue:
    """Who competes for which seats: rows of `model` matching `scope`, `capacity` seats
    (None: no limit), and how a promoted row's person is told."""

    model: Any
    scope: Any
    capacity: int | None
    confirmed: Any
    waitlisted: Any
    tell: Callable[[Any], None]


def event_queue(event: Event) -> Queue:
    return Queue(Registration, Registration.event_id == event.id, event.capacity,
                 RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, emails.queue_promotion)


def item_queue(item: AgendaItem) -> Queue:
    return Queue(WorkshopSignup, WorkshopSignup.item_id == item.id, item.seat_limit,
                 SignupStatus.CONFIRMED, SignupStatus.WAITLISTED,
                 lambda signup: emails.queue_workshop_promotion(signup.registration, item))


def counts(queue: Queue) -> tuple[int, int]:
    """(seats taken, last waiting-list position) in one query."""
    model = queue.model
    confirmed, last = db.session.execute(
        select(func.count(case((model.status == queue.confirmed, 1))), func.max(model.waitlist_position))
        .where(queue.scope)
    ).one()
    return confirmed or 0, last or 0


def has_seat(capacity: int | None, confirmed: int) -> bool:
    return capacity is None or confirmed < capacity


def confirm(row: Any, queue: Queue) -> None:
    """Give the row its seat (and take it off the waiting list)."""
    row.status = queue.confirmed
    row.waitlist_position = None
    if isinstance(row, Registration):
        row.cancelled_at = None


def fill_seats(queue: Queue) -> list[Any]:
    """Give each free seat to the first person waiting, in order; email each. Returns them.

    (Only waiting rows hold a position, so no last position means nobody waits.)"""
    taken, last = counts(queue)
    if not last or not has_seat(queue.capacity, taken):
        return []
    waiting = (select(queue.model)
               .where(queue.scope, queue.model.status == queue.waitlisted)
               .order_by(queue.model.waitlist_position))
    if queue.capacity is not None:
        waiting = waiting.limit(queue.capacity - taken)
    promoted = list(db.session.scalars(waiting))
    for row in promoted:
        confirm(row, queue)
    if promoted:
        db.session.flush()
    for row in promoted:
        queue.tell(row)
    return promoted


def seats_taken(event_ids: list[int]) -> dict[int, int]:
    """Confirmed registrations per event, for many events in one query (event lists)."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count(Registration.id))
        .where(Registration.event_id.in_(event_ids), Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id)
    ).all()
    return dict(rows)
