"""Test data around a daylight-saving change, and parsing feeds with two independent parsers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
import vobject

from eventapp.extensions import db
from eventapp.models import ItemKind, ItemStatus, Role, SignupStatus, WorkshopSignup
from tests.factories import local, make_event, make_item, make_registration, make_room, make_speaker

# Warsaw leaves summer time at 03:00 on Sunday 25 October 2026 (CEST +02:00 -> CET +01:00).
DAY1 = date(2026, 10, 24)
DAY2 = date(2026, 10, 25)


@dataclass
class DstEvent:
    """Ids of what `dst_event` made (objects would be detached once the session closes)."""

    event_id: int
    slug: str
    hall_id: int
    room_a_id: int
    opening_id: int
    panel_id: int
    night_id: int
    workshop_a_id: int
    workshop_b_id: int
    break_id: int
    moderator_id: int
    registration_id: int
    calendar_token: str
    manage_token: str
    speaker_token: str


def dst_event(slug: str = "forum-ekonomii") -> DstEvent:
    """A two-day forum in Zielona Góra across the end of summer time, with Polish text everywhere."""
    event = make_event(
        slug=slug, title="Forum Ekonomii Społecznej — Zielona Góra", start_date=DAY1, end_date=DAY2,
        venue_name="Centrum Przedsiębiorczości", venue_address="ul. Źródlana 5", venue_city="Zielona Góra",
        timezone="Europe/Warsaw",
    )
    hall = make_room(event, "Sala główna", 0)
    room_a = make_room(event, "Sala Źródło", 1)
    room_b = make_room(event, "Sala Łąka", 2)
    moderator = make_speaker("dr Łucja Żółtowska", organisation="Uniwersytet Zielonogórski")
    panelists = [make_speaker("Grzegorz Brzęczyszczykiewicz", organisation="Spółdzielnia Socjalna „Ład”"),
                 make_speaker("Ewa Ścisłowska", organisation="")]
    opening = make_item(event, local(DAY1, 9), 30, kind=ItemKind.OPENING, title="Otwarcie forum", room=hall)
    panel = make_item(
        event, local(DAY1, 9, 30), 90, kind=ItemKind.PANEL, title="Debata: współpraca samorządów z NGO",
        abstract="Jak gminy zlecają zadania organizacjom? Źródła finansowania, łączenie środków.",
        room=hall, people=[(moderator, Role.MODERATOR), (panelists[0], Role.PANELIST),
                           (panelists[1], Role.PANELIST)],
    )
    # 22:00 CEST to 04:00 CET: six hours on the clock (the factory adds wall-clock time), seven in reality.
    night = make_item(event, local(DAY1, 22), 6 * 60, kind=ItemKind.NETWORKING, title="Wieczór integracyjny",
                      room=hall)
    workshop_a = make_item(event, local(DAY2, 10), 120, kind=ItemKind.WORKSHOP, title="Warsztat: biznesplan",
                           room=room_a, requires_signup=True, seat_limit=20, people=[(panelists[0], Role.HOST)])
    workshop_b = make_item(event, local(DAY2, 10), 120, kind=ItemKind.WORKSHOP, title="Warsztat: księgowość",
                           room=room_b, requires_signup=True, seat_limit=15)
    coffee = make_item(event, local(DAY2, 12), 30, kind=ItemKind.BREAK, title="Przerwa kawowa", room=hall,
                       status=ItemStatus.CANCELLED)
    registration = make_registration(event, first_name="Żaneta", language="pl")
    db.session.add(WorkshopSignup(registration=registration, item=workshop_a, status=SignupStatus.CONFIRMED))
    db.session.commit()
    return DstEvent(event.id, event.slug, hall.id, room_a.id, opening.id, panel.id, night.id, workshop_a.id,
                    workshop_b.id, coffee.id, moderator.id, registration.id, registration.calendar_token,
                    registration.manage_token, moderator.calendar_token)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Parsed:
    """One feed read by icalendar and by vobject, entries of each keyed by UID."""

    ical: icalendar.Calendar
    vobj: object
    ical_events: dict
    vobj_events: dict


def parse_both(body: bytes) -> Parsed:
    """Parse with both libraries and check what every feed must satisfy."""
    text = body.decode("utf-8")
    assert "\r\n" in text and text.startswith("BEGIN:VCALENDAR")
    cal = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(text)
    ical_events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    vobj_events = {e.uid.value: e for e in getattr(vcal, "vevent_list", [])}
    assert set(ical_events) == set(vobj_events)
    # Every TZID used has its VTIMEZONE, and no VTIMEZONE is left unused.
    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert tzids == cal.get_used_tzids()
    assert cal.get_missing_tzids() == set()
    for uid, entry in ical_events.items():
        for name in ("DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "LAST-MODIFIED", "STATUS", "URL"):
            assert name in entry, (uid, name)
        # Both parsers agree on the instant each entry starts and ends.
        vevent = vobj_events[uid]
        assert _instant(entry.decoded("DTSTART")) == _instant(vevent.dtstart.value), uid
        assert _instant(entry.decoded("DTEND")) == _instant(vevent.dtend.value), uid
        assert str(entry["SUMMARY"]) == vevent.summary.value
    return Parsed(cal, vcal, ical_events, vobj_events)


def _instant(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def calname(parsed: Parsed) -> str:
    return str(parsed.ical["X-WR-CALNAME"])


def item_uid(item_id: int) -> str:
    return f"item-{item_id}@localhost"


def shift(moment: datetime, minutes: int) -> datetime:
    return moment + timedelta(minutes=minutes)
