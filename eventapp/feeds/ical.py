"""iCalendar text for agenda items and events.

Rules every entry follows (calendar clients depend on them to update rather than duplicate):
- UID from the item's id and a fixed domain: it survives moves, renames and slug changes;
- SEQUENCE, LAST-MODIFIED and DTSTAMP come from the item's change counter and time, so a
  feed built twice from the same data is byte-for-byte the same (strong ETags work);
- times carry the event's TZID, with a VTIMEZONE for each TZID used (see timezones.py);
- a cancelled item stays in the feed as STATUS:CANCELLED so that subscribed calendars drop it.

The VTIMEZONE components come from the `icalendar` package. Entries are written by the
small RFC 5545 writer below: icalendar's generic objects took about a second for a
500-item feed (most of it in folding lines character by character), this writer takes a
few tens of milliseconds. Tests read every feed back with icalendar and with vobject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.feeds.timezones import vtimezone_ical
from eventapp.feeds.urls import public_url, uid_domain
from eventapp.labels import label
from eventapp.models import AgendaItem, Event, EventStatus, ItemKind, ItemStatus, Role, utcnow

PRODID = "-//eventapp//eventapp calendar feeds//PL"
# How often subscribed clients should look again (they treat it as a hint): PT1H.
REFRESH = "PT1H"


# ---- the writer ----------------------------------------------------------------------

# Line breaks other than \r and \n (U+2028, U+2029, U+0085, \v, \f, \x1c-\x1e), which readers that
# split lines the Unicode way would take for the end of a content line; and the other control
# characters RFC 5545 forbids in TEXT.
_OTHER_BREAKS = re.compile("[\u2028\u2029\x85\x0b\x0c\x1c-\x1e]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks of every kind
    escaped as \\n; other control characters dropped."""
    if not value.isascii() or not value.isprintable():
        value = _CONTROLS.sub("", _OTHER_BREAKS.sub("\n", value))
    # Chained str.replace runs in C; str.translate with a dict is several times slower here.
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded at 75 octets without splitting a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _stamp(m: datetime) -> str:
    # Formatted by hand: strftime was the writer's single largest cost.
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def utc_stamp(moment: datetime) -> str:
    return _stamp(moment.astimezone(UTC)) + "Z"


class Writer:
    """Collects content lines; `bytes()` gives the calendar."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def line(self, name: str, value: str) -> None:
        """A property whose value is already in iCalendar form (no line breaks in it)."""
        self.chunks.append(fold(f"{name}:{value}"))

    def text(self, name: str, value: str) -> None:
        self.chunks.append(fold(f"{name}:{escape_text(value)}"))

    def utc(self, name: str, moment: datetime) -> None:
        self.chunks.append(f"{name}:{utc_stamp(moment)}\r\n".encode())

    def local(self, name: str, moment: datetime, tzid: str, tz) -> None:
        self.chunks.append(f"{name};TZID={tzid}:{_stamp(moment.astimezone(tz))}\r\n".encode())

    def day(self, name: str, value: date) -> None:
        self.chunks.append(f"{name};VALUE=DATE:{value:%Y%m%d}\r\n".encode())

    def raw(self, data: bytes) -> None:
        self.chunks.append(data)

    def __bytes__(self) -> bytes:
        return b"".join(self.chunks)


# ---- what entries say ----------------------------------------------------------------

@dataclass(frozen=True)
class CalendarInfo:
    """What a calendar says about itself: its name and where it comes from."""

    name: str
    description: str = ""
    source_url: str | None = None
    page_url: str | None = None


def item_uid(item: AgendaItem, domain: str | None = None) -> str:
    return f"item-{item.id}@{domain or uid_domain()}"


def event_uid(event: Event, day: date | None = None) -> str:
    suffix = f"-{day:%Y%m%d}" if day else ""
    return f"event-{event.id}{suffix}@{uid_domain()}"


def venue_text(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address, event.venue_city) if p)


@dataclass(frozen=True, slots=True)
class EventFacts:
    tzid: str
    tz: ZoneInfo
    title: str
    venue: str
    cancelled: bool
    agenda_url: str


class EntryContext:
    """What every entry of one feed shares, worked out once: translated names, the UID domain."""

    def __init__(self) -> None:
        self.roles = {role: str(label(role)) for role in Role}
        self.kinds = {kind: str(label(kind)) for kind in ItemKind}
        self.cancelled_note = _("This item has been cancelled.")
        self.cancelled_title = _("[Cancelled] %(title)s", title="\x00")
        self.uid_domain = uid_domain()
        self._events: dict[int, EventFacts] = {}

    def event(self, event: Event) -> EventFacts:
        """What entries repeat about their event, read from it once."""
        facts = self._events.get(event.id)
        if facts is None:
            facts = self._events[event.id] = EventFacts(
                event.timezone, event.tz, event.title, venue_text(event), event.status == EventStatus.CANCELLED,
                public_url("agenda.agenda", slug=event.slug),
            )
        return facts

    def cancelled(self, title: str) -> str:
        return self.cancelled_title.replace("\x00", title)


def item_people(item: AgendaItem, context: EntryContext | None = None) -> list[str]:
    """'Moderator: dr Anna Nowak (Uniwersytet)', one line per person, in the agenda's order."""
    names = context.roles if context else {role: str(label(role)) for role in Role}
    lines = []
    for part in item.speaker_roles:
        person = part.speaker.name
        if part.speaker.organisation:
            person += f" ({part.speaker.organisation})"
        lines.append(f"{names[part.role]}: {person}")
    return lines


def write_item(out: Writer, item: AgendaItem, context: EntryContext, *,
               tentative: bool = False, cancel_all: bool = False) -> None:
    """One VEVENT for an agenda item, its times in the event's time zone."""
    event = context.event(item.event)
    url = f"{event.agenda_url}#item-{item.id}"
    cancelled = cancel_all or event.cancelled or item.status == ItemStatus.CANCELLED
    blocks = [context.cancelled_note] if cancelled else []
    if item.abstract:
        blocks.append(item.abstract.strip())
    people = item_people(item, context)
    if people:
        blocks.append("\n".join(people))
    blocks.append(f"{event.title}\n{url}")

    out.raw(b"BEGIN:VEVENT\r\n")
    out.line("UID", item_uid(item, context.uid_domain))
    out.utc("DTSTAMP", item.updated_at)
    out.utc("CREATED", item.created_at)
    out.utc("LAST-MODIFIED", item.updated_at)
    out.line("SEQUENCE", str(item.sequence or 0))
    out.local("DTSTART", item.start_dt, event.tzid, event.tz)
    out.local("DTEND", item.end_dt, event.tzid, event.tz)
    # Some clients keep showing cancelled entries of subscribed feeds: say it in the title too.
    out.text("SUMMARY", context.cancelled(item.title) if cancelled else item.title)
    out.text("DESCRIPTION", "\n\n".join(blocks))
    location = ", ".join(p for p in (item.room.name if item.room else "", event.venue) if p)
    if location:
        out.text("LOCATION", location)
    out.line("URL", url)
    out.text("CATEGORIES", context.kinds[item.kind])
    out.line("STATUS", "CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED")
    out.line("TRANSP", "TRANSPARENT" if cancelled else "OPAQUE")
    out.line("CLASS", "PUBLIC")
    out.raw(b"END:VEVENT\r\n")


def change_sequence(changed: datetime) -> str:
    """A SEQUENCE for entries with no change counter of their own (an event, the days of the
    confirmation's .ics): seconds since 2020 rise with every change all the same."""
    return str(max(0, int((changed - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds())))


def write_event(out: Writer, event: Event) -> None:
    """One all-day VEVENT spanning an event's days (the site-wide list of events)."""
    url = public_url("public.event", slug=event.slug)
    changed = event.updated_at
    cancelled = event.status == EventStatus.CANCELLED
    out.raw(b"BEGIN:VEVENT\r\n")
    out.line("UID", event_uid(event))
    out.utc("DTSTAMP", changed)
    out.utc("CREATED", event.created_at)
    out.utc("LAST-MODIFIED", changed)
    out.line("SEQUENCE", change_sequence(changed))
    out.day("DTSTART", event.start_date)
    out.day("DTEND", event.end_date + timedelta(days=1))
    out.text("SUMMARY", _("[Cancelled] %(title)s", title=event.title) if cancelled else event.title)
    out.text("DESCRIPTION", "\n\n".join(p for p in (event.summary, url) if p))
    if venue_text(event):
        out.text("LOCATION", venue_text(event))
    out.line("URL", url)
    out.line("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    out.line("TRANSP", "TRANSPARENT")
    out.line("CLASS", "PUBLIC")
    out.raw(b"END:VEVENT\r\n")


def _begin_calendar(info: CalendarInfo, timezones: dict[str, tuple[date, date]],
                    method: str | None = None) -> Writer:
    out = Writer()
    out.raw(b"BEGIN:VCALENDAR\r\n")
    out.line("VERSION", "2.0")
    out.line("PRODID", PRODID)
    out.line("CALSCALE", "GREGORIAN")
    if method:
        out.line("METHOD", method)
    out.text("NAME", info.name)
    out.text("X-WR-CALNAME", info.name)
    if info.description:
        out.text("DESCRIPTION", info.description)
        out.text("X-WR-CALDESC", info.description)
    if len(timezones) == 1:
        out.line("X-WR-TIMEZONE", next(iter(timezones)))
    if info.source_url:
        out.line("SOURCE;VALUE=URI", info.source_url)
    if info.page_url:
        out.line("URL;VALUE=URI", info.page_url)
    out.line("REFRESH-INTERVAL;VALUE=DURATION", REFRESH)
    out.line("X-PUBLISHED-TTL", REFRESH)
    for tzid, (first, last) in sorted(timezones.items()):
        out.raw(vtimezone_ical(tzid, first, last))
    return out


def _zones_of(items: Iterable[AgendaItem]) -> dict[str, tuple[date, date]]:
    """Each time zone used, with the first and last day it is needed for."""
    zones: dict[str, tuple[date, date]] = {}
    for item in items:
        tzid = item.event.timezone
        first, last = item.start_dt.date(), item.end_dt.date()
        if tzid in zones:
            known = zones[tzid]
            zones[tzid] = (min(known[0], first), max(known[1], last))
        else:
            zones[tzid] = (first, last)
    return zones


def items_calendar(info: CalendarInfo, items: list[AgendaItem], *, tentative: bool = False,
                   cancel_all: bool = False, method: str | None = None) -> bytes:
    """A calendar of agenda items (from one event or several), as UTF-8 bytes.

    `tentative`: the reader is on a waiting list; `cancel_all`: the reader's place is cancelled,
    so every entry says so and subscribed calendars drop them.
    """
    out = _begin_calendar(info, _zones_of(items), method)
    context = EntryContext()
    for item in items:
        write_item(out, item, context, tentative=tentative, cancel_all=cancel_all)
    out.raw(b"END:VCALENDAR\r\n")
    return bytes(out)


def events_calendar(info: CalendarInfo, events: list[Event]) -> bytes:
    """A calendar with one all-day entry per event."""
    out = _begin_calendar(info, {})
    for event in events:
        write_event(out, event)
    out.raw(b"END:VCALENDAR\r\n")
    return bytes(out)


def event_invitation(event: Event, items: list[AgendaItem], *, language: str,
                     notes: Iterable[str] = ()) -> bytes:
    """The .ics attached to a sign-up confirmation: one entry per day of the event.

    Each day runs from the first to the last scheduled item of that day (all day when the
    agenda is empty), so a two-day forum does not block the night in between. METHOD:PUBLISH
    lets mail clients offer "add to calendar" without an invitation's reply buttons.
    """
    with force_locale(language):
        url = public_url("public.event", slug=event.slug)
        tz = event.tz
        spans: dict[date, list[datetime]] = {}
        for item in items:
            if item.status == ItemStatus.CANCELLED:
                continue
            day = item.start_dt.astimezone(tz).date()
            first_last = spans.setdefault(day, [item.start_dt, item.end_dt])
            first_last[0] = min(first_last[0], item.start_dt)
            first_last[1] = max(first_last[1], item.end_dt)
        zones = {event.timezone: (event.start_date, event.end_date)} if spans else {}
        out = _begin_calendar(CalendarInfo(name=event.title, page_url=url), zones, method="PUBLISH")
        stamp = utcnow()
        status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
        lines = [event.summary, _("Agenda: %(url)s", url=public_url("agenda.agenda", slug=event.slug)), *notes]
        description = "\n\n".join(p for p in lines if p)
        # A later copy (the link sent again after a move, or after the event was called off)
        # replaces the one a calendar already holds only if SEQUENCE rose.
        changed = max([event.updated_at, *(item.updated_at for item in items)])
        days = event.days
        for number, day in enumerate(days, start=1):
            out.raw(b"BEGIN:VEVENT\r\n")
            out.line("UID", event_uid(event, day))
            out.utc("DTSTAMP", stamp)
            out.utc("LAST-MODIFIED", changed)
            out.line("SEQUENCE", change_sequence(changed))
            if day in spans:
                out.local("DTSTART", spans[day][0], event.timezone, tz)
                out.local("DTEND", spans[day][1], event.timezone, tz)
            else:
                out.day("DTSTART", day)
                out.day("DTEND", day + timedelta(days=1))
            title = event.title
            if len(days) > 1:
                title = _("%(title)s (day %(num)d)", title=event.title, num=number)
            out.text("SUMMARY", title)
            out.text("DESCRIPTION", description)
            if venue_text(event):
                out.text("LOCATION", venue_text(event))
            out.line("URL", url)
            out.line("STATUS", status)
            out.line("CLASS", "PUBLIC")
            out.raw(b"END:VEVENT\r\n")
        out.raw(b"END:VCALENDAR\r\n")
        return bytes(out)
