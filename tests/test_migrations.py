"""The migrations build exactly the schema the models describe, on every backend."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from eventapp import create_app
from eventapp.extensions import Base, db
from tests.conftest import TEST_DATABASE_URL, _psycopg_url


def _fresh_postgres_database() -> str:
    base = sa.engine.make_url(_psycopg_url(TEST_DATABASE_URL))
    name = f"{base.database}_migrations"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL migration check skipped")
    return _fresh_postgres_database()


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
