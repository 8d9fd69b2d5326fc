"""Header values that always make a well-formed message.

Titles and names typed by people end up in subjects. Two things went wrong with them:
- a line break of any kind (\\n, \\r, U+2028, U+2029, U+0085, \\v, \\f, …) made the email
  package refuse the header, so the action that queued the message failed;
- Python's folding of long non-ASCII subjects dropped the space between two encoded
  words in some messages ("Zażółć gęślą" arrived as "Zażółćgęślą").
`header_text` is the one place that flattens a value to one line; `MAIL_POLICY` folds
subjects into encoded words that carry every space inside them (RFC 2047 says the
whitespace *between* encoded words is dropped by the reader).
"""

from __future__ import annotations

import base64
import re
import unicodedata
from email import policy as email_policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader

# RFC 2047: an encoded word is at most 75 characters; lines of encoded words at most 76.
_LINE = 76
_PREFIX, _SUFFIX = "=?utf-8?b?", "?="


def header_text(value: str | None) -> str:
    """`value` on one line: every line break, separator or control character becomes a space,
    runs of spaces become one, and the ends are trimmed."""
    if not value:
        return ""
    # Cc: control characters (\t \n \r \v \f \x85 \x1c …); Zl, Zp: U+2028 and U+2029.
    cleaned = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in value)
    return re.sub(" {2,}", " ", cleaned).strip()


def _encoded_words(text: str, first_room: int) -> list[str]:
    """`text` as base64 encoded words, cut between characters, none longer than its line allows."""
    words, current = [], b""
    room = first_room
    for char in text:
        data = char.encode("utf-8")
        if current and _encoded_length(current + data) > room:
            words.append(_encode(current))
            current, room = b"", _LINE - 1
        current += data
    if current:
        words.append(_encode(current))
    return words


def _encoded_length(data: bytes) -> int:
    return len(_PREFIX) + 4 * ((len(data) + 2) // 3) + len(_SUFFIX)


def _encode(data: bytes) -> str:
    return _PREFIX + base64.b64encode(data).decode("ascii") + _SUFFIX


class SafeSubjectHeader(UnstructuredHeader):
    """A subject folded so that a reader gets back exactly the text, spaces included."""

    def fold(self, *, policy):
        text = header_text(str(self))
        if text.isascii():
            return super().fold(policy=policy)
        words = _encoded_words(text, _LINE - len(self.name) - 2)
        return f"{self.name}: " + f"{policy.linesep} ".join(words) + policy.linesep


def _registry() -> HeaderRegistry:
    registry = HeaderRegistry()
    registry.map_to_type("subject", SafeSubjectHeader)
    return registry


MAIL_POLICY = email_policy.default.clone(header_factory=_registry())
