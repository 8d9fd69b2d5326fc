"""outbox messages may be stored as what is to be said, rendered by the worker

Revision ID: q13_0001
Revises: p15_0001
Create Date: 2026-12-04 19:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'q13_0001'
down_revision = 'p15_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.alter_column('message', existing_type=sa.LargeBinary(), nullable=True)


def downgrade():
    op.execute("DELETE FROM outbound_emails WHERE message IS NULL")
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.alter_column('message', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('payload')
        batch_op.drop_column('language')
