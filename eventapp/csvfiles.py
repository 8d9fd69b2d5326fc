"""How CSV downloads are written so that a spreadsheet opens them as columns.

Excel set to Polish (like most of continental Europe) takes the semicolon as the list
separator, because the comma is the decimal mark: a comma-separated file opens there as one
column. Downloads therefore use semicolons unless `?sep=comma` asks for commas (for tools that
expect RFC 4180 as such). Files start with a UTF-8 byte-order mark, so Excel reads Polish letters,
and are sent with exactly one `charset` in the Content-Type.
"""

from __future__ import annotations

from collections.abc import Mapping

CONTENT_TYPE = "text/csv; charset=utf-8"
SEPARATORS = {"semicolon": ";", "comma": ","}


def delimiter(args: Mapping[str, str]) -> str:
    """The separator asked for in the query string (`sep=semicolon|comma`); semicolon by default."""
    return SEPARATORS.get(args.get("sep", ""), ";")
