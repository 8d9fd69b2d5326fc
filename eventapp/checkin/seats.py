"""A free workshop seat given at the workshop's door: staff seat someone who did not sign up
and check them in, as long as seats are free. People on the workshop's waiting list keep
their turn: a free seat goes to them in order, not to whoever reaches the door."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventapp.checkin.services import Door, ScanResult, check_in
from eventapp.extensions import db
from eventapp.models import Account, CheckInSource, Registration, SignupStatus, WorkshopSignup
from eventapp.registration.services import WorkshopRefused, drop_item, sign_up_for_item


class SeatRefused(Exception):
    """No seat can be given at this door; the message says why, for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def seats_left(door: Door) -> int | None:
    """Free seats in the door's workshop (None: no limit)."""
    if door.item is None or door.item.seat_limit is None:
        return None
    taken = db.session.scalar(
        select(func.count()).select_from(WorkshopSignup)
        .where(WorkshopSignup.item_id == door.item.id, WorkshopSignup.status == SignupStatus.CONFIRMED)
    ) or 0
    return max(door.item.seat_limit - taken, 0)


def _signup(door: Door, registration_id: int) -> WorkshopSignup | None:
    return db.session.scalar(select(WorkshopSignup).where(
        WorkshopSignup.registration_id == registration_id, WorkshopSignup.item_id == door.item.id))


def may_offer_seat(door: Door, registration: Registration) -> bool:
    """Whether staff may be offered to seat this person here: a workshop door with a free seat,
    and the person not waiting in its queue."""
    if not door.needs_signup:
        return False
    left = seats_left(door)
    if left is not None and left <= 0:
        return False
    signup = _signup(door, registration.id)
    return signup is None or signup.status == SignupStatus.CANCELLED


def seat_and_check_in(door: Door, registration_id: int, *, staff: Account | None, scan_id: str,
                      station: str | None, source: CheckInSource) -> ScanResult:
    """Give the person a free seat in the door's workshop and check them in; retried with the
    same scan id, the same answer. Raises SeatRefused when no seat can be given."""
    if not door.needs_signup:
        raise SeatRefused(_("This door is not a workshop with its own sign-up."))
    registration = db.session.scalar(
        select(Registration).where(Registration.id == registration_id, Registration.event_id == door.event.id))
    if registration is None:
        raise SeatRefused(_("We could not find that person."))
    signup = _signup(door, registration.id)
    if signup is not None and signup.status == SignupStatus.WAITLISTED:
        raise SeatRefused(_("%(name)s is on this workshop's waiting list: free seats go to the people "
                            "waiting, in order.", name=registration.full_name))
    if signup is None or signup.status != SignupStatus.CONFIRMED:
        left = seats_left(door)
        if left is not None and left <= 0:
            db.session.rollback()
            raise SeatRefused(_("There are no free seats left in this workshop."))
        try:
            status = sign_up_for_item(registration, door.item)
        except WorkshopRefused as refused:
            raise SeatRefused(refused.message) from None
        if status != SignupStatus.CONFIRMED:
            # Someone took the last seat meanwhile: do not leave them queued from the door.
            drop_item(registration, door.item)
            raise SeatRefused(_("There are no free seats left in this workshop."))
    return check_in(door, scan_id=scan_id, staff=staff, registration_id=registration.id,
                    station=station, source=source)
