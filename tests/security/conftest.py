"""The attacker suite's world: the demo data, so every page has something to show."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventapp import demo
from eventapp.extensions import db
from eventapp.models import Account, Event
from tests.security.walker import real_values


@pytest.fixture
def demo_world(app):
    """The demo loaded; the administrator's id and real URL values for every event."""
    with app.app_context():
        demo.load()
        admin = db.session.scalar(sa.select(Account).where(Account.is_admin.is_(True)))
        events = list(db.session.scalars(sa.select(Event).order_by(Event.start_date)))
        return {"admin": admin.id, "values": [real_values(event) for event in events]}
