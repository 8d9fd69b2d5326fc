"""Sorting names the Polish way: Ą after A, Ł after L, Ś after S, Ź and Ż after Z.

Python's default order puts every accented letter after "z" (by code point) and
locale.strxfrm depends on the locales installed on the server; PyICU is not
available. A small explicit alphabet is enough for surnames: Polish letters take
their place in the Polish alphabet, other accented Latin letters (é, ü, č) sort with
their base letter, and anything else after the letters.
"""

from __future__ import annotations

import unicodedata

POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: rank for rank, letter in enumerate(POLISH_ALPHABET, start=10)}
_DIGITS = {str(d): d for d in range(10)}  # digits before letters, as in dictionaries


def _char_rank(char: str) -> tuple[int, int]:
    """(primary, secondary): primary orders letters, secondary separates é from e."""
    if char in _RANK:
        return _RANK[char], 0
    if char in _DIGITS:
        return _DIGITS[char], 0
    if char.isspace() or char in "-'’.":
        # "Nowak Jan" before "Nowakowski": separators sort before every letter.
        return 0, 0
    base = unicodedata.normalize("NFD", char)[0]
    if base in _RANK:
        return _RANK[base], 1
    return 1000 + ord(char), 0


def polish_key(text: str) -> tuple:
    """A sort key for one string in Polish alphabetical order, case-insensitive."""
    folded = " ".join(text.split()).casefold()
    ranks = [_char_rank(c) for c in folded]
    # Primary letters first; accents of foreign letters and then case only break ties.
    return (tuple(r[0] for r in ranks), tuple(r[1] for r in ranks), text)


def surname_key(last_name: str, first_name: str, tie: int = 0) -> tuple:
    """Order people by surname, then first name (attendance lists, exports)."""
    return (polish_key(last_name), polish_key(first_name), tie)
