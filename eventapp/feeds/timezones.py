"""VTIMEZONE components that every calendar client reads the same way.

icalendar can describe a zone from zoneinfo, but it lists every change as an RDATE;
Outlook ignores RDATEs in a VTIMEZONE and then shows summer-time talks an hour off.
So where a zone's changes follow yearly rules in the years a calendar covers (as in
Europe/Warsaw: last Sunday of March and of October), the zone is written the way Google
and Outlook write it themselves: one STANDARD and one DAYLIGHT part with an RRULE each.
Zones whose changes follow no such rule (Casablanca moves with Ramadan) get each change
listed by date, for the years the calendar covers.
"""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset, as the wall clock saw it just before."""

    local_before: datetime  # naive wall-clock time in the offset before the change
    offset_before: timedelta
    offset_after: timedelta
    name_after: str

    @property
    def is_daylight(self) -> bool:
        return self.offset_after > self.offset_before

    @property
    def nth_weekday(self) -> int:
        return (self.local_before.day - 1) // 7 + 1

    @property
    def is_last_weekday(self) -> bool:
        days_in_month = calendar_module.monthrange(self.local_before.year, self.local_before.month)[1]
        return self.local_before.day + 7 > days_in_month

    def rule_key(self) -> tuple:
        return (self.is_daylight, self.offset_before, self.offset_after, self.name_after,
                self.local_before.month, self.local_before.weekday(), self.local_before.time())


@lru_cache(maxsize=256)
def transitions(tzid: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    """Every offset change of `tzid` from 1 January of first_year to 31 December of last_year."""
    tz = ZoneInfo(tzid)
    found = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(tz).utcoffset()
    step = timedelta(days=1)
    while moment < end:
        following = moment + step
        next_offset = following.astimezone(tz).utcoffset()
        if next_offset != offset:
            # Narrow the day down to the minute of the change (zones change on whole minutes).
            low, high = 0, 24 * 60
            while high - low > 1:
                middle = (low + high) // 2
                if (moment + timedelta(minutes=middle)).astimezone(tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            high = moment + timedelta(minutes=high)
            after = high.astimezone(tz)
            found.append(Transition((high + offset).replace(tzinfo=None), offset, next_offset,
                                    after.tzname() or ""))
            offset = next_offset
        moment = following
    return tuple(found)


def _offset_name(tz: ZoneInfo, moment: datetime) -> tuple[timedelta, str]:
    local = moment.astimezone(tz)
    return local.utcoffset() or timedelta(0), local.tzname() or ""


def _observance(daylight: bool, start: datetime, offset_from: timedelta, offset_to: timedelta,
                name: str, rrule: dict | None = None):
    part = TimezoneDaylight() if daylight else TimezoneStandard()
    part.add("dtstart", start)
    if rrule:
        part.add("rrule", rrule)
    part.add("tzname", name)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    return part


def _yearly_rules(changes: tuple[Transition, ...], first_year: int, last_year: int) -> list | None:
    """One RRULE per kind of change, or None if the changes follow no yearly rule."""
    groups: dict[tuple, list[Transition]] = {}
    for change in changes:
        groups.setdefault(change.rule_key(), []).append(change)
    years = list(range(first_year, last_year + 1))
    rules = []
    for group in groups.values():
        if [c.local_before.year for c in group] != years:
            return None
        if all(c.is_last_weekday for c in group):
            position = -1
        elif len({c.nth_weekday for c in group}) == 1:
            position = group[0].nth_weekday
        else:
            return None
        first = group[0]
        weekday = WEEKDAYS[first.local_before.weekday()]
        rules.append(_observance(
            first.is_daylight, first.local_before, first.offset_before, first.offset_after,
            first.name_after, {"FREQ": "YEARLY", "BYMONTH": first.local_before.month,
                               "BYDAY": f"{position}{weekday}"},
        ))
    return rules


def vtimezone(tzid: str, first_day: date, last_day: date) -> Timezone:
    """A VTIMEZONE for `tzid` that is right for every instant between the two days."""
    # A year either side, so that an onset of each kind precedes the first instant.
    first_year, last_year = first_day.year - 1, last_day.year + 1
    tz = ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    changes = transitions(tzid, first_year, last_year)
    if not changes:
        offset, name = _offset_name(tz, datetime(first_year, 1, 1, tzinfo=UTC))
        component.add_component(_observance(False, datetime(1970, 1, 1), offset, offset, name))
        return component
    parts = _yearly_rules(changes, first_year, last_year) or _listed_changes(tz, changes, first_year)
    for part in parts:
        component.add_component(part)
    return component


def _listed_changes(tz: ZoneInfo, changes: tuple[Transition, ...], first_year: int) -> list:
    """Changes that follow no yearly rule, each listed by date (DTSTART, then RDATEs)."""
    offset, name = _offset_name(tz, datetime(first_year, 1, 1, tzinfo=UTC))
    parts = [_observance(False, datetime(first_year, 1, 1), offset, offset, name)]
    groups: dict[tuple, list[Transition]] = {}
    for change in changes:
        key = (change.is_daylight, change.offset_before, change.offset_after, change.name_after)
        groups.setdefault(key, []).append(change)
    for group in groups.values():
        first = group[0]
        part = _observance(first.is_daylight, first.local_before, first.offset_before,
                           first.offset_after, first.name_after)
        for later in group[1:]:
            part.add("rdate", later.local_before)
        parts.append(part)
    return parts


@lru_cache(maxsize=256)
def _vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return vtimezone(tzid, date(first_year, 1, 1), date(last_year, 12, 31)).to_ical()


def vtimezone_ical(tzid: str, first_day: date, last_day: date) -> bytes:
    """`vtimezone` as iCalendar text, remembered per zone and span of years."""
    return _vtimezone_bytes(tzid, first_day.year, last_day.year)
