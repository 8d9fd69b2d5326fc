"""A participant's data as JSON; anonymisation of finished events keeps every count."""

import json
from datetime import date, timedelta

import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.mail.outbox import queue_email
from eventapp.models import (
    CheckIn,
    CheckInSource,
    ConsentKind,
    ConsentText,
    EventStatus,
    OrganisationType,
    OutboundEmail,
    Registration,
    RegistrationConsent,
    RegistrationStatus,
    utcnow,
)
from eventapp.privacy.services import anonymise_finished_events, export_data
from eventapp.registration.services import find_by_badge_code, find_by_manage_token
from eventapp.tokens import new_token
from tests.factories import make_event, make_registration


def _past_event(days_ago: int, slug: str):
    start = date.today() - timedelta(days=days_ago)
    event = make_event(slug=slug, start_date=start, end_date=start + timedelta(days=1), status=EventStatus.FINISHED)
    text = ConsentText(kind=ConsentKind.DATA_PROCESSING, version=slug, language="pl", text="Zgoda na przetwarzanie.")
    types = [OrganisationType.NGO, OrganisationType.BUSINESS, OrganisationType.PUBLIC_ADMINISTRATION]
    for n in range(9):
        reg = make_registration(event, email=f"{slug}{n}@example.org", first_name="Łucja", last_name=f"Ćwik{n}",
                                phone="+48 600 000 000", organisation_type=types[n % 3],
                                status=RegistrationStatus.CANCELLED if n == 8 else RegistrationStatus.CONFIRMED)
        reg.consents.append(RegistrationConsent(consent_text=text))
        for day in event.days[: 1 + n % 2]:
            db.session.add(CheckIn(event=event, registration=reg, day=day, scanned_at=utcnow(), scan_id=new_token(),
                                   source=CheckInSource.SCANNER))
        queue_email(kind="confirmation", recipient=reg.email, subject="Potwierdzenie", text=f"Dzień dobry {reg.last_name}",
                    event_id=event.id, registration_id=reg.id)
    db.session.commit()
    return event


def _counts(event_id):
    by_status = dict(db.session.execute(
        sa.select(Registration.status, sa.func.count()).where(Registration.event_id == event_id)
        .group_by(Registration.status)).all())
    by_type = dict(db.session.execute(
        sa.select(Registration.organisation_type, sa.func.count()).where(Registration.event_id == event_id)
        .group_by(Registration.organisation_type)).all())
    by_day = dict(db.session.execute(
        sa.select(CheckIn.day, sa.func.count()).where(CheckIn.event_id == event_id).group_by(CheckIn.day)).all())
    return by_status, by_type, by_day


def test_export_contains_everything_stored_about_the_person(ctx):
    event = _past_event(10, "csr")
    reg = db.session.scalar(sa.select(Registration).where(Registration.email == "csr1@example.org"))
    data = json.loads(json.dumps(export_data(reg)))
    assert data["registration"]["last_name"] == "Ćwik1" and data["registration"]["phone"] == "+48 600 000 000"
    assert data["consents"][0]["text"] == "Zgoda na przetwarzanie."
    assert [c["day"] for c in data["check_ins"]] == [d.isoformat() for d in event.days]
    assert data["emails"][0]["subject"] == "Potwierdzenie"
    assert data["event"]["title"] == event.title


def test_anonymising_old_events_keeps_the_counts_and_forgets_the_people(ctx):
    old = _past_event(200, "stare")
    recent = _past_event(10, "nowe")
    old_id, recent_id = old.id, recent.id
    old_tokens = [(r.manage_token, r.badge_code, r.calendar_token) for r in
                  db.session.scalars(sa.select(Registration).where(Registration.event_id == old_id))]
    before = _counts(old_id)

    messages = []
    assert anonymise_finished_events(90, progress=messages.append) == 9
    assert messages and "stare" in messages[-1]
    db.session.expire_all()

    assert _counts(old_id) == before
    people = db.session.scalars(sa.select(Registration).where(Registration.event_id == old_id)).all()
    assert all(p.anonymised_at is not None and p.phone is None for p in people)
    assert not any("Ćwik" in p.last_name or "example.org" in p.email for p in people)
    current_calendar_tokens = set(db.session.scalars(sa.select(Registration.calendar_token)))
    for manage_token, badge_code, calendar_token in old_tokens:
        assert find_by_manage_token(old, manage_token) is None
        assert find_by_badge_code(badge_code) is None
        assert calendar_token not in current_calendar_tokens
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)
                             .where(OutboundEmail.event_id == old_id)) == 0
    # Consent records stay, with nobody's name on them.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrationConsent)) == 18
    # The recent event is untouched, and a second run changes nothing.
    assert db.session.scalar(sa.select(sa.func.count()).where(
        Registration.event_id == recent_id, Registration.anonymised_at.is_(None))) == 9
    assert anonymise_finished_events(90) == 0


def test_anonymise_command_reports_progress(app, runner):
    with app.app_context():
        _past_event(400, "bardzo-stare")
    result = runner.invoke(args=["anonymise", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "bardzo-stare: 9 anonymised" in result.output and "9 registrations anonymised." in result.output
