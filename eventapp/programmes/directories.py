"""Directories for building an agenda: speakers and organisations already used at the events an
organiser runs (and the directories of their programmes), searched as one types; several
speakers put into sessions, with their roles, and invited at once."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, union

from eventapp.auth.services import events_for
from eventapp.extensions import db
from eventapp.manage import agenda, team
from eventapp.manage.errors import Refusal
from eventapp.models import (
    Account,
    AgendaItem,
    ChangeRecord,
    DirectoryOrganisation,
    Event,
    EventOrganisation,
    EventRoleKind,
    ItemSpeaker,
    ProgrammeEvent,
    Role,
    Speaker,
)

MIN_CHARS = 2


def _organised_event_ids(account: Account) -> list[int]:
    return [e.id for e in events_for(account, EventRoleKind.ORGANISER)]


def _like(text: str) -> str:
    return " ".join(text.split()).casefold()


def search_speakers(account: Account, text: str, limit: int = 10) -> list[Speaker]:
    """Speakers of the events this account organises whose name or organisation holds the text."""
    text = _like(text)
    event_ids = _organised_event_ids(account)
    if len(text) < MIN_CHARS or not event_ids:
        return []
    in_items = (select(ItemSpeaker.speaker_id).join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
                .where(AgendaItem.event_id.in_(event_ids)))
    created = select(ChangeRecord.speaker_id).where(ChangeRecord.event_id.in_(event_ids),
                                                    ChangeRecord.speaker_id.is_not(None))
    # Matched in Python: SQLite's lower() leaves Polish capitals (Ł, Ś) as they are, and an
    # organiser's directory is hundreds of people, not millions.
    found = [s for s in db.session.scalars(
        select(Speaker).where(Speaker.id.in_(union(in_items, created))).order_by(Speaker.name, Speaker.id))
        if text in s.name.casefold() or text in (s.organisation or "").casefold()]
    return found[:limit]


def search_organisations(account: Account, text: str, limit: int = 10) -> list[str]:
    """Organisation names used at the account's events and in their programmes' directories."""
    text = _like(text)
    event_ids = _organised_event_ids(account)
    if len(text) < MIN_CHARS or not event_ids:
        return []
    behind_events = select(EventOrganisation.name.label("name")).where(EventOrganisation.event_id.in_(event_ids))
    programmes = select(ProgrammeEvent.programme_id).where(ProgrammeEvent.event_id.in_(event_ids))
    in_directory = select(DirectoryOrganisation.name.label("name")).where(
        DirectoryOrganisation.programme_id.in_(programmes), DirectoryOrganisation.merged_into_id.is_(None))
    names = union(behind_events, in_directory).subquery()
    found = [n for n in db.session.scalars(select(names.c.name).order_by(names.c.name)) if text in n.casefold()]
    return found[:limit]


@dataclass
class SpeakerInvitation:
    speaker_id: int
    email: str
    item_ids: list[int]
    role: str


def invite_speakers(event: Event, invitations: list[SpeakerInvitation], account: Account) -> list[str]:
    """Put each speaker into the chosen sessions in their role and invite them to the portal.

    Everything is checked before anything is written (speakers from the directory, sessions
    of this event, a role, an address); a speaker who would be in two places at once is
    refused by the agenda's own rule and named in the answer, the others go ahead.
    """
    if not invitations:
        raise Refusal(_("Choose at least one speaker."))
    allowed = {s.id: s for s in search_speakers_by_id(account, [i.speaker_id for i in invitations])}
    items = {i.id: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event.id))}
    for invitation in invitations:
        speaker = allowed.get(invitation.speaker_id)
        if speaker is None:
            raise Refusal(_("This speaker is not in your directory."))
        if invitation.role not in {r.value for r in Role}:
            raise Refusal(_("Choose a role for %(name)s.", name=speaker.name))
        if not invitation.item_ids or any(i not in items for i in invitation.item_ids):
            raise Refusal(_("Choose the sessions of %(name)s.", name=speaker.name))
        if not (invitation.email or speaker.email):
            raise Refusal(_("Give the email address of %(name)s.", name=speaker.name))
    results = []
    for invitation in invitations:
        speaker = allowed[invitation.speaker_id]
        try:
            for item_id in invitation.item_ids:
                item = items[item_id]
                if not any(part.speaker_id == speaker.id for part in item.speaker_roles):
                    agenda.add_person(event, item, speaker, Role(invitation.role), account)
            if speaker.account_id is None:
                team.invite_speaker(event, speaker, invitation.email or speaker.email, account)
        except Refusal as refusal:
            results.append(f"{speaker.name}: {refusal.message}")
        else:
            results.append(_("%(name)s: invited", name=speaker.name))
    return results


def search_speakers_by_id(account: Account, speaker_ids: list[int]) -> list[Speaker]:
    """Those of these speakers who appear at an event the account organises."""
    event_ids = _organised_event_ids(account)
    in_items = (select(ItemSpeaker.speaker_id).join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
                .where(AgendaItem.event_id.in_(event_ids)))
    created = select(ChangeRecord.speaker_id).where(ChangeRecord.event_id.in_(event_ids),
                                                    ChangeRecord.speaker_id.is_not(None))
    return list(db.session.scalars(
        select(Speaker).where(Speaker.id.in_(speaker_ids), Speaker.id.in_(union(in_items, created)))))
