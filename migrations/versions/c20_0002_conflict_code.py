"""the code scanned for an offline check-in conflict

Revision ID: c20_0002
Revises: h18_0001
Create Date: 2026-12-04 19:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c20_0002'
down_revision = 'h18_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkin_conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('checkin_conflicts', schema=None) as batch_op:
        batch_op.drop_column('code')
