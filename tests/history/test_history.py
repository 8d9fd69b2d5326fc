"""The history keeps who changed which fields of an item or speaker, and when."""

from __future__ import annotations

from datetime import timedelta

from eventapp.extensions import db
from eventapp.history.services import apply_changes, event_history, record
from eventapp.models import ItemStatus
from tests import factories


def test_apply_changes_records_only_fields_that_changed(ctx):
    event = factories.make_event()
    item = factories.make_item(event, title="Otwarcie")
    organiser = factories.make_account("org@example.org")
    db.session.commit()
    new_start = item.start_dt + timedelta(minutes=30)

    changes = apply_changes(item, {"title": "Otwarcie", "start_dt": new_start,
                                   "status": ItemStatus.CANCELLED})
    record(event, "item_changed", item=item, account=organiser, changes=changes)
    db.session.commit()

    assert item.start_dt == new_start and item.status is ItemStatus.CANCELLED
    assert set(changes) == {"start_dt", "status"}
    assert changes["status"] == ["scheduled", "cancelled"]
    [entry] = event_history(event)
    assert entry.account.email == "org@example.org"
    assert entry.item.title == "Otwarcie"
    assert entry.changes["start_dt"][1] == new_start.isoformat()


def test_history_is_per_event_and_newest_first(ctx):
    event, other = factories.make_event(), factories.make_event()
    item = factories.make_item(event)
    db.session.commit()
    record(event, "item_created", item=item)
    record(event, "item_cancelled", item=item)
    record(other, "item_created")
    db.session.commit()

    assert [e.action for e in event_history(event)] == ["item_cancelled", "item_created"]
    assert [e.action for e in event_history(event, item=item)] == ["item_cancelled", "item_created"]
    assert [e.action for e in event_history(other)] == ["item_created"]
