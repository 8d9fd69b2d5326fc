"""Cell values that a spreadsheet shows as text, never runs: the one copy of CSV/XLSX formula
defusing for the whole app (CSV injection, OWASP).

A cell that starts like a formula gets a leading apostrophe. "Starts like a formula" is read
after Unicode compatibility folding, because spreadsheets in East Asian locales take the
full-width ＝ ＋ － ＠ (and the small ﹦ ﹢ ﹣ ﹫) for their ASCII twins when a CSV is opened.
Values that are not text (numbers, dates, None for an empty cell) pass unchanged.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = frozenset("=+-@\t\r\n")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula."""
    return bool(text) and unicodedata.normalize("NFKC", text[0])[:1] in FORMULA_STARTS


def defused(value):
    """`value` ready for a CSV or XLSX cell: text that starts like a formula gets an apostrophe."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
