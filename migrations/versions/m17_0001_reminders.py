"""reminders before an event

Revision ID: m17_0001
Revises: q13_0001
Create Date: 2026-12-04 20:50:00

"""
from alembic import op
import sqlalchemy as sa

import eventapp.models.types


# revision identifiers, used by Alembic.
revision = 'm17_0001'
down_revision = 'q13_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_reminder_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_reminder_settings'))
    )
    op.create_table('event_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('at_local', sa.Time(), nullable=False),
    sa.Column('created_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_reminders_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_reminders')),
    sa.UniqueConstraint('event_id', 'days_before', 'at_local', name=op.f('uq_event_reminders_event_id_days_before_at_local'))
    )
    with op.batch_alter_table('event_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_reminders_event_id'), ['event_id'], unique=False)
    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('reminder_key', sa.String(length=16), nullable=False),
    sa.Column('email_id', sa.Integer(), nullable=True),
    sa.Column('queued_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['email_id'], ['outbound_emails.id'], name=op.f('fk_reminders_sent_email_id_outbound_emails'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_reminders_sent_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('registration_id', 'reminder_key', name=op.f('uq_reminders_sent_registration_id_reminder_key'))
    )


def downgrade():
    op.drop_table('reminders_sent')
    with op.batch_alter_table('event_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_reminders_event_id'))
    op.drop_table('event_reminders')
    op.drop_table('reminder_settings')
