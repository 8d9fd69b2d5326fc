"""feeds_0001 gives every existing registration and speaker its own calendar token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from eventapp import create_app
from eventapp.extensions import db
from eventapp.tokens import looks_like_token


def test_existing_rows_get_distinct_tokens(empty_database):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade(revision="0001_initial")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO events (id, slug, title, summary, description, timezone, start_date, end_date,"
                " venue_name, venue_address, venue_city, status, eu_funded, speaker_changes_need_approval,"
                " created_at, updated_at) VALUES (1, 'e', 'E', '', '', 'Europe/Warsaw', '2026-10-24',"
                " '2026-10-25', '', '', '', 'published', false, false, '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00')"))
            for n in range(3):
                conn.execute(sa.text(
                    "INSERT INTO registrations (event_id, first_name, last_name, email, organisation,"
                    " organisation_type, position, language, status, source, manage_token, badge_code,"
                    " photo_consent, created_at, updated_at) VALUES (1, 'Ala', 'Żak', :email, '', 'ngo', '',"
                    " 'pl', 'confirmed', 'online', :manage, :badge, false, '2026-01-01 00:00:00',"
                    " '2026-01-01 00:00:00')"),
                    {"email": f"a{n}@example.org", "manage": f"m{n}", "badge": f"b{n}"})
                conn.execute(sa.text(
                    "INSERT INTO speakers (name, organisation, position, bio, created_at, updated_at)"
                    " VALUES (:name, '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                    {"name": f"Prelegent {n}"})
        upgrade(revision="feeds_0001")
        with db.engine.connect() as conn:
            tokens = [conn.execute(sa.text(f"SELECT calendar_token FROM {table}")).scalars().all()
                      for table in ("registrations", "speakers")]
            manage = set(conn.execute(sa.text("SELECT manage_token FROM registrations")).scalars())
        all_tokens = tokens[0] + tokens[1]
        assert len(all_tokens) == 6 and len(set(all_tokens)) == 6
        assert all(looks_like_token(t) for t in all_tokens)
        assert not manage & set(all_tokens)
        # The database refuses a duplicate token.
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE speakers SET calendar_token = :t"), {"t": tokens[1][0]})
        downgrade(revision="0001_initial")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("registrations")}
        assert "calendar_token" not in columns
        db.engine.dispose()
