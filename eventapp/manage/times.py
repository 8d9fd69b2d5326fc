"""Times typed by organisers are wall-clock times in the event's zone; the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from eventapp.manage.errors import Refusal


def to_utc(local: datetime, tz: ZoneInfo, *, field: str | None = None) -> datetime:
    """A naive wall-clock time in `tz` as an aware UTC instant.

    A time inside the spring clock change does not exist there: refused rather than guessed.
    In the autumn hour that happens twice the first one is meant (fold=0).
    """
    aware = local.replace(tzinfo=tz, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise Refusal(
            _("%(time)s does not exist in the time zone %(zone)s: the clocks change then.",
              time=local.strftime("%Y-%m-%d %H:%M"), zone=tz.key),
            field=field,
        )
    return instant


def on_day(day: date, at: time, tz: ZoneInfo, *, field: str | None = None) -> datetime:
    return to_utc(datetime.combine(day, at), tz, field=field)


def to_local(instant: datetime | None, tz: ZoneInfo) -> datetime | None:
    """An instant as a naive wall-clock time in `tz` (what a datetime-local input shows)."""
    if instant is None:
        return None
    return instant.astimezone(tz).replace(tzinfo=None)
