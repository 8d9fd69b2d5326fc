"""Row ids from outside (URLs, query strings, JSON bodies): whole numbers that fit the column.

Every id column is PostgreSQL's `integer`; a bigger number reaching a query makes the
database refuse the whole statement ("integer out of range"), which would be a 500. So ids
are bounded where they come in: the `int` URL converter of the app (a bigger number matches
no page: 404) and `parse_id` for query strings and API bodies.
"""

from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter

# The largest value of PostgreSQL's `integer` (and of SQLite's ids as we create them).
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: at most MAX_ID unless a route asks for its own bound."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_id(value: object) -> int | None:
    """An id from a query string or a JSON value: a whole number 0..MAX_ID, else None.

    Only ASCII digits count (`"²".isdigit()` is true, but int("²") fails), and never a bool.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
        return number if number <= MAX_ID else None
    return None
