"""The iCalendar writer: escaping and folding as RFC 5545 asks, read back by both parsers."""

from __future__ import annotations

import icalendar
import vobject

from eventapp.feeds.ical import escape_text, fold


def test_text_escapes_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b;c,d\r\ne\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_long_polish_lines_fold_at_75_octets_without_splitting_a_letter():
    text = "Źródła finansowania; współpraca, łączenie środków — żółć\\gęślą jaźń. " * 8
    line = fold("DESCRIPTION:" + escape_text(text))
    physical = line.split(b"\r\n")[:-1]
    assert len(physical) > 5
    assert all(len(part) <= 75 for part in physical)
    for part in physical:
        part.decode("utf-8")  # each physical line is whole UTF-8 on its own
    assert all(part.startswith(b" ") for part in physical[1:])
    calendar = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:u\r\n"
                b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260101T100000Z\r\n" + line
                + b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    [event] = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == text
    assert vobject.readOne(calendar.decode()).vevent.description.value == text


def test_short_lines_are_left_alone():
    assert fold("SUMMARY:Otwarcie") == b"SUMMARY:Otwarcie\r\n"
    exactly = "X:" + "a" * 73
    assert fold(exactly) == exactly.encode() + b"\r\n"
