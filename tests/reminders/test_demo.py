"""The demo shows reminders in both states: the seminar's own, the forum's switched off."""

from datetime import time

import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Event
from eventapp.reminders import schedule


def test_the_demo_has_reminders_configured(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
        plans = {slug: [(r.days_before, r.at_local) for r in schedule.reminders(e)] for slug, e in events.items()}
    assert [] in plans.values()
    assert [(7, time(18)), (1, time(10))] in plans.values()
