"""iCalendar text for agenda items and events, built with the `icalendar` package.

Rules every entry follows (calendar clients depend on them to update rather than duplicate):
- UID from the item's id and a fixed domain: it survives moves, renames and slug changes;
- SEQUENCE, LAST-MODIFIED and DTSTAMP come from the item's change counter and time, so a
  feed built twice from the same data is byte-for-byte the same (strong ETags work);
- times carry the event's TZID, with a VTIMEZONE for each TZID used (see timezones.py);
- a cancelled item stays in the feed as STATUS:CANCELLED so that subscribed calendars drop it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent
from icalendar.prop import vDuration

from eventapp.feeds.timezones import vtimezone
from eventapp.feeds.urls import public_url, uid_domain
from eventapp.labels import label
from eventapp.models import AgendaItem, Event, EventStatus, ItemStatus, utcnow

PRODID = "-//eventapp//eventapp calendar feeds//PL"
# How often subscribed clients should look again (they treat it as a hint).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarInfo:
    """What a calendar says about itself: its name and where it comes from."""

    name: str
    description: str = ""
    source_url: str | None = None
    page_url: str | None = None


def item_uid(item: AgendaItem) -> str:
    return f"item-{item.id}@{uid_domain()}"


def event_uid(event: Event, day: date | None = None) -> str:
    suffix = f"-{day:%Y%m%d}" if day else ""
    return f"event-{event.id}{suffix}@{uid_domain()}"


def item_url(item: AgendaItem) -> str:
    return public_url("agenda.agenda", slug=item.event.slug) + f"#item-{item.id}"


def venue_text(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address, event.venue_city) if p)


def item_location(item: AgendaItem) -> str:
    room = item.room.name if item.room else ""
    return ", ".join(p for p in (room, venue_text(item.event)) if p)


def item_people(item: AgendaItem) -> list[str]:
    """'Moderator: dr Anna Nowak (Uniwersytet)', one line per person, in the agenda's order."""
    lines = []
    for part in item.speaker_roles:
        person = part.speaker.name
        if part.speaker.organisation:
            person += f" ({part.speaker.organisation})"
        lines.append(f"{label(part.role)}: {person}")
    return lines


def item_description(item: AgendaItem, url: str, status: ItemStatus) -> str:
    blocks = []
    if status == ItemStatus.CANCELLED:
        blocks.append(_("This item has been cancelled."))
    if item.abstract:
        blocks.append(item.abstract.strip())
    people = item_people(item)
    if people:
        blocks.append("\n".join(people))
    blocks.append(f"{item.event.title}\n{url}")
    return "\n\n".join(blocks)


def item_summary(item: AgendaItem, status: ItemStatus) -> str:
    # Some clients keep showing cancelled entries of subscribed feeds: say it in the title too.
    if status == ItemStatus.CANCELLED:
        return _("[Cancelled] %(title)s", title=item.title)
    return item.title


def item_status(item: AgendaItem, cancel_all: bool = False) -> ItemStatus:
    """Cancelled when the item, its whole event or (cancel_all) the reader's place is cancelled."""
    if cancel_all or item.event.status == EventStatus.CANCELLED:
        return ItemStatus.CANCELLED
    return item.status


def item_vevent(item: AgendaItem, *, url: str | None = None, tentative: bool = False,
                cancel_all: bool = False) -> VEvent:
    """One VEVENT for an agenda item, its times in the event's time zone."""
    tz = item.event.tz
    status = item_status(item, cancel_all)
    url = url or item_url(item)
    entry = VEvent()
    entry.add("uid", item_uid(item))
    entry.add("dtstamp", item.updated_at)
    entry.add("created", item.created_at)
    entry.add("last-modified", item.updated_at)
    entry.add("sequence", item.sequence or 0)
    entry.add("dtstart", item.start_dt.astimezone(tz))
    entry.add("dtend", item.end_dt.astimezone(tz))
    entry.add("summary", item_summary(item, status))
    entry.add("description", item_description(item, url, status))
    location = item_location(item)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("categories", [str(label(item.kind))])
    if status == ItemStatus.CANCELLED:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    entry.add("transp", "TRANSPARENT" if status == ItemStatus.CANCELLED else "OPAQUE")
    entry.add("class", "PUBLIC")
    return entry


def event_vevent(event: Event) -> VEvent:
    """One all-day VEVENT spanning an event's days (the site-wide list of events)."""
    url = public_url("public.event", slug=event.slug)
    changed = event.updated_at
    entry = VEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", changed)
    entry.add("created", event.created_at)
    entry.add("last-modified", changed)
    # Events keep no change counter; seconds since 2020 rise with every change all the same.
    entry.add("sequence", max(0, int((changed - datetime(2020, 1, 1, tzinfo=changed.tzinfo)).total_seconds())))
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + timedelta(days=1))
    cancelled = event.status == EventStatus.CANCELLED
    entry.add("summary", _("[Cancelled] %(title)s", title=event.title) if cancelled else event.title)
    entry.add("description", "\n\n".join(p for p in (event.summary, url) if p))
    if venue_text(event):
        entry.add("location", venue_text(event))
    entry.add("url", url)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("transp", "TRANSPARENT")
    entry.add("class", "PUBLIC")
    return entry


def _calendar(info: CalendarInfo, timezones: dict[str, tuple[date, date]], method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("name", info.name)
    cal.add("x-wr-calname", info.name)
    if info.description:
        cal.add("description", info.description)
        cal.add("x-wr-caldesc", info.description)
    if len(timezones) == 1:
        cal.add("x-wr-timezone", next(iter(timezones)))
    if info.source_url:
        cal.add("source", info.source_url, parameters={"VALUE": "URI"})
    if info.page_url:
        cal.add("url", info.page_url, parameters={"VALUE": "URI"})
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))  # unknown to icalendar: say it is a duration
    for tzid, (first, last) in sorted(timezones.items()):
        cal.add_component(vtimezone(tzid, first, last))
    return cal


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
    cal = _calendar(info, _zones_of(items), method)
    agenda_urls: dict[int, str] = {}
    for item in items:
        if item.event_id not in agenda_urls:
            agenda_urls[item.event_id] = public_url("agenda.agenda", slug=item.event.slug)
        url = f"{agenda_urls[item.event_id]}#item-{item.id}"
        cal.add_component(item_vevent(item, url=url, tentative=tentative, cancel_all=cancel_all))
    return cal.to_ical()


def events_calendar(info: CalendarInfo, events: list[Event]) -> bytes:
    """A calendar with one all-day entry per event."""
    cal = _calendar(info, {})
    for event in events:
        cal.add_component(event_vevent(event))
    return cal.to_ical()


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
        cal = _calendar(CalendarInfo(name=event.title, page_url=url), zones, method="PUBLISH")
        stamp = utcnow()
        status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
        lines = [event.summary, _("Agenda: %(url)s", url=public_url("agenda.agenda", slug=event.slug)), *notes]
        description = "\n\n".join(p for p in lines if p)
        days = event.days
        for number, day in enumerate(days, start=1):
            entry = VEvent()
            entry.add("uid", event_uid(event, day))
            entry.add("dtstamp", stamp)
            entry.add("last-modified", event.updated_at)
            entry.add("sequence", 0)
            if day in spans:
                entry.add("dtstart", spans[day][0].astimezone(tz))
                entry.add("dtend", spans[day][1].astimezone(tz))
            else:
                entry.add("dtstart", day)
                entry.add("dtend", day + timedelta(days=1))
            title = event.title
            if len(days) > 1:
                title = _("%(title)s (day %(num)d)", title=event.title, num=number)
            entry.add("summary", title)
            entry.add("description", description)
            if venue_text(event):
                entry.add("location", venue_text(event))
            entry.add("url", url)
            entry.add("status", status)
            entry.add("class", "PUBLIC")
            cal.add_component(entry)
        return cal.to_ical()
