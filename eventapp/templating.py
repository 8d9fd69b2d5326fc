"""Template filters and globals: dates in the event's time zone, the language switcher."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask import Flask, current_app, request, url_for
from flask_babel import get_locale

from eventapp.labels import PART_HEADINGS, label


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


# The locale whose date, time and number formats a language's pages use. English pages follow
# British conventions (24-hour clock, day before month), as Polish readers and the Polish
# pages do; plain "en" would be American ("12/27/26, 1:30 PM").
FORMAT_LOCALES = {"en": "en_GB"}


def format_locale(language: str | None = None) -> str:
    """The Babel locale for formatting dates, times and numbers in `language` (default: the page's)."""
    language = language or _locale()
    return FORMAT_LOCALES.get(language, language)


def file_size(size: int | None) -> str:
    """'1,4 MB' in Polish, '1.4 MB' in English (decimal units, as operating systems show)."""
    from babel.numbers import format_decimal

    size = int(size or 0)
    if size < 1000:
        return f"{size} B"
    for unit, factor in (("kB", 1000), ("MB", 1000 ** 2), ("GB", 1000 ** 3)):
        if size < factor * 1000 or unit == "GB":
            return f"{format_decimal(size / factor, '#,##0.#', locale=format_locale())} {unit}"
    raise AssertionError("unreachable")


def in_zone(value: datetime, zone: str | ZoneInfo) -> datetime:
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    return value.astimezone(tz)


def event_time(value: datetime, zone: str | ZoneInfo) -> str:
    """'09:30' in the event's zone."""
    return format_time(in_zone(value, zone), "HH:mm", locale=format_locale())


def event_datetime(value: datetime, zone: str | ZoneInfo, fmt: str = "medium") -> str:
    local = in_zone(value, zone)
    return format_datetime(local, fmt, tzinfo=local.tzinfo, locale=format_locale())


def long_date(value: date) -> str:
    """'wtorek, 12 maja 2026' / 'Tuesday, May 12, 2026'."""
    return format_date(value, "full", locale=format_locale())


def medium_date(value: date) -> str:
    return format_date(value, "long", locale=format_locale())


def date_range(start: date, end: date) -> str:
    if start == end:
        return medium_date(start)
    return f"{medium_date(start)} – {medium_date(end)}"


def language_links() -> list[dict]:
    """The current URL in each language, for the switcher on every page."""
    args = dict(request.view_args or {})
    # A query key that repeats a path argument or is one of url_for's own keywords would break
    # the link (such requests are refused, but their error page still shows this switcher).
    query = {key: value for key, value in request.args.items()
             if key not in args and key not in ("_anchor", "_method", "_scheme", "_external")}
    links = []
    for code in current_app.config["LANGUAGES"]:
        query["lang"] = code
        if request.endpoint and request.url_rule and "GET" in (request.url_rule.methods or ()):
            href = url_for(request.endpoint, **args, **query)
        else:
            href = url_for("public.index", lang=code)
        links.append({"code": code, "href": href, "current": code == _locale()})
    return links


def has_endpoint(name: str) -> bool:
    """Whether a feature's page exists in this build (links to it are shown only then)."""
    return name in current_app.view_functions


def web_link(value: str | None) -> str | None:
    """A link typed by a person, only if it is http(s): never `javascript:` or `data:` in an href."""
    if not value:
        return None
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
    return value.strip() if scheme in ("http", "https") else None


def init_app(app: Flask) -> None:
    app.add_template_filter(web_link)
    app.add_template_filter(event_time)
    app.add_template_filter(event_datetime)
    app.add_template_filter(long_date)
    app.add_template_filter(medium_date)
    app.add_template_filter(file_size)
    app.add_template_global(date_range)
    app.add_template_global(language_links)
    app.add_template_global(_locale, name="current_language")
    app.add_template_global(label)
    app.add_template_global(PART_HEADINGS, name="part_headings")
    app.add_template_global(has_endpoint)
