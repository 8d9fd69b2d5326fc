"""Ready-made question sets, read from the data files in `sets/` (one file per set).

A change in a funder's list is an edit of its file; questions already added to events keep
what they were given (their answers keep meaning the same), new switch-ons get the new list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "sets"


@dataclass(frozen=True)
class QuestionSet:
    key: str
    title: dict[str, str]
    source: str
    note: dict[str, str]
    questions: tuple[dict[str, Any], ...]

    def name(self, language: str) -> str:
        return self.title.get(language) or self.title["pl"]


@cache
def ready_sets() -> dict[str, QuestionSet]:
    """Every set shipped, by key."""
    found = {}
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["key"]] = QuestionSet(data["key"], data["title"], data["source"], data["note"],
                                         tuple(data["questions"]))
    return found
