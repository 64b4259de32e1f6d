"""open lessons

Revision ID: 0003_open_lessons
Revises: 0002_pairings
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_open_lessons"
down_revision = "0002_pairings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_lesson_period_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_period')),
    sa.UniqueConstraint('semester_id', 'number', name='uq_lesson_period_semester_number')
    )
    with op.batch_alter_table('lesson_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_period_semester_id'), ['semester_id'], unique=False)

    op.create_table('lesson_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_lesson_room_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_room')),
    sa.UniqueConstraint('semester_id', 'name', name='uq_lesson_room_semester_name')
    )
    with op.batch_alter_table('lesson_room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_room_semester_id'), ['semester_id'], unique=False)

    op.create_table('lesson_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('declare_from', sa.Date(), nullable=False),
    sa.Column('declare_until', sa.Date(), nullable=False),
    sa.Column('min_observers', sa.Integer(), nullable=False),
    sa.Column('observe_target', sa.Integer(), nullable=False),
    sa.Column('feedback_days', sa.Integer(), nullable=False),
    sa.Column('names_visible', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_lesson_settings_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_settings')),
    sa.UniqueConstraint('semester_id', name=op.f('uq_lesson_settings_semester_id'))
    )
    op.create_table('rubric_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_rubric_item_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_item')),
    sa.UniqueConstraint('semester_id', 'name', name='uq_rubric_item_semester_name')
    )
    with op.batch_alter_table('rubric_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubric_item_semester_id'), ['semester_id'], unique=False)

    op.create_table('open_lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('class_name', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('lesson_date', sa.Date(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('reflected_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('period BETWEEN 1 AND 8', name=op.f('ck_open_lesson_period_range')),
    sa.CheckConstraint('seats >= 1', name=op.f('ck_open_lesson_seats_positive')),
    sa.ForeignKeyConstraint(['room_id'], ['lesson_room.id'], name=op.f('fk_open_lesson_room_id_lesson_room')),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_open_lesson_semester_id_semester'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['staff.id'], name=op.f('fk_open_lesson_teacher_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_lesson')),
    sa.UniqueConstraint('room_id', 'lesson_date', 'period', name='uq_open_lesson_room_slot'),
    sa.UniqueConstraint('semester_id', 'teacher_id', name='uq_open_lesson_semester_teacher')
    )
    with op.batch_alter_table('open_lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_lesson_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_open_lesson_semester_id'), ['semester_id'], unique=False)
        batch_op.create_index('ix_open_lesson_slot', ['lesson_date', 'period'], unique=False)
        batch_op.create_index(batch_op.f('ix_open_lesson_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('lesson_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('suggestions', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['open_lesson.id'], name=op.f('fk_lesson_feedback_lesson_id_open_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observer_id'], ['staff.id'], name=op.f('fk_lesson_feedback_observer_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_feedback')),
    sa.UniqueConstraint('lesson_id', 'observer_id', name='uq_lesson_feedback_lesson_observer')
    )
    with op.batch_alter_table('lesson_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_feedback_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_feedback_observer_id'), ['observer_id'], unique=False)

    op.create_table('lesson_observer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['staff.id'], name=op.f('fk_lesson_observer_invited_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['open_lesson.id'], name=op.f('fk_lesson_observer_lesson_id_open_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_lesson_observer_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_observer')),
    sa.UniqueConstraint('lesson_id', 'staff_id', name='uq_lesson_observer_lesson_staff')
    )
    with op.batch_alter_table('lesson_observer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_observer_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index('ix_lesson_observer_staff_status', ['staff_id', 'status'], unique=False)

    op.create_table('feedback_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('rubric_item_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_feedback_score_score_range')),
    sa.ForeignKeyConstraint(['feedback_id'], ['lesson_feedback.id'], name=op.f('fk_feedback_score_feedback_id_lesson_feedback'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rubric_item_id'], ['rubric_item.id'], name=op.f('fk_feedback_score_rubric_item_id_rubric_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_score')),
    sa.UniqueConstraint('feedback_id', 'rubric_item_id', name='uq_feedback_score_feedback_item')
    )
    with op.batch_alter_table('feedback_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_score_feedback_id'), ['feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_score_rubric_item_id'), ['rubric_item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_score_rubric_item_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_score_feedback_id'))

    op.drop_table('feedback_score')
    with op.batch_alter_table('lesson_observer', schema=None) as batch_op:
        batch_op.drop_index('ix_lesson_observer_staff_status')
        batch_op.drop_index(batch_op.f('ix_lesson_observer_lesson_id'))

    op.drop_table('lesson_observer')
    with op.batch_alter_table('lesson_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_feedback_observer_id'))
        batch_op.drop_index(batch_op.f('ix_lesson_feedback_lesson_id'))

    op.drop_table('lesson_feedback')
    with op.batch_alter_table('open_lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_lesson_teacher_id'))
        batch_op.drop_index('ix_open_lesson_slot')
        batch_op.drop_index(batch_op.f('ix_open_lesson_semester_id'))
        batch_op.drop_index(batch_op.f('ix_open_lesson_room_id'))

    op.drop_table('open_lesson')
    with op.batch_alter_table('rubric_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubric_item_semester_id'))

    op.drop_table('rubric_item')
    op.drop_table('lesson_settings')
    with op.batch_alter_table('lesson_room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_room_semester_id'))

    op.drop_table('lesson_room')
    with op.batch_alter_table('lesson_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_period_semester_id'))

    op.drop_table('lesson_period')
