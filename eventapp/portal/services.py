"""The speaker portal's rules: what a speaker may change, until when, and with whose approval.

Other features call:
- `set_speaker_rules(event, deadline, approval_required)` from the back-office event form;
- `pending_proposals(event)`, `accept_proposal(proposal, by)`, `reject_proposal(proposal, by)`
  for the organiser's review of speakers' changes.

Every change is recorded in the agenda history (`eventapp.history.services`) and touches the
item so that the public agenda and calendar feeds show it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from eventapp.agenda.services import touch_item
from eventapp.extensions import db
from eventapp.feeds.urls import email_link
from eventapp.history.services import apply_changes, record
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.models import (
    Account,
    AgendaItem,
    Event,
    EventStatus,
    ItemProposal,
    ItemSpeaker,
    Material,
    MaterialKind,
    ProposalStatus,
    Speaker,
    utcnow,
)
from eventapp.uploads import services as uploads

PROPOSAL_EMAIL_KIND = "portal.proposal_decided"
ITEM_FIELDS = ("title", "abstract")
PROFILE_FIELDS = ("name", "organisation", "position", "bio")


class ItemLocked(Exception):
    """The speaker may no longer change this item (the deadline passed, or it is over)."""


class ProposalAlreadyDecided(Exception):
    """Someone accepted or rejected the proposal meanwhile."""


@dataclass
class Outcome:
    """What happened to a speaker's change: applied at once, or waiting as a proposal."""

    applied: bool
    changes: dict[str, Any]
    proposal: ItemProposal | None = None

    @property
    def nothing_changed(self) -> bool:
        return not self.changes


# ---- the organiser's settings ----------------------------------------------------------

def set_speaker_rules(event: Event, deadline: datetime | None, approval_required: bool, *,
                      by: Account | None = None) -> None:
    """Set until when speakers may edit their items and whether their changes need approval;
    COMMITS. `deadline` is an aware datetime (None: no deadline)."""
    if deadline is not None and deadline.tzinfo is None:
        raise ValueError("the deadline must be an aware datetime")
    changes = apply_changes(event, {"speaker_edit_deadline": deadline,
                                    "speaker_changes_need_approval": bool(approval_required)})
    if changes:
        record(event, "event.speaker_rules", account=by, changes=changes)
    db.session.commit()


def is_locked(item: AgendaItem, now: datetime | None = None) -> bool:
    """Whether the item is closed to its speakers: past the deadline, cancelled or over."""
    event = item.event
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED) or item.is_cancelled:
        return True
    deadline = event.speaker_edit_deadline
    return deadline is not None and (now or utcnow()) >= deadline


# ---- what a speaker sees ---------------------------------------------------------------

def own_parts(speaker: Speaker) -> list[ItemSpeaker]:
    """The speaker's parts in items, in time order, with rooms, events and co-speakers loaded."""
    return list(db.session.scalars(
        select(ItemSpeaker)
        .join(AgendaItem, AgendaItem.id == ItemSpeaker.item_id)
        .where(ItemSpeaker.speaker_id == speaker.id)
        .options(
            selectinload(ItemSpeaker.item).selectinload(AgendaItem.room),
            selectinload(ItemSpeaker.item).selectinload(AgendaItem.event),
            selectinload(ItemSpeaker.item).selectinload(AgendaItem.speaker_roles)
            .selectinload(ItemSpeaker.speaker),
        )
        .order_by(AgendaItem.start_dt, AgendaItem.id)
    ))


def own_item(speaker: Speaker, item_id: int) -> AgendaItem | None:
    """The item if the speaker takes part in it; None for every other item."""
    return db.session.scalar(
        select(AgendaItem)
        .join(ItemSpeaker, ItemSpeaker.item_id == AgendaItem.id)
        .where(AgendaItem.id == item_id, ItemSpeaker.speaker_id == speaker.id)
    )


def own_material(item: AgendaItem, material_id: int) -> Material | None:
    return db.session.scalar(select(Material).where(Material.id == material_id, Material.item_id == item.id))


def my_pending_proposals(speaker: Speaker) -> list[ItemProposal]:
    return list(db.session.scalars(
        select(ItemProposal)
        .where(ItemProposal.speaker_id == speaker.id, ItemProposal.status == ProposalStatus.PENDING)
        .options(selectinload(ItemProposal.item))
        .order_by(ItemProposal.created_at)
    ))


def _events_of(speaker: Speaker) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.id.in_(
            select(AgendaItem.event_id).join(ItemSpeaker, ItemSpeaker.item_id == AgendaItem.id)
            .where(ItemSpeaker.speaker_id == speaker.id)
        ))
    ))


# ---- a speaker's changes ---------------------------------------------------------------

def update_profile(speaker: Speaker, account: Account, values: dict[str, Any], *,
                   photo: FileStorage | None = None, remove_photo: bool = False) -> dict[str, list]:
    """Change the speaker's own profile (and photo); recorded at every event they speak at.
    Raises UploadRejected before anything changes; COMMITS."""
    values = {field: values[field] for field in PROFILE_FIELDS if field in values}
    old_photo = speaker.photo_path
    if photo is not None and photo.filename:
        values["photo_path"] = uploads.save_image(photo, kind="speakers")
    elif remove_photo:
        values["photo_path"] = None
    changes = apply_changes(speaker, values)
    if changes:
        speaker.updated_at = utcnow()
        for event in _events_of(speaker):
            record(event, "speaker.updated", speaker=speaker, account=account, changes=changes)
        if {"name", "organisation", "position"} & changes.keys():
            # Names appear in every item's entry on the agenda and in calendar feeds.
            for part in speaker.item_roles:
                touch_item(part.item)
    db.session.commit()
    if "photo_path" in changes:
        uploads.delete(old_photo)
    return changes


def _submit(item: AgendaItem, speaker: Speaker, account: Account, changes: dict[str, Any],
            apply) -> Outcome:
    """Apply a change at once, or keep it as a proposal when the organiser approves changes."""
    if is_locked(item):
        db.session.rollback()
        raise ItemLocked(_("The deadline for changes has passed: this session is locked."))
    if item.event.speaker_changes_need_approval:
        proposal = ItemProposal(item_id=item.id, speaker_id=speaker.id, changes=changes)
        db.session.add(proposal)
        record(item.event, "proposal.created", item=item, speaker=speaker, account=account,
               changes={key: [None, value] for key, value in changes.items()})
        db.session.commit()
        return Outcome(applied=False, changes=changes, proposal=proposal)
    applied = apply(item)
    record(item.event, "item.updated", item=item, speaker=speaker, account=account, changes=applied)
    touch_item(item)
    db.session.commit()
    _flush_deletions()
    return Outcome(applied=True, changes=applied)


def update_item(item: AgendaItem, speaker: Speaker, account: Account, values: dict[str, Any]) -> Outcome:
    """Change an item's title and abstract (or propose it); COMMITS unless nothing changed."""
    wanted = {field: values[field] for field in ITEM_FIELDS if field in values
              and values[field] != getattr(item, field)}
    if not wanted:
        if is_locked(item):
            raise ItemLocked(_("The deadline for changes has passed: this session is locked."))
        return Outcome(applied=False, changes={})
    return _submit(item, speaker, account, wanted, lambda target: apply_changes(target, wanted))


def _safe_link(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(_("Please enter a full web address starting with https://"))
    return url.strip()


def add_link(item: AgendaItem, speaker: Speaker, account: Account, title: str, url: str) -> Outcome:
    """Attach a link (slides online, a recording) to the item, or propose it; COMMITS."""
    material = {"kind": MaterialKind.LINK.value, "title": title.strip(), "url": _safe_link(url)}
    return _submit(item, speaker, account, {"add_material": material},
                   lambda target: _add_material(target, material, account))


def add_file(item: AgendaItem, speaker: Speaker, account: Account, title: str, file: FileStorage) -> Outcome:
    """Upload a PDF, PPTX, ODP, DOCX or XLSX to the item, or propose it; raises UploadRejected; COMMITS."""
    if is_locked(item):
        raise ItemLocked(_("The deadline for changes has passed: this session is locked."))
    stored = uploads.save_material(file)
    material = {"kind": MaterialKind.FILE.value, "title": title.strip(), "file_path": stored.path,
                "content_type": stored.content_type, "size_bytes": stored.size,
                "original_filename": stored.original_name}
    try:
        return _submit(item, speaker, account, {"add_material": material},
                       lambda target: _add_material(target, material, account))
    except BaseException:
        uploads.delete(stored.path)
        raise


def remove_material(item: AgendaItem, speaker: Speaker, account: Account, material: Material) -> Outcome:
    """Remove a link or file from the item, or propose its removal; COMMITS."""
    gone = {"id": material.id, "title": material.title}
    return _submit(item, speaker, account, {"remove_material": gone},
                   lambda target: _remove_material(target, gone["id"]))


def _add_material(item: AgendaItem, material: dict, account: Account | None) -> dict[str, list]:
    row = Material(item_id=item.id, kind=MaterialKind(material["kind"]), title=material["title"],
                   url=material.get("url"), file_path=material.get("file_path"),
                   content_type=material.get("content_type"), size_bytes=material.get("size_bytes"),
                   original_filename=material.get("original_filename"),
                   added_by_id=account.id if account is not None else None)
    db.session.add(row)
    return {"material": [None, material["title"]]}


def _remove_material(item: AgendaItem, material_id: int) -> dict[str, list]:
    row = db.session.scalar(select(Material).where(Material.id == material_id, Material.item_id == item.id))
    if row is None:
        return {}
    path = row.file_path if row.kind == MaterialKind.FILE else None
    db.session.delete(row)
    # The file goes once the transaction that removes its row has committed.
    if path:
        _delete_after_commit(path)
    return {"material": [row.title, None]}


def _delete_after_commit(path: str) -> None:
    pending = db.session.info.setdefault("portal_delete_files", [])
    pending.append(path)


def _flush_deletions() -> None:
    for path in db.session.info.pop("portal_delete_files", []):
        uploads.delete(path)


# ---- the organiser's review ------------------------------------------------------------

def pending_proposals(event: Event) -> list[ItemProposal]:
    """Speakers' changes at the event waiting for a decision, oldest first."""
    return list(db.session.scalars(
        select(ItemProposal)
        .join(AgendaItem, AgendaItem.id == ItemProposal.item_id)
        .where(AgendaItem.event_id == event.id, ItemProposal.status == ProposalStatus.PENDING)
        .options(selectinload(ItemProposal.item), selectinload(ItemProposal.speaker))
        .order_by(ItemProposal.created_at, ItemProposal.id)
    ))


def proposed_file(proposal: ItemProposal) -> tuple[Path, str, str] | None:
    """The PDF a pending proposal would add, for the organiser to read before deciding: its
    place on disk, content type and download name; None when it adds no file."""
    if proposal.status != ProposalStatus.PENDING:
        return None
    added = proposal.changes.get("add_material") or {}
    found = uploads.resolve(added.get("file_path") or "")
    if found is None:
        return None
    full, content_type = found
    return full, content_type, added.get("original_filename") or full.name


def find_proposal(event: Event, proposal_id: int) -> ItemProposal | None:
    return db.session.scalar(
        select(ItemProposal).join(AgendaItem, AgendaItem.id == ItemProposal.item_id)
        .where(ItemProposal.id == proposal_id, AgendaItem.event_id == event.id)
    )


def _lock_pending(proposal: ItemProposal) -> ItemProposal:
    locked = db.session.scalar(
        select(ItemProposal).where(ItemProposal.id == proposal.id).with_for_update()
    )
    if locked is None or locked.status != ProposalStatus.PENDING:
        db.session.rollback()
        raise ProposalAlreadyDecided(_("This proposal has already been decided."))
    return locked


def accept_proposal(proposal: ItemProposal, by: Account) -> dict[str, list]:
    """Apply a speaker's proposed change, record it, tell the speaker; COMMITS."""
    proposal = _lock_pending(proposal)
    item = proposal.item
    changes: dict[str, list] = {}
    wanted = {k: v for k, v in proposal.changes.items() if k in ITEM_FIELDS}
    changes.update(apply_changes(item, wanted))
    if "add_material" in proposal.changes:
        changes.update(_add_material(item, proposal.changes["add_material"], proposal.speaker.account))
    if "remove_material" in proposal.changes:
        changes.update(_remove_material(item, proposal.changes["remove_material"]["id"]))
    _decide(proposal, ProposalStatus.ACCEPTED, by)
    record(item.event, "proposal.accepted", item=item, speaker=proposal.speaker, account=by, changes=changes)
    touch_item(item)
    _tell_speaker(proposal)
    db.session.commit()
    _flush_deletions()
    deliver_after_commit()
    return changes


def reject_proposal(proposal: ItemProposal, by: Account) -> None:
    """Leave the item as it is, tell the speaker; COMMITS (an uploaded PDF is removed)."""
    proposal = _lock_pending(proposal)
    added = proposal.changes.get("add_material") or {}
    _decide(proposal, ProposalStatus.REJECTED, by)
    record(proposal.item.event, "proposal.rejected", item=proposal.item, speaker=proposal.speaker, account=by,
           changes={key: [value, None] for key, value in proposal.changes.items()})
    _tell_speaker(proposal)
    db.session.commit()
    if added.get("file_path"):
        uploads.delete(added["file_path"])
    deliver_after_commit()


def _decide(proposal: ItemProposal, status: ProposalStatus, by: Account) -> None:
    proposal.status = status
    proposal.decided_at = utcnow()
    proposal.decided_by_id = by.id


def _speaker_address(speaker: Speaker) -> tuple[str | None, str]:
    account = speaker.account
    address = (account.email if account else None) or speaker.email
    language = account.language if account and account.language else None
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    return address, language


def _tell_speaker(proposal: ItemProposal) -> None:
    speaker, item = proposal.speaker, proposal.item
    address, language = _speaker_address(speaker)
    if not address:
        return
    accepted = proposal.status == ProposalStatus.ACCEPTED
    with force_locale(language):
        context = dict(speaker=speaker, item=item, event=item.event, accepted=accepted,
                       proposal=proposal, portal_url=email_link("portal.item", item_id=item.id))
        subject = (_("Your change to %(title)s was accepted", title=item.title) if accepted
                   else _("Your change to %(title)s was not accepted", title=item.title))
        queue_email(kind=PROPOSAL_EMAIL_KIND, recipient=address, subject=subject,
                    text=render_template("portal/email/proposal_decided.txt", **context),
                    event_id=item.event_id)

