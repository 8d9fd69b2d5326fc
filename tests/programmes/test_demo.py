"""The demo's programme: three events, targets, returning people, spellings waiting for review."""

import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Event, ProgrammeEvent
from eventapp.programmes import identity
from eventapp.programmes.demo import SLUG
from eventapp.programmes.report import build_report
from eventapp.programmes.services import get_programme_by_slug
from eventapp.reports.services import attendance_summary
from tests.conftest import login


def test_the_demo_events_form_one_programme_with_targets_and_shared_people(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        programme = get_programme_by_slug(SLUG)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeEvent)) == 3
        report = build_report(programme)
        registrations = sum(r.registered for r in report.per_event)
        # 24 people of the past seminar registered again: 22 with the same email are counted once,
        # 2 with another address wait for review.
        assert report.registered_people == registrations - 22
        past = db.session.scalar(sa.select(Event).where(Event.slug == "seminarium-csr-2026"))
        assert report.attended_people == attendance_summary(past).attended
        assert [t.target.goal for t in report.targets] == [80, 120, 197, 40]
        assert all(t.count > 0 for t in report.targets[:3])
        # The two planted pairs, and namesakes the random demo names made (as real lists have).
        emails = {e for c in identity.duplicate_candidates(programme) for e in (c.left, c.right)}
        assert len({e for e in emails if e.endswith("@poczta.example.org")}) == 2
        assert len(identity.variant_groups(programme)) >= 2
    login(client, "organizator@demo.eventapp.pl", app.config["DEMO_PASSWORD"])
    page = client.get(f"/manage/programmes/{SLUG}/report/").get_data(as_text=True)
    assert "Przeszkoleni promotorzy CSR" in page
    assert client.get(f"/programmes/{SLUG}/").status_code == 200
