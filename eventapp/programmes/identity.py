"""Who is the same person, and the same organisation, across a programme's events.

People: the same lower-cased email is the same person (case only: dots and plus
signs in the local part are not guessed at). Registrations with different emails but
the same name and organisation are offered for review; an organiser's confirmed merge
joins them until it is undone.

Organisations: the programme's directory holds each spelling typed at registration.
An entry is counted by its NIP or REGON when it has one, else by its normalised name
(case and spaces ignored, as in the per-event report); spellings that differ only in
case, spacing, quotes, punctuation or Polish letters are offered for merging.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.models import (
    Account,
    DirectoryOrganisation,
    MergeDecision,
    MergeKind,
    MergeRecord,
    Programme,
    ProgrammeEvent,
    Registration,
    utcnow,
)
from eventapp.programmes.taxids import digits_only, nip_is_valid, regon_is_valid
from eventapp.reports.services import organisation_key


def person_key(email: str) -> str:
    return email.strip().lower()


def loose_key(name: str) -> str:
    """'Fundacja „ABC”.' and 'fundacja abc' are offered as variants of one organisation."""
    text = name.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Letters and digits only: 'A.B.C.', 'A B C' and 'ABC' are offered as one.
    return re.sub(r"[\W_]", "", text).casefold()


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(key, key) != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key is the group's name, so the result does not depend on order.
            low, high = sorted((ra, rb))
            self.parent[high] = low


def active_merges(programme_id: int, kind: MergeKind) -> list[MergeRecord]:
    return list(db.session.scalars(
        select(MergeRecord).where(MergeRecord.programme_id == programme_id, MergeRecord.kind == kind,
                                  MergeRecord.undone_at.is_(None)).order_by(MergeRecord.id)
    ))


def person_resolver(programme_id: int) -> UnionFind:
    """Emails joined by confirmed, not undone, merges (one query)."""
    groups = UnionFind()
    for record in active_merges(programme_id, MergeKind.PERSON):
        if record.decision == MergeDecision.CONFIRMED:
            groups.union(record.left_key, record.right_key)
    return groups


@dataclass
class DuplicateCandidate:
    left: str
    right: str
    name: str
    organisation: str
    events: int


def _programme_registrations(programme_id: int):
    return db.session.execute(
        select(Registration.email, Registration.first_name, Registration.last_name,
               Registration.organisation, Registration.event_id)
        .join(ProgrammeEvent, ProgrammeEvent.event_id == Registration.event_id)
        .where(ProgrammeEvent.programme_id == programme_id, Registration.anonymised_at.is_(None))
    ).all()


def duplicate_candidates(programme: Programme) -> list[DuplicateCandidate]:
    """Pairs of emails with the same name and organisation, neither merged nor rejected yet."""
    people: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    shown: dict[tuple[str, str], tuple[str, str]] = {}
    for email, first, last, organisation, event_id in _programme_registrations(programme.id):
        name = " ".join(f"{first} {last}".split())
        key = (name.casefold(), organisation_key(organisation or ""))
        if not key[0] or not key[1]:
            continue
        people[key][person_key(email)].add(event_id)
        shown.setdefault(key, (name, " ".join((organisation or "").split())))
    groups = person_resolver(programme.id)
    decided = {(r.left_key, r.right_key) for r in active_merges(programme.id, MergeKind.PERSON)}
    result = []
    for key, emails in people.items():
        ordered = sorted(emails)
        for i, left in enumerate(ordered):
            for right in ordered[i + 1:]:
                if (left, right) in decided or groups.find(left) == groups.find(right):
                    continue
                result.append(DuplicateCandidate(left, right, *shown[key],
                                                 events=len(emails[left] | emails[right])))
    return sorted(result, key=lambda c: (c.name.casefold(), c.left, c.right))


@rolls_back_on_refusal
def decide_person_merge(programme: Programme, left: str, right: str, confirm: bool,
                        account: Account) -> MergeRecord:
    """Record an organiser's answer on a pair of emails: the same person, or not."""
    left, right = sorted((person_key(left), person_key(right)))
    if left == right:
        raise Refusal(_("Choose two different email addresses."))
    known = {person_key(r[0]) for r in _programme_registrations(programme.id)}
    if left not in known or right not in known:
        raise Refusal(_("These people are not registered for the programme's events."))
    already = db.session.scalar(select(MergeRecord.id).where(
        MergeRecord.programme_id == programme.id, MergeRecord.kind == MergeKind.PERSON,
        MergeRecord.left_key == left, MergeRecord.right_key == right, MergeRecord.undone_at.is_(None)))
    if already is not None:
        raise Refusal(_("This pair has already been decided."))
    record = MergeRecord(programme_id=programme.id, kind=MergeKind.PERSON, left_key=left, right_key=right,
                         decision=MergeDecision.CONFIRMED if confirm else MergeDecision.REJECTED,
                         reason=_("Same name and organisation"), decided_by_id=account.id)
    db.session.add(record)
    db.session.commit()
    return record


@rolls_back_on_refusal
def undo_merge(programme: Programme, record_id: int, account: Account) -> None:
    """Undo a decision (person or organisation); the record stays, marked undone."""
    record = db.session.get(MergeRecord, record_id)
    if record is None or record.programme_id != programme.id or record.undone_at is not None:
        raise Refusal(_("There is no such decision to undo."))
    if record.kind == MergeKind.ORGANISATION and record.decision == MergeDecision.CONFIRMED:
        variant = db.session.get(DirectoryOrganisation, int(record.left_key))
        if variant is not None:
            variant.merged_into_id = None
    record.undone_at = utcnow()
    record.undone_by_id = account.id
    db.session.commit()


def merge_history(programme: Programme) -> list[MergeRecord]:
    return list(db.session.scalars(
        select(MergeRecord).where(MergeRecord.programme_id == programme.id).order_by(MergeRecord.id.desc())
    ))


# The organisation directory


def directory(programme: Programme) -> list[DirectoryOrganisation]:
    return list(db.session.scalars(
        select(DirectoryOrganisation).where(DirectoryOrganisation.programme_id == programme.id)
        .order_by(func.lower(DirectoryOrganisation.name), DirectoryOrganisation.id)
    ))


def sync_directory(programme: Programme) -> int:
    """Add every spelling typed at the programme's events that the directory lacks; commits."""
    known = {o.name for o in directory(programme)}
    added = 0
    for (name,) in db.session.execute(
        select(Registration.organisation).distinct()
        .join(ProgrammeEvent, ProgrammeEvent.event_id == Registration.event_id)
        .where(ProgrammeEvent.programme_id == programme.id)
    ):
        name = (name or "").strip()[:200]
        if name and name not in known:
            db.session.add(DirectoryOrganisation(programme_id=programme.id, name=name))
            known.add(name)
            added += 1
    if added:
        db.session.commit()
    return added


def _canonical(entry: DirectoryOrganisation, by_id: dict[int, DirectoryOrganisation]) -> DirectoryOrganisation:
    seen = set()
    while entry.merged_into_id is not None and entry.merged_into_id in by_id and entry.id not in seen:
        seen.add(entry.id)
        entry = by_id[entry.merged_into_id]
    return entry


def entry_identity(entry: DirectoryOrganisation) -> str:
    if entry.nip:
        return f"nip:{entry.nip}"
    if entry.regon:
        return f"regon:{entry.regon}"
    return f"name:{organisation_key(entry.name)}"


def organisation_resolver(programme_id: int):
    """A function from a typed organisation name to the organisation's identity (one query)."""
    entries = list(db.session.scalars(
        select(DirectoryOrganisation).where(DirectoryOrganisation.programme_id == programme_id)))
    by_id = {e.id: e for e in entries}
    by_name = {e.name: entry_identity(_canonical(e, by_id)) for e in entries}
    by_key = {organisation_key(e.name): by_name[e.name] for e in entries}

    known: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        # A programme has hundreds of spellings for thousands of registrations: each is worked out once.
        if name not in known:
            typed = (name or "").strip()
            key = organisation_key(typed)
            known[name] = (by_name.get(typed) or by_key.get(key) or f"name:{key}") if typed else None
        return known[name]

    return resolve


@dataclass
class VariantGroup:
    entries: list[DirectoryOrganisation]


def variant_groups(programme: Programme) -> list[VariantGroup]:
    """Directory entries not merged yet whose names differ only in case, spaces or punctuation,
    and no decision says they are different organisations."""
    entries = [e for e in directory(programme) if e.merged_into_id is None]
    rejected = {
        frozenset((r.left_key, r.right_key))
        for r in active_merges(programme.id, MergeKind.ORGANISATION) if r.decision == MergeDecision.REJECTED
    }
    groups: dict[str, list[DirectoryOrganisation]] = defaultdict(list)
    for entry in entries:
        groups[loose_key(entry.name)].append(entry)
    result = []
    for members in groups.values():
        if len(members) < 2:
            continue
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        if all(frozenset((str(a.id), str(b.id))) in rejected for a, b in pairs):
            continue
        result.append(VariantGroup(members))
    return result


def _entry(programme: Programme, entry_id: int) -> DirectoryOrganisation:
    entry = db.session.get(DirectoryOrganisation, entry_id)
    if entry is None or entry.programme_id != programme.id:
        raise Refusal(_("This organisation is not in the programme's directory."))
    return entry


@rolls_back_on_refusal
def merge_organisations(programme: Programme, variant_id: int, into_id: int, account: Account) -> MergeRecord:
    """Count the variant as the other entry from now on; recorded and undoable."""
    variant, target = _entry(programme, variant_id), _entry(programme, into_id)
    if variant.id == target.id:
        raise Refusal(_("Choose two different organisations."))
    if variant.merged_into_id is not None or target.merged_into_id is not None:
        raise Refusal(_("One of these organisations has already been merged."))
    variant.merged_into_id = target.id
    record = MergeRecord(programme_id=programme.id, kind=MergeKind.ORGANISATION, left_key=str(variant.id),
                         right_key=str(target.id), decision=MergeDecision.CONFIRMED,
                         reason=f"{variant.name} → {target.name}"[:200], decided_by_id=account.id)
    db.session.add(record)
    db.session.commit()
    return record


@rolls_back_on_refusal
def keep_organisations_apart(programme: Programme, left_id: int, right_id: int, account: Account) -> MergeRecord:
    """Two similar spellings are different organisations: stop offering them for merging."""
    left, right = _entry(programme, left_id), _entry(programme, right_id)
    record = MergeRecord(programme_id=programme.id, kind=MergeKind.ORGANISATION, left_key=str(left.id),
                         right_key=str(right.id), decision=MergeDecision.REJECTED,
                         reason=f"{left.name} ≠ {right.name}"[:200], decided_by_id=account.id)
    db.session.add(record)
    db.session.commit()
    return record


@rolls_back_on_refusal
def set_tax_numbers(programme: Programme, entry_id: int, nip: str, regon: str) -> None:
    """Give a directory entry its NIP and/or REGON (each checked by its check digit)."""
    entry = _entry(programme, entry_id)
    nip, regon = digits_only(nip or ""), digits_only(regon or "")
    if nip and not nip_is_valid(nip):
        raise Refusal(_("This NIP is not valid: check the digits."), field="nip")
    if regon and not regon_is_valid(regon):
        raise Refusal(_("This REGON is not valid: check the digits."), field="regon")
    for column, value, message in ((DirectoryOrganisation.nip, nip, _("Another organisation has this NIP.")),
                                   (DirectoryOrganisation.regon, regon,
                                    _("Another organisation has this REGON."))):
        if value and db.session.scalar(select(DirectoryOrganisation.id).where(
                DirectoryOrganisation.programme_id == programme.id, column == value,
                DirectoryOrganisation.id != entry.id)) is not None:
            raise Refusal(message, field=column.key)
    entry.nip, entry.regon = nip or None, regon or None
    db.session.commit()


def search_directory(programme_ids: list[int], text: str, limit: int = 10) -> list[DirectoryOrganisation]:
    """Directory entries (not merged away) whose name contains the typed text, for search as you type."""
    text = " ".join(text.split())
    if len(text) < 2 or not programme_ids:
        return []
    return list(db.session.scalars(
        select(DirectoryOrganisation).where(
            DirectoryOrganisation.programme_id.in_(programme_ids),
            DirectoryOrganisation.merged_into_id.is_(None),
            func.lower(DirectoryOrganisation.name).contains(text.lower(), autoescape=True),
        ).order_by(DirectoryOrganisation.name).limit(limit)
    ))
