"""scheduled mailings

Revision ID: m17_0002
Revises: m17_0001
Create Date: 2026-12-04 21:10:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.models.types


# revision identifiers, used by Alembic.
revision = 'm17_0002'
down_revision = 'm17_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('send_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.drop_column('send_at')
