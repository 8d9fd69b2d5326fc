"""`flask demo` loads a realistic demo and prints the logins."""

import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import CheckIn, Event, EventStatus, Registration, RegistrationStatus


def test_demo_loads_three_events_with_registrations_and_checkins(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.eventapp.pl" in result.output and "bramka@demo.eventapp.pl" in result.output
    with app.app_context():
        events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
        assert len(events) == 3
        past = events["seminarium-csr-2026"]
        assert past.status == EventStatus.FINISHED
        statuses = dict(db.session.execute(
            sa.select(Registration.status, sa.func.count()).where(Registration.event_id == past.id)
            .group_by(Registration.status)).all())
        assert statuses[RegistrationStatus.CONFIRMED] == past.capacity
        assert statuses[RegistrationStatus.WAITLISTED] > 0 and statuses[RegistrationStatus.CANCELLED] > 0
        checkins = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).where(CheckIn.event_id == past.id))
        assert checkins > 300
        slugs = list(events)
    for slug in slugs:
        assert client.get(f"/events/{slug}/agenda").status_code == 200
    forum = client.get("/events/forum-wspolpracy-miedzysektorowej/agenda").get_data(as_text=True)
    assert forum.count("Debata panelowa") == 3


def test_demo_if_empty_does_not_load_twice(app, runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded again" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 3


def test_demo_reset_loads_a_fresh_copy(app, runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo", "--reset"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 3
