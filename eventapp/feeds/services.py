"""Calendar feeds: which items each feed holds, who may read the private ones, their URLs.

Other features call these to show links and attach calendars:
- `participant_feed_urls(registration)` and `speaker_feed_urls(speaker)` for the private page
  and the speaker portal (the secret in these URLs is read-only: never the manage_token);
- `event_feed_urls(event)`, `room_feed_urls(room)`, `site_feed_urls()` for public pages;
- `invitation_attachment(event, registration)` for the sign-up confirmation email;
- `renew_participant_calendar_token` / `renew_speaker_calendar_token` when a link leaked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from eventapp.extensions import db
from eventapp.feeds import ical
from eventapp.feeds.entries import Entry, load_entries
from eventapp.feeds.urls import public_url, webcal
from eventapp.mail.outbox import Attachment
from eventapp.models import (
    AgendaItem,
    Event,
    EventStatus,
    ItemSpeaker,
    Registration,
    RegistrationStatus,
    Room,
    SignupStatus,
    Speaker,
    WorkshopSignup,
)
from eventapp.tokens import looks_like_token, new_token, same_token


@dataclass(frozen=True)
class FeedUrls:
    """A subscribable feed: `webcal` opens the calendar app, `https` is for copying."""

    webcal: str
    https: str


@dataclass(frozen=True)
class Feed:
    """A built calendar and the validators for conditional requests."""

    body: bytes
    last_modified: datetime | None
    filename: str = "calendar.ics"

    @property
    def etag(self) -> str:
        # A hash of the very bytes served: any change anywhere (a room renamed) changes it.
        return hashlib.sha256(self.body).hexdigest()[:32]


def _feed_urls(endpoint: str, **values) -> FeedUrls:
    url = public_url(endpoint, **values)
    return FeedUrls(webcal=webcal(url), https=url)


def _language_arg() -> dict:
    """?lang= for public feed links when the page is not in the default language."""
    if not has_request_context():
        return {}
    locale = str(get_locale() or "")
    return {"lang": locale} if locale and locale != current_app.config["BABEL_DEFAULT_LOCALE"] else {}


# ---- reading items -------------------------------------------------------------------

def _last_modified(items: list[Entry] | list[AgendaItem], *others: datetime | None) -> datetime | None:
    """The latest change among the items, their people and the given objects."""
    moments = [m for m in others if m is not None]
    for item in items:
        moments.append(item.updated_at)
        moments.extend(part.speaker.updated_at for part in item.speaker_roles)
    return max(moments) if moments else None


def find_public_event(slug: str) -> Event | None:
    """An event the public may see (not a draft)."""
    return db.session.scalar(select(Event).where(Event.slug == slug, Event.status != EventStatus.DRAFT))


def event_items(event: Event) -> list[Entry]:
    """Every item of the event, in agenda order."""
    return load_entries(select(AgendaItem.id).where(AgendaItem.event_id == event.id), {event.id: event})


def event_feed(event: Event) -> Feed:
    """Every item of the event, cancelled ones included (as cancelled)."""
    items = event_items(event)
    info = ical.CalendarInfo(
        name=event.title,
        description=_("Agenda of %(title)s", title=event.title),
        source_url=public_url("feeds.event_feed", slug=event.slug, **_language_arg()),
        page_url=public_url("agenda.agenda", slug=event.slug),
    )
    return Feed(ical.items_calendar(info, items), _last_modified(items, event.updated_at),
                f"{event.slug}.ics")


def find_room(event: Event, room_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.id == room_id, Room.event_id == event.id))


def event_rooms(event: Event) -> list[Room]:
    """The event's rooms in their agenda order."""
    return list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)))


def room_feed(event: Event, room: Room) -> Feed:
    """The items held in one room."""
    items = load_entries(
        select(AgendaItem.id).where(AgendaItem.event_id == event.id, AgendaItem.room_id == room.id),
        {event.id: event},
    )
    info = ical.CalendarInfo(
        name=f"{event.title} · {room.name}",
        description=_("Agenda of %(title)s in %(room)s", title=event.title, room=room.name),
        source_url=public_url("feeds.room_feed", slug=event.slug, room_id=room.id, **_language_arg()),
        page_url=public_url("agenda.agenda", slug=event.slug),
    )
    return Feed(ical.items_calendar(info, items), _last_modified(items, event.updated_at),
                f"{event.slug}-{room.id}.ics")


def find_item(event: Event, item_id: int) -> Entry | None:
    entries = load_entries(
        select(AgendaItem.id).where(AgendaItem.id == item_id, AgendaItem.event_id == event.id), {event.id: event}
    )
    return entries[0] if entries else None


def item_feed(item: Entry) -> Feed:
    """One item as a file to open in a calendar app ("add to calendar")."""
    info = ical.CalendarInfo(name=item.event.title, page_url=public_url("agenda.agenda", slug=item.event.slug))
    return Feed(ical.items_calendar(info, [item], method="PUBLISH"), _last_modified([item]),
                f"{item.event.slug}-{item.id}.ics")


def site_feed() -> Feed:
    """Every event the public may see, one all-day entry each (cancelled ones as cancelled)."""
    events = list(db.session.scalars(
        select(Event).where(Event.status != EventStatus.DRAFT).order_by(Event.start_date, Event.id)
    ))
    info = ical.CalendarInfo(
        name=_("Events"),
        description=_("All events published on %(site)s", site=public_url("public.index")),
        source_url=public_url("feeds.site_feed", **_language_arg()),
        page_url=public_url("public.index"),
    )
    last = max((e.updated_at for e in events), default=None)
    return Feed(ical.events_calendar(info, events), last, "events.ics")


# ---- private feeds -------------------------------------------------------------------

def find_registration_by_calendar_token(token: str) -> Registration | None:
    """The registration whose calendar URL carries `token` (None for anything else)."""
    if not looks_like_token(token):
        return None
    registration = db.session.scalar(select(Registration).where(Registration.calendar_token == token))
    if registration is None or not same_token(registration.calendar_token, token):
        return None
    if registration.anonymised_at is not None:
        return None
    return registration


def find_speaker_by_calendar_token(token: str) -> Speaker | None:
    """The speaker whose calendar URL carries `token` (None for anything else)."""
    if not looks_like_token(token):
        return None
    speaker = db.session.scalar(select(Speaker).where(Speaker.calendar_token == token))
    if speaker is None or not same_token(speaker.calendar_token, token):
        return None
    return speaker


def participant_items(registration: Registration) -> list[Entry]:
    """Plenary items (no separate sign-up) and the workshops with a confirmed seat."""
    # The seat list is read here in one subquery rather than item by item through the
    # registration feature, so that the feed keeps a fixed number of queries.
    confirmed_seats = select(WorkshopSignup.item_id).where(
        WorkshopSignup.registration_id == registration.id,
        WorkshopSignup.status == SignupStatus.CONFIRMED,
    )
    return load_entries(
        select(AgendaItem.id).where(
            AgendaItem.event_id == registration.event_id,
            or_(AgendaItem.requires_signup.is_(False), AgendaItem.id.in_(confirmed_seats)),
        ),
        {registration.event_id: registration.event},
    )


def participant_feed(registration: Registration) -> Feed:
    """A participant's own agenda, in their language.

    A cancelled registration keeps its feed, with every entry cancelled, so that subscribed
    calendars clear themselves; on the waiting list the entries are tentative.
    """
    event = registration.event
    items = participant_items(registration)
    with force_locale(_feed_language(registration.language)):
        info = ical.CalendarInfo(
            name=_("%(title)s: my agenda", title=event.title),
            description=_("Your agenda at %(title)s", title=event.title),
            page_url=public_url("agenda.agenda", slug=event.slug),
        )
        body = ical.items_calendar(
            info, items,
            cancel_all=registration.status == RegistrationStatus.CANCELLED,
            tentative=registration.status == RegistrationStatus.WAITLISTED,
        )
    return Feed(body, _last_modified(items, event.updated_at, registration.updated_at))


def speaker_items(speaker: Speaker) -> list[Entry]:
    """Every item the speaker takes part in, at every event the public may see."""
    return load_entries(
        select(AgendaItem.id)
        .join(ItemSpeaker, ItemSpeaker.item_id == AgendaItem.id)
        .join(Event, Event.id == AgendaItem.event_id)
        .where(ItemSpeaker.speaker_id == speaker.id, Event.status != EventStatus.DRAFT)
    )


def speaker_feed(speaker: Speaker) -> Feed:
    items = speaker_items(speaker)
    language = speaker.account.language if speaker.account else None
    with force_locale(_feed_language(language)):
        info = ical.CalendarInfo(
            name=_("%(name)s: my sessions", name=speaker.name),
            description=_("Sessions in which %(name)s takes part", name=speaker.name),
        )
        body = ical.items_calendar(info, items)
    return Feed(body, _last_modified(items, speaker.updated_at))


def _feed_language(preferred: str | None) -> str:
    """?lang= wins; then the person's own language; then the default."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang") if has_request_context() else None
    for candidate in (asked, preferred):
        if candidate is not None and candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def participant_feed_urls(registration: Registration) -> FeedUrls:
    """The participant's personal feed, for their private page and emails."""
    return _feed_urls("feeds.participant_feed", token=registration.calendar_token)


def speaker_feed_urls(speaker: Speaker) -> FeedUrls:
    """The speaker's feed of their sessions, for the speaker portal."""
    return _feed_urls("feeds.speaker_feed", token=speaker.calendar_token)


def renew_participant_calendar_token(registration: Registration) -> FeedUrls:
    """Replace a leaked calendar link: the old URL stops working at once."""
    registration.calendar_token = new_token()
    db.session.commit()
    return participant_feed_urls(registration)


def renew_speaker_calendar_token(speaker: Speaker) -> FeedUrls:
    """Replace a leaked calendar link: the old URL stops working at once."""
    speaker.calendar_token = new_token()
    db.session.commit()
    return speaker_feed_urls(speaker)


# ---- public links --------------------------------------------------------------------

def event_feed_urls(event: Event) -> FeedUrls:
    return _feed_urls("feeds.event_feed", slug=event.slug, **_language_arg())


def room_feed_urls(room: Room) -> FeedUrls:
    return _feed_urls("feeds.room_feed", slug=room.event.slug, room_id=room.id, **_language_arg())


def site_feed_urls() -> FeedUrls:
    return _feed_urls("feeds.site_feed", **_language_arg())


def item_download_url(item: AgendaItem, event: Event) -> str:
    """The .ics file of one item (a relative URL, for pages)."""
    return url_for("feeds.item_file", slug=event.slug, item_id=item.id, **_language_arg())


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(item: AgendaItem, event: Event) -> str:
    """A link that opens Google Calendar's "new event" form filled in with the item."""
    page = public_url("agenda.agenda", slug=event.slug) + f"#item-{item.id}"
    details = "\n\n".join(p for p in (item.abstract.strip(), "\n".join(ical.item_people(item)), page) if p)
    room = item.room.name if item.room else ""
    query = {
        "action": "TEMPLATE",
        "text": item.title,
        "dates": f"{_google_time(item.start_dt)}/{_google_time(item.end_dt)}",
        "ctz": event.timezone,
        "details": details,
        "location": ", ".join(p for p in (room, ical.venue_text(event)) if p),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


# ---- the confirmation email ----------------------------------------------------------

def event_invitation(event: Event, registration: Registration | None = None) -> bytes:
    """The .ics for a sign-up confirmation: the event's days, with the personal feed link."""
    language = registration.language if registration else current_app.config["BABEL_DEFAULT_LOCALE"]
    items = event_items(event)
    with force_locale(language):
        notes = []
        if registration is not None:
            notes.append(_("Your agenda as a calendar feed: %(url)s",
                           url=participant_feed_urls(registration).https))
        return ical.event_invitation(event, items, language=language, notes=notes)


def invitation_attachment(event: Event, registration: Registration | None = None) -> Attachment:
    """`event_invitation` ready for `mail.outbox.queue_email(attachments=[...])`."""
    # The part names the METHOD the calendar holds (RFC 6047), and its charset.
    return Attachment(f"{event.slug}.ics", "text/calendar; method=PUBLISH", event_invitation(event, registration))
