"""Polish counties (powiaty and cities with powiat rights) from the shipped GUS TERYT list."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "counties.json"


@dataclass(frozen=True)
class County:
    key: str
    name: str
    voivodeship: str
    is_city: bool

    def label(self, language: str) -> str:
        if self.is_city:
            return f"{self.name} ({'city' if language == 'en' else 'miasto'})"
        return f"{'' if language == 'en' else 'powiat '}{self.name}".strip()


def _slug(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace("-", " ").split())


@cache
def counties() -> dict[str, County]:
    """Every county by its stable key, in the list's order (voivodeship, then name)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    found: dict[str, County] = {}
    for voivodeship in data["voivodeships"]:
        for name in voivodeship["counties"]:
            key = f"{voivodeship['key']}/{_slug(name)}"
            found[key] = County(key, name, voivodeship["name"], False)
        for name in voivodeship["cities"]:
            key = f"{voivodeship['key']}/m-{_slug(name)}"
            found[key] = County(key, name, voivodeship["name"], True)
    return found


def grouped() -> list[tuple[str, list[County]]]:
    """Counties grouped by voivodeship, for a select with one group per voivodeship."""
    groups: dict[str, list[County]] = {}
    for county in counties().values():
        groups.setdefault(county.voivodeship, []).append(county)
    return list(groups.items())


def county_label(key: str, language: str) -> str:
    county = counties().get(key)
    return f"{county.label(language)}, {county.voivodeship}" if county else key
