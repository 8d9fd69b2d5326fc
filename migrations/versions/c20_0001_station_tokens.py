"""station tokens

Revision ID: c20_0001
Revises: materials_0001
Create Date: 2026-12-04 20:05:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.models.types


# revision identifiers, used by Alembic.
revision = 'c20_0001'
down_revision = 'materials_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('station_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['accounts.id'], name=op.f('fk_station_tokens_created_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_station_tokens_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['accounts.id'], name=op.f('fk_station_tokens_revoked_by_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_station_tokens_token_hash'))
    )
    with op.batch_alter_table('station_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_tokens_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('station_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_station_tokens_event_id'))

    op.drop_table('station_tokens')
