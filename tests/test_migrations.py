"""The migrations build exactly the schema the models describe, on every backend."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from eventapp import create_app
from eventapp.extensions import Base, db


def _index_names(inspector, table):
    return {ix["name"] for ix in inspector.get_indexes(table)}


def test_migrations_match_models(empty_database):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            inspector = sa.inspect(conn)
            tables = set(inspector.get_table_names()) - {"alembic_version"}
            checkin_indexes = _index_names(inspector, "checkins")
        db.engine.dispose()
    assert differences == []
    assert tables == set(Base.metadata.tables)
    # The partial unique indexes that stop double check-ins are there.
    assert {"uq_checkins_registration_day_live", "uq_checkins_registration_item_live"} <= checkin_indexes
