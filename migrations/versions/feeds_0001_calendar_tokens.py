"""calendar tokens: a read-only secret for personal calendar feeds

Registrations and speakers get `calendar_token`, separate from the registration's
manage_token: a calendar URL is synced to third-party servers, so it must open nothing
but the feed. Existing rows get a fresh random token each.

Revision ID: feeds_0001
Revises: 0001_initial
Create Date: 2026-11-23 16:47:59.946207

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'feeds_0001'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

TABLES = ('registrations', 'speakers')


def _new_token() -> str:
    # Kept here rather than imported: a migration must not change when the app's code does.
    return secrets.token_urlsafe(24)


def upgrade():
    connection = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column('calendar_token', sa.String))
        ids = connection.execute(sa.select(rows.c.id)).scalars().all()
        for row_id in ids:
            connection.execute(
                rows.update().where(rows.c.id == row_id).values(calendar_token=_new_token())
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('calendar_token', existing_type=sa.String(length=64), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_calendar_token'), ['calendar_token'])


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_calendar_token'), type_='unique')
            batch_op.drop_column('calendar_token')
