"""Registration rules. Other features find and change registrations only through these functions.

Capacity is guarded by a row lock on the event (on the agenda item for workshops) taken
before counting: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite every transaction is
already BEGIN IMMEDIATE, which serialises writers the same way. Each public function that
changes something commits once and then starts delivering the emails it queued.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from eventapp.extensions import db
from eventapp.mail.outbox import deliver_after_commit
from eventapp.models import (
    AgendaItem,
    ConsentKind,
    ConsentText,
    Event,
    EventStatus,
    ItemStatus,
    OrganisationType,
    Registration,
    RegistrationConsent,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
    utcnow,
)
from eventapp.registration import emails, waitlist
from eventapp.tokens import looks_like_token, new_token, same_token

# The guard against overbooking. Only the concurrency test's control run switches it off,
# to show that the test can see a race at all.
LOCK_ROWS = True

# Bump when the wording of a consent changes: the new text is stored as a new version and
# earlier registrations keep pointing at the text they accepted.
CONSENT_VERSION = "2026-1"


class RegistrationError(Exception):
    """A refusal with a message for people (already translated)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class EventFull(RegistrationError):
    pass


class RegistrationClosed(RegistrationError):
    pass


class EmailTaken(RegistrationError):
    pass


class WorkshopRefused(RegistrationError):
    pass


class ItemClash(WorkshopRefused):
    """The item overlaps another item the participant has already picked."""

    def __init__(self, message: str, other: AgendaItem) -> None:
        super().__init__(message)
        self.other = other


@dataclass
class RegistrationDetails:
    first_name: str
    last_name: str
    email: str
    organisation: str
    organisation_type: OrganisationType
    position: str
    phone: str | None
    photo_consent: bool
    language: str
    # Stores the answers to the event's own questions in the sign-up's transaction; told whether
    # the registration is new (a cancelled one signing up again may hold earlier answers).
    store_answers: Callable[[Registration, bool], None] | None = None


@dataclass
class RegistrationOutcome:
    registration: Registration
    created: bool
    # What the sign-up page says: the new status, or None for an address already registered
    # (the page then says so, and the private link sent to that address tells the real status:
    # the page never claims a status that is not the person's, nor shows it to whoever typed it).
    answer: RegistrationStatus | None = field(default=RegistrationStatus.CONFIRMED)


# ---- lookups ---------------------------------------------------------------------------

def find_by_manage_token(event: Event, token: str) -> Registration | None:
    """The registration whose private link carries `token`, at this event; None otherwise."""
    if not looks_like_token(token):
        return None
    registration = db.session.scalar(
        select(Registration).where(Registration.manage_token == token, Registration.event_id == event.id)
    )
    if registration is None or not same_token(registration.manage_token, token):
        return None
    return registration


def private_page_url(registration: Registration) -> str:
    """The participant's private page (status, details, cancelling): bulk mail links it as the
    way to stop hearing from the event."""
    return emails.manage_url(registration)


def find_by_badge_code(code: str) -> Registration | None:
    """The registration whose QR badge carries `code` (at any event: the caller checks which)."""
    if not looks_like_token(code):
        return None
    registration = db.session.scalar(select(Registration).where(Registration.badge_code == code))
    if registration is None or not same_token(registration.badge_code, code):
        return None
    return registration


def normalise_email(address: str) -> str:
    return address.strip().lower()


# ---- the registration window -----------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """Whether sign-up is open, and if not why: `reason` is one of
    'draft', 'cancelled', 'finished', 'not_yet', 'closed', 'ended'."""

    open: bool
    reason: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None


def registration_window(event: Event, now: datetime | None = None) -> Window:
    """Sign-up is open for a published event inside its window (and before its last day ends)."""
    now = now or utcnow()
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if event.status == EventStatus.DRAFT:
        return Window(False, "draft", opens, closes)
    if event.status == EventStatus.CANCELLED:
        return Window(False, "cancelled", opens, closes)
    if event.status == EventStatus.FINISHED:
        return Window(False, "finished", opens, closes)
    if opens is not None and now < opens:
        return Window(False, "not_yet", opens, closes)
    if closes is not None and now >= closes:
        return Window(False, "closed", opens, closes)
    if now.astimezone(event.tz).date() > event.end_date:
        return Window(False, "ended", opens, closes)
    return Window(True, None, opens, closes)


# ---- consents --------------------------------------------------------------------------

def _consent_wording(kind: ConsentKind) -> str:
    if kind == ConsentKind.DATA_PROCESSING:
        return _(
            "I agree to the processing of my personal data given in this form by the organiser "
            "of the event for the purpose of registration, participation, attendance records "
            "and reporting to the event's funders. I may withdraw this consent, see, correct, "
            "download or delete my data at any time from my private page."
        )
    return _(
        "I agree to being photographed and filmed during the event and to the publication "
        "of these photos and recordings in materials about the event."
    )


def current_consent_text(kind: ConsentKind, language: str) -> ConsentText:
    """The current wording of a consent in a language, stored once per version (get or create)."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    query = select(ConsentText).where(
        ConsentText.kind == kind, ConsentText.version == CONSENT_VERSION, ConsentText.language == language
    )
    text = db.session.scalar(query)
    if text is not None:
        return text
    with force_locale(language):
        wording = _consent_wording(kind)
    try:
        with db.session.begin_nested():
            text = ConsentText(kind=kind, version=CONSENT_VERSION, language=language, text=wording)
            db.session.add(text)
    except IntegrityError:
        # Another sign-up stored this version a moment ago.
        text = db.session.scalar(query)
    return text


def consent_wordings(language: str) -> dict[ConsentKind, str]:
    """The current wording of each consent in a language, exactly as it will be stored
    (the stored text of this version when there is one), without writing anything."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    stored = dict(db.session.execute(
        select(ConsentText.kind, ConsentText.text)
        .where(ConsentText.version == CONSENT_VERSION, ConsentText.language == language)
    ).all())
    with force_locale(language):
        return {kind: stored.get(kind) or _consent_wording(kind) for kind in ConsentKind}


def _record_consents(registration: Registration, data_text: ConsentText | None, photos: bool) -> None:
    texts = [data_text or current_consent_text(ConsentKind.DATA_PROCESSING, registration.language)]
    if photos:
        texts.append(current_consent_text(ConsentKind.PHOTOS, registration.language))
    given = {c.consent_text_id for c in registration.consents} if registration.id else set()
    for text in texts:
        if text.id not in given:
            registration.consents.append(RegistrationConsent(consent_text=text))


# ---- locks and counts ------------------------------------------------------------------

def _lock_event(event: Event) -> EventStatus:
    """Lock the event row (see the module's docstring) and answer its status as it is now."""
    query = select(Event.status).where(Event.id == event.id)
    return db.session.scalar(query.with_for_update() if LOCK_ROWS else query)


def lock_event_row(event: Event) -> None:
    """Take the event's row lock for the rest of the caller's transaction (see the module's docstring)."""
    _lock_event(event)


def _lock_open_event(event: Event) -> None:
    """Lock the event row; raise `RegistrationClosed` when it has been cancelled meanwhile."""
    if _lock_event(event) == EventStatus.CANCELLED:
        db.session.rollback()
        raise RegistrationClosed(_("This event has been cancelled, so registration is closed."))


def _lock_item(item: AgendaItem) -> None:
    if LOCK_ROWS:
        db.session.execute(select(AgendaItem.id).where(AgendaItem.id == item.id).with_for_update())


def _lock_registration(registration: Registration) -> None:
    if LOCK_ROWS:
        db.session.execute(select(Registration.id).where(Registration.id == registration.id).with_for_update())


def _event_counts(event: Event) -> tuple[int, int]:
    """(confirmed, last waiting-list position) in one query."""
    return waitlist.counts(waitlist.event_queue(event))


def _item_counts(item: AgendaItem) -> tuple[int, int]:
    return waitlist.counts(waitlist.item_queue(item))


_has_seat = waitlist.has_seat


def seats_left(event: Event) -> int | None:
    """Free seats at the event (None: no limit)."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - _event_counts(event)[0])


def _confirm(registration: Registration) -> None:
    waitlist.confirm(registration, waitlist.event_queue(registration.event))


def _waitlist(registration: Registration, last_position: int) -> None:
    registration.status = RegistrationStatus.WAITLISTED
    registration.waitlist_position = last_position + 1
    registration.cancelled_at = None


def _finish() -> None:
    db.session.commit()
    deliver_after_commit()


# ---- signing up ------------------------------------------------------------------------

def _new_registration(event: Event, details: RegistrationDetails, source: RegistrationSource) -> Registration:
    return Registration(
        event=event,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=normalise_email(details.email),
        organisation=details.organisation.strip(),
        organisation_type=details.organisation_type,
        position=details.position.strip(),
        phone=(details.phone or "").strip() or None,
        photo_consent=details.photo_consent,
        language=details.language,
        source=source,
        manage_token=new_token(),
        badge_code=new_token(),
    )


def _existing(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.email == normalise_email(email))
    )


def register(event: Event, details: RegistrationDetails, *, source: RegistrationSource = RegistrationSource.ONLINE,
             override_capacity: bool = False, data_consent_text: ConsentText | None = None) -> RegistrationOutcome:
    """Sign someone up: a seat if one is free, else the end of the waiting list; emails them.

    The same address again creates nothing: the private link, which tells the real status, is
    sent to it once more (answer None). A cancelled registration signs up afresh. Seats freed
    meanwhile go to the people waiting first, so a newcomer never overtakes the queue.
    Raises `RegistrationClosed` when the event was cancelled meanwhile (after the page's window check).
    """
    _lock_open_event(event)
    confirmed, last_position = _event_counts(event)
    if last_position and _has_seat(event.capacity, confirmed):
        promote_from_waitlist(event)
        confirmed, last_position = _event_counts(event)
    seat = override_capacity or _has_seat(event.capacity, confirmed)
    answer = RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED
    registration = _existing(event, details.email)
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        emails.queue_link(registration)
        _finish()
        return RegistrationOutcome(registration, False, None)
    fresh = registration is None
    if registration is None:
        registration = _new_registration(event, details, source)
        db.session.add(registration)
    else:
        _apply_details(registration, details)
        registration.source = source
    if seat:
        _confirm(registration)
    else:
        _waitlist(registration, last_position)
    _record_consents(registration, data_consent_text, details.photo_consent)
    db.session.flush()
    if details.store_answers is not None:
        details.store_answers(registration, fresh)
    emails.queue_welcome(registration)
    try:
        _finish()
    except IntegrityError:
        # Only without the lock (or a twin request racing past it): the address won.
        db.session.rollback()
        registration = _existing(event, details.email)
        if registration is None:
            raise
        return RegistrationOutcome(registration, False, None)
    return RegistrationOutcome(registration, True, answer)


def register_walk_in(event: Event, details: RegistrationDetails, *, override_capacity: bool = False) -> Registration:
    """Someone signed up at the desk: a seat now or `EventFull` (walk-ins never wait in a list).

    Raises `RegistrationClosed` once the event is cancelled."""
    _lock_open_event(event)
    confirmed, _last = _event_counts(event)
    seat = override_capacity or _has_seat(event.capacity, confirmed)
    registration = _existing(event, details.email)
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        db.session.rollback()
        return registration
    if not seat:
        db.session.rollback()
        raise EventFull(_("There are no free seats left."))
    if registration is None:
        registration = _new_registration(event, details, RegistrationSource.WALK_IN)
        db.session.add(registration)
    else:
        _apply_details(registration, details)
        registration.source = RegistrationSource.WALK_IN
    _confirm(registration)
    _record_consents(registration, None, details.photo_consent)
    db.session.flush()
    emails.queue_welcome(registration)
    _finish()
    return registration


def _apply_details(registration: Registration, details: RegistrationDetails) -> None:
    registration.first_name = details.first_name.strip()
    registration.last_name = details.last_name.strip()
    registration.organisation = details.organisation.strip()
    registration.organisation_type = details.organisation_type
    registration.position = details.position.strip()
    registration.phone = (details.phone or "").strip() or None
    registration.photo_consent = details.photo_consent
    registration.language = details.language


# ---- the event called off -------------------------------------------------------------

def _to_tell(event: Event):
    return (select(Registration)
            .where(Registration.event_id == event.id, Registration.anonymised_at.is_(None),
                   Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)))
            .order_by(Registration.id))


def count_to_tell(event: Event) -> int:
    """How many people an event's cancellation would reach (confirmed and waiting, not erased)."""
    return db.session.scalar(select(func.count()).select_from(_to_tell(event).subquery())) or 0


def tell_event_cancelled(event: Event, message: str | None) -> int:
    """Queue the cancellation notice for everyone still registered; the caller commits. Returns how many."""
    people = list(db.session.scalars(_to_tell(event)))
    for registration in people:
        emails.queue_event_cancelled(registration, message)
    return len(people)


# ---- the waiting list ------------------------------------------------------------------

def promote_from_waitlist(event: Event) -> list[Registration]:
    """Give every free seat to the people waiting, in order, and queue their emails.

    The caller holds the event lock and commits."""
    return waitlist.fill_seats(waitlist.event_queue(event))


def fill_from_waitlist(event: Event) -> list[Registration]:
    """Promote waiting people while seats are free (after the organiser raised the capacity)."""
    _lock_event(event)
    promoted = promote_from_waitlist(event)
    _finish()
    return promoted


def fill_item_from_waitlist(item: AgendaItem) -> list[WorkshopSignup]:
    """Give a workshop's free seats to the people waiting for it (the caller holds its lock and commits)."""
    return waitlist.fill_seats(waitlist.item_queue(item))


def promote(registration: Registration, *, override_capacity: bool = False) -> None:
    """An organiser moves someone off the waiting list by hand (over capacity only when told)."""
    event = registration.event
    _lock_event(event)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.WAITLISTED:
        db.session.rollback()
        raise RegistrationError(_("Only people on the waiting list can be promoted."))
    confirmed, _last = _event_counts(event)
    if not override_capacity and not _has_seat(event.capacity, confirmed):
        db.session.rollback()
        raise EventFull(_("There are no free seats left."))
    _confirm(registration)
    db.session.flush()
    emails.queue_promotion(registration)
    _finish()


def _cancel(registration: Registration, *, notify: bool) -> None:
    """Cancel without committing: frees workshop seats and the event seat (promoting others)."""
    event = registration.event
    _lock_event(event)
    db.session.refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = utcnow()
    _release_workshops(registration)
    db.session.flush()
    if notify:
        emails.queue_cancellation(registration)
    if was_confirmed:
        promote_from_waitlist(event)


def cancel(registration: Registration) -> None:
    """The participant (or an organiser) cancels: the seat goes to the first person waiting."""
    _cancel(registration, notify=True)
    _finish()


def change_status(registration: Registration, status: RegistrationStatus, *,
                  override_capacity: bool = False) -> None:
    """An organiser sets a status: cancelled (seat passed on), confirmed (if a seat is free,
    or over capacity when told), or waiting list (at its end; the seat passed on)."""
    status = RegistrationStatus(status)
    if status == RegistrationStatus.CANCELLED:
        cancel(registration)
        return
    event = registration.event
    _lock_event(event)
    db.session.refresh(registration)
    if registration.status == status:
        db.session.rollback()
        return
    confirmed, last_position = _event_counts(event)
    if status == RegistrationStatus.CONFIRMED:
        if not override_capacity and not _has_seat(event.capacity, confirmed):
            db.session.rollback()
            raise EventFull(_("There are no free seats left."))
        _confirm(registration)
        db.session.flush()
        emails.queue_promotion(registration)
    else:
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        _waitlist(registration, last_position)
        db.session.flush()
        emails.queue_welcome(registration)
        if was_confirmed:
            promote_from_waitlist(event)
    _finish()


EDITABLE = ("first_name", "last_name", "email", "organisation", "organisation_type", "position", "phone",
            "photo_consent", "language")


def update_details(registration: Registration, **fields) -> None:
    """Correct a participant's details (names in EDITABLE); tells them by email."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    if "email" in fields:
        fields["email"] = normalise_email(fields["email"])
    if "phone" in fields:
        fields["phone"] = (fields["phone"] or "").strip() or None
    for name in ("first_name", "last_name", "organisation", "position"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    changed = {name: value for name, value in fields.items() if getattr(registration, name) != value}
    if not changed:
        return
    if changed.get("photo_consent"):
        _record_consents(registration, None, True)
    for name, value in changed.items():
        setattr(registration, name, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken(_("This email address is already registered for the event.")) from None
    emails.queue_details_changed(registration)
    _finish()


def resend_link(registration: Registration) -> None:
    """Send the private link to the participant's address again."""
    emails.queue_link(registration)
    _finish()


def resend_link_by_email(event: Event, address: str) -> None:
    """The 'lost my link' form: sends it if the address is registered (the caller answers the
    same either way). The message is built either way, for a stand-in when nobody has the
    address, and then dropped, so the time taken does not tell whether the address is registered."""
    registration = _existing(event, address)
    if registration is None or registration.anonymised_at is not None:
        emails.queue_link(_stand_in(event, address))
        db.session.rollback()  # the stand-in's message is never stored nor sent
        return
    resend_link(registration)


def _stand_in(event: Event, address: str) -> Registration:
    """A confirmed registration that exists nowhere (never added to the session)."""
    stand_in = Registration(first_name="", last_name="", email=normalise_email(address), organisation="",
                            position="", status=RegistrationStatus.CONFIRMED, manage_token=new_token(),
                            badge_code=new_token(), calendar_token=new_token(),
                            language=current_app.config["BABEL_DEFAULT_LOCALE"])
    # Without the relationship's cascade: assigning it would add the stand-in to the session.
    set_committed_value(stand_in, "event", event)
    return stand_in


def delete_registration(registration: Registration) -> None:
    """GDPR delete: cancel (passing the seat on), then anonymise what identifies the person."""
    from eventapp.privacy.services import anonymise_registrations

    _cancel(registration, notify=False)
    anonymise_registrations([registration])
    _finish()


# ---- workshops -------------------------------------------------------------------------

def _overlapping_pick(registration: Registration, item: AgendaItem) -> AgendaItem | None:
    return db.session.scalar(
        select(AgendaItem)
        .join(WorkshopSignup, WorkshopSignup.item_id == AgendaItem.id)
        .where(
            WorkshopSignup.registration_id == registration.id,
            WorkshopSignup.status.in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
            AgendaItem.id != item.id,
            AgendaItem.status == ItemStatus.SCHEDULED,
            AgendaItem.start_dt < item.end_dt,
            AgendaItem.end_dt > item.start_dt,
        )
        .order_by(AgendaItem.start_dt).limit(1)
    )


def sign_up_for_item(registration: Registration, item: AgendaItem) -> SignupStatus:
    """Pick an item that needs its own sign-up: a seat if free, else its waiting list.

    Refuses items of another event, items without own sign-up, cancelled items, and items
    that overlap another pick (`ItemClash`). Picking the same item twice changes nothing.
    """
    if item.event_id != registration.event_id or not item.requires_signup:
        raise WorkshopRefused(_("This item has no sign-up of its own."))
    if item.status != ItemStatus.SCHEDULED:
        raise WorkshopRefused(_("This item has been cancelled."))
    if registration.event.status == EventStatus.CANCELLED:
        raise WorkshopRefused(_("This event has been cancelled: it will not take place."))
    _lock_registration(registration)
    _lock_item(item)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        db.session.rollback()
        raise WorkshopRefused(_("Workshops can be picked once your place at the event is confirmed."))
    signup = db.session.scalar(
        select(WorkshopSignup).where(WorkshopSignup.registration_id == registration.id,
                                     WorkshopSignup.item_id == item.id)
    )
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        status = signup.status
        db.session.rollback()
        return status
    other = _overlapping_pick(registration, item)
    if other is not None:
        db.session.rollback()
        raise ItemClash(_("This overlaps with %(title)s, which you have already picked.", title=other.title), other)
    confirmed, last_position = _item_counts(item)
    if last_position and _has_seat(item.seat_limit, confirmed):
        fill_item_from_waitlist(item)
        confirmed, last_position = _item_counts(item)
    if signup is None:
        signup = WorkshopSignup(registration_id=registration.id, item_id=item.id)
        db.session.add(signup)
    if _has_seat(item.seat_limit, confirmed):
        signup.status, signup.waitlist_position = SignupStatus.CONFIRMED, None
    else:
        signup.status, signup.waitlist_position = SignupStatus.WAITLISTED, last_position + 1
    status = signup.status
    _finish()
    return status


def _release_workshops(registration: Registration) -> None:
    signups = db.session.scalars(
        select(WorkshopSignup).where(
            WorkshopSignup.registration_id == registration.id,
            WorkshopSignup.status.in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
        ).order_by(WorkshopSignup.item_id)
    ).all()
    for signup in signups:
        _lock_item(signup.item)
        had_seat = signup.status == SignupStatus.CONFIRMED
        signup.status, signup.waitlist_position = SignupStatus.CANCELLED, None
        db.session.flush()
        if had_seat:
            fill_item_from_waitlist(signup.item)


def drop_item(registration: Registration, item: AgendaItem) -> None:
    """Give up a workshop pick; a freed seat goes to the first person waiting for it."""
    _lock_item(item)
    signup = db.session.scalar(
        select(WorkshopSignup).where(WorkshopSignup.registration_id == registration.id,
                                     WorkshopSignup.item_id == item.id)
    )
    if signup is None or signup.status == SignupStatus.CANCELLED:
        db.session.rollback()
        return
    had_seat = signup.status == SignupStatus.CONFIRMED
    signup.status, signup.waitlist_position = SignupStatus.CANCELLED, None
    db.session.flush()
    if had_seat:
        fill_item_from_waitlist(item)
    _finish()


@dataclass
class WorkshopChoice:
    item: AgendaItem
    seats_left: int | None
    status: SignupStatus | None  # this participant's pick, None when not picked
    clashes_with: AgendaItem | None = None  # a picked item at an overlapping time (not picked ones only)


def workshop_choices(registration: Registration) -> list[WorkshopChoice]:
    """The event's items that need a sign-up, with seats left and this person's picks (two queries)."""
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.event_id == registration.event_id, AgendaItem.requires_signup.is_(True),
               AgendaItem.status == ItemStatus.SCHEDULED)
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    ).all()
    if not items:
        return []
    rows = db.session.execute(
        select(
            WorkshopSignup.item_id,
            func.count(case((WorkshopSignup.status == SignupStatus.CONFIRMED, 1))),
            func.max(case((WorkshopSignup.registration_id == registration.id, WorkshopSignup.status))),
        )
        .where(WorkshopSignup.item_id.in_([i.id for i in items]))
        .group_by(WorkshopSignup.item_id)
    ).all()
    counts = {item_id: (taken, mine) for item_id, taken, mine in rows}
    choices = []
    for item in items:
        taken, mine = counts.get(item.id, (0, None))
        left = None if item.seat_limit is None else max(0, item.seat_limit - taken)
        mine = SignupStatus(mine) if mine else None
        choices.append(WorkshopChoice(item, left, None if mine == SignupStatus.CANCELLED else mine))
    picked = [c.item for c in choices if c.status is not None]
    for choice in choices:
        if choice.status is None:
            choice.clashes_with = next((p for p in picked if p.start_dt < choice.item.end_dt
                                        and p.end_dt > choice.item.start_dt), None)
    return choices


def find_event_item(registration: Registration, item_id: int) -> AgendaItem | None:
    """An item of the registration's event (None for another event's item)."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != registration.event_id:
        return None
    return item
