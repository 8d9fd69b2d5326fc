"""Polish tax and statistical numbers: NIP and REGON, checked by their check digits."""

from __future__ import annotations

import re

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def digits_only(value: str) -> str:
    """'PL 123-456-32-18' -> '1234563218' (spaces, dashes and a PL prefix are how people type it)."""
    value = value.strip().upper()
    if value.startswith("PL"):
        value = value[2:]
    return re.sub(r"[\s-]", "", value)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def nip_is_valid(value: str) -> bool:
    """Ten digits whose weighted sum modulo 11 is the last digit (10 is never valid)."""
    digits = digits_only(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    check = _weighted(digits, NIP_WEIGHTS)
    return check != 10 and check == int(digits[9])


def regon_is_valid(value: str) -> bool:
    """Nine or fourteen digits; the check digit is the weighted sum modulo 11 (10 counts as 0)."""
    digits = digits_only(value)
    if re.fullmatch(r"\d{9}", digits):
        weights = REGON9_WEIGHTS
    elif re.fullmatch(r"\d{14}", digits):
        weights = REGON14_WEIGHTS
    else:
        return False
    return _weighted(digits, weights) % 10 == int(digits[-1])
