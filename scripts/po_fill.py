"""Fill Polish translations into the catalogue from a JSON file of {msgid: msgstr}.

Usage: python scripts/po_fill.py translations.json
A msgid with a plural form takes a list of the Polish forms (one, few, many);
a msgid with a context is keyed "context|msgid".
Untranslated entries left in the catalogue are listed at the end.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "eventapp/translations/pl/LC_MESSAGES/messages.po"


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        wanted = json.load(fh)
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="pl")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.context:
            key = f"{message.context}|{key}"
        if key in wanted:
            value = wanted[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = [m.id for m in catalog if m.id and not (m.string if not isinstance(m.string, tuple) else all(m.string))]
    for m in missing:
        print("untranslated:", m)


if __name__ == "__main__":
    main(sys.argv[1])
