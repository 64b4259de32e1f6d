"""events

Revision ID: 0004_events
Revises: 0003_open_lessons
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_events"
down_revision = "0003_open_lessons"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('young_max_age', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('registration_opens_at', sa.DateTime(), nullable=True),
    sa.Column('registration_closes_at', sa.DateTime(), nullable=True),
    sa.Column('walk_ins_allowed', sa.Boolean(), nullable=False),
    sa.Column('training_hours', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_event_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_event_ends_after_start')),
    sa.CheckConstraint('training_hours >= 0', name=op.f('ck_event_hours_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_event_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_event_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_event_starts_at', ['starts_at'], unique=False)

    op.create_table('event_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('signed_in_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_attendance_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_event_attendance_recorded_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_attendance_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendance')),
    sa.UniqueConstraint('event_id', 'staff_id', name='uq_event_attendance_event_staff')
    )
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendance_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendance_staff_id'), ['staff_id'], unique=False)

    op.create_table('event_audience_group',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_audience_group_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_event_audience_group_group_id_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'group_id', name=op.f('pk_event_audience_group'))
    )
    op.create_table('event_checklist_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff.id'], name=op.f('fk_event_checklist_item_done_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_checklist_item_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_checklist_item'))
    )
    with op.batch_alter_table('event_checklist_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_checklist_item_event_id'), ['event_id'], unique=False)

    op.create_table('event_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('notice_pending', sa.Boolean(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['staff.id'], name=op.f('fk_event_registration_added_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_registration_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_registration_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registration')),
    sa.UniqueConstraint('event_id', 'staff_id', name='uq_event_registration_event_staff')
    )
    with op.batch_alter_table('event_registration', schema=None) as batch_op:
        batch_op.create_index('ix_event_registration_event_status', ['event_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registration_staff_id'), ['staff_id'], unique=False)

    op.create_table('event_speaker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('guest_name', sa.String(length=40), nullable=False),
    sa.Column('guest_affiliation', sa.String(length=100), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("staff_id IS NOT NULL OR guest_name <> ''", name=op.f('ck_event_speaker_someone')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_speaker_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_speaker_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_speaker'))
    )
    with op.batch_alter_table('event_speaker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_speaker_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_speaker_staff_id'), ['staff_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_speaker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_speaker_staff_id'))
        batch_op.drop_index(batch_op.f('ix_event_speaker_event_id'))

    op.drop_table('event_speaker')
    with op.batch_alter_table('event_registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registration_staff_id'))
        batch_op.drop_index('ix_event_registration_event_status')

    op.drop_table('event_registration')
    with op.batch_alter_table('event_checklist_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_checklist_item_event_id'))

    op.drop_table('event_checklist_item')
    op.drop_table('event_audience_group')
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendance_staff_id'))
        batch_op.drop_index(batch_op.f('ix_event_attendance_event_id'))

    op.drop_table('event_attendance')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_starts_at')
        batch_op.drop_index(batch_op.f('ix_event_group_id'))

    op.drop_table('event')
