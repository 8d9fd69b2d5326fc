"""A published event with an organiser, and the accounts that must be refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.extensions import Base, db
from eventapp.models import EventRoleKind
from tests.conftest import login
from tests.factories import make_account, make_event, make_room


def account(email: str, **kwargs):
    """A test account (the testing config hashes its password cheaply)."""
    return make_account(email, **kwargs)


@dataclass
class World:
    slug: str
    event_id: int
    other_slug: str
    day: date
    rooms: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        day = date.today() + timedelta(days=40)
        event = make_event(slug="forum", title="Forum Ekonomii Społecznej", start_date=day,
                           end_date=day + timedelta(days=1))
        other = make_event(slug="inne", title="Inne wydarzenie")
        room_a = make_room(event, "Sala A", 0)
        room_b = make_room(event, "Sala B", 1)
        accounts = {
            "organiser": account("org@example.org", event=event, role=EventRoleKind.ORGANISER).email,
            "staff": account("staff@example.org", event=event, role=EventRoleKind.STAFF).email,
            "speaker": account("mowca@example.org", event=event, role=EventRoleKind.SPEAKER).email,
            "other-organiser": account("obcy@example.org", event=other, role=EventRoleKind.ORGANISER).email,
            "admin": account("admin@example.org", is_admin=True).email,
            "nobody": account("nikt@example.org").email,
        }
        db.session.commit()
        return World(slug=event.slug, event_id=event.id, other_slug=other.slug, day=day,
                     rooms={"A": room_a.id, "B": room_b.id}, accounts=accounts)


@pytest.fixture
def as_organiser(client, world):
    login(client, world.accounts["organiser"])
    return client


def row_counts(app) -> dict[str, int]:
    """Rows per table: a refused request must leave every one as it was."""
    with app.app_context():
        return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}


def snapshot(app, model, ident) -> dict:
    """A row's column values, to prove a refused request changed nothing."""
    with app.app_context():
        row = db.session.get(model, ident)
        return {c.key: getattr(row, c.key) for c in sa.inspect(model).column_attrs} if row else {}
