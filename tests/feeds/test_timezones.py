"""VTIMEZONE components: right for every instant, read alike by icalendar and vobject."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from eventapp.feeds.timezones import vtimezone

ZONES = ["Europe/Warsaw", "Europe/London", "Europe/Dublin", "America/New_York", "Australia/Sydney",
         "Pacific/Chatham", "Asia/Tokyo", "UTC", "America/Sao_Paulo", "Africa/Casablanca"]


def _read_with_vobject(zone: icalendar.Timezone, tzid: str):
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" + zone.to_ical().decode()
            + f"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID={tzid}:20260601T120000\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    return vobject.readOne(text).vtimezone.gettzinfo()


def _moments(tzid: str) -> list[datetime]:
    """Every three hours of 2026, and each minute around each change of offset."""
    reference = ZoneInfo(tzid)
    moments = []
    moment, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    while moment < end:
        following = moment + timedelta(hours=3)
        if moment.astimezone(reference).utcoffset() != following.astimezone(reference).utcoffset():
            moments.extend(moment + timedelta(minutes=m) for m in range(0, 180))
        else:
            moments.append(moment)
        moment = following
    return moments


@pytest.mark.parametrize("tzid", ZONES)
def test_vtimezone_gives_the_same_offset_as_zoneinfo_at_every_change(tzid):
    zone = vtimezone(tzid, date(2026, 3, 1), date(2026, 10, 31))
    reference = ZoneInfo(tzid)
    from_vobject = _read_with_vobject(zone, tzid)
    from_icalendar = icalendar.Calendar.from_ical(zone.to_ical()).to_tz()
    wrong = []
    for moment in _moments(tzid):
        expected = moment.astimezone(reference).utcoffset()
        if (moment.astimezone(from_vobject).utcoffset() != expected
                or moment.astimezone(from_icalendar).utcoffset() != expected):
            wrong.append(moment)
    assert wrong == []


def test_warsaw_is_written_with_yearly_rules_for_outlook():
    text = vtimezone("Europe/Warsaw", date(2026, 10, 24), date(2026, 10, 25)).to_ical().decode()
    assert "RDATE" not in text
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in text


def test_a_zone_without_yearly_rules_lists_its_changes():
    text = vtimezone("Africa/Casablanca", date(2026, 3, 1), date(2026, 3, 1)).to_ical().decode()
    assert "RRULE" not in text and "RDATE" in text
