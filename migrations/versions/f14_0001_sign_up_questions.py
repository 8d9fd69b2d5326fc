"""sign-up questions: the organiser's own questions per event, answers, ready-made sets switched on

Revision ID: f14_0001
Revises: materials_0001
Create Date: 2026-12-04 19:28:06.257482

"""
from alembic import op
import sqlalchemy as sa

import eventapp.models.types


# revision identifiers, used by Alembic.
revision = 'f14_0001'
down_revision = 'c20_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_set_uses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('set_key', sa.String(length=32), nullable=False),
    sa.Column('note_pl', sa.Text(), nullable=False),
    sa.Column('note_en', sa.Text(), nullable=False),
    sa.Column('created_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_question_set_uses_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_set_uses')),
    sa.UniqueConstraint('event_id', 'set_key', name=op.f('uq_question_set_uses_event_id_set_key'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('short_text', 'long_text', 'number', 'date', 'yes_no', 'choice', 'multi_choice', 'county', 'municipality', 'consent', name='question_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('widget', sa.String(length=10), nullable=False),
    sa.Column('label_pl', sa.Text(), nullable=False),
    sa.Column('label_en', sa.Text(), nullable=False),
    sa.Column('help_pl', sa.Text(), nullable=False),
    sa.Column('help_en', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.Enum('organisers', 'staff', name='question_visibility', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('text_check', sa.String(length=20), nullable=True),
    sa.Column('allow_decline', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('condition_question_id', sa.Integer(), nullable=True),
    sa.Column('condition_option', sa.String(length=64), nullable=True),
    sa.Column('set_key', sa.String(length=32), nullable=True),
    sa.Column('origin_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('condition_question_id IS NULL OR condition_option IS NOT NULL', name=op.f('ck_questions_condition_names_option')),
    sa.ForeignKeyConstraint(['condition_question_id'], ['questions.id'], name=op.f('fk_questions_condition_question_id_questions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('event_id', 'set_key', 'origin_key', name=op.f('uq_questions_event_id_set_key_origin_key'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index('ix_questions_event_position', ['event_id', 'position'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('declined_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', eventapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_answers_question_id_questions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_answers_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('registration_id', 'question_id', name=op.f('uq_answers_registration_id_question_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_question', ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_question')

    op.drop_table('answers')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_event_position')

    op.drop_table('questions')
    op.drop_table('question_set_uses')
