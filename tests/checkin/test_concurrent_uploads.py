"""Two stations upload offline scans of the same badges in opposite order at the same moment:
both answer 200, each person is checked in once and the other scan is a duplicate conflict.
(Recorded in the order scanned, about half of such pairs deadlocked on PostgreSQL.)"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.manage.station_tokens import create_token
from eventapp.models import CheckIn, CheckInConflict
from tests.checkin.helpers import D1, build_world
from tests.factories import make_registration

ROUNDS, PEOPLE = 4, 30


@pytest.fixture
def world(app):
    with app.app_context():
        world = build_world()
        people = [[make_registration(world.event).badge_code for _ in range(PEOPLE)] for _ in range(ROUNDS)]
        _a, token_a = create_token(world.event, "Wejście A", world.organiser)
        _b, token_b = create_token(world.event, "Wejście B", world.organiser)
        return {"slug": world.event.slug, "people": people, "tokens": (token_a, token_b)}


def batch(codes: list[str], station: str) -> dict:
    return {"scans": [{"scan_id": f"{station}-{code}", "code": code, "day": D1.isoformat(),
                       "scanned_at": f"2026-06-16T07:{n // 60:02d}:{n % 60:02d}Z"} for n, code in enumerate(codes)]}


def test_opposite_uploads_of_the_same_badges_never_fail(app, world):
    url = f"/api/events/{world['slug']}/checkins/batch"
    for round_codes in world["people"]:
        answers = {}
        start = threading.Barrier(2)

        def upload(name, token, codes, answers=answers, start=start):
            client = app.test_client()
            body = batch(codes, name)
            start.wait()
            answers[name] = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})

        threads = [threading.Thread(target=upload, args=("a", world["tokens"][0], round_codes)),
                   threading.Thread(target=upload, args=("b", world["tokens"][1], round_codes[::-1]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert {name: answer.status_code for name, answer in answers.items()} == {"a": 200, "b": 200}
        for name in ("a", "b"):
            outcomes = {r["outcome"] for r in answers[name].get_json()["results"]}
            assert outcomes <= {"checked_in", "already"}
    with app.app_context():
        live = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).where(CheckIn.undone_at.is_(None)))
        conflicts = db.session.scalar(sa.select(sa.func.count()).select_from(CheckInConflict))
        assert live == ROUNDS * PEOPLE
        assert conflicts == ROUNDS * PEOPLE
