"""signed-in browsers kept on the server; used sign-up form stamps

Revision ID: h18_0001
Revises: materials_0001
Create Date: 2026-12-04 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import eventapp.models.types


# revision identifiers, used by Alembic.
revision = 'h18_0001'
down_revision = 'c20_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_account_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_sessions_token_hash'))
    )
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_sessions_account_id'), ['account_id'], unique=False)

    op.create_table('used_form_stamps',
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('used_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('nonce', name=op.f('pk_used_form_stamps'))
    )
    with op.batch_alter_table('used_form_stamps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_form_stamps_used_at'), ['used_at'], unique=False)


def downgrade():
    with op.batch_alter_table('used_form_stamps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_form_stamps_used_at'))

    op.drop_table('used_form_stamps')
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_sessions_account_id'))

    op.drop_table('account_sessions')
