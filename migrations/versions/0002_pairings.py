"""mentor pairings and awards

Revision ID: 0002_pairings
Revises: d5c99cf92c00
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_pairings"
down_revision = "d5c99cf92c00"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pairing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('apprentice_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint("state IN ('draft', 'active', 'completed', 'dissolved')", name=op.f('ck_pairing_state')),
    sa.CheckConstraint('mentor_id <> apprentice_id', name=op.f('ck_pairing_not_self')),
    sa.ForeignKeyConstraint(['apprentice_id'], ['staff.id'], name=op.f('fk_pairing_apprentice_id_staff')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_pairing_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['staff.id'], name=op.f('fk_pairing_mentor_id_staff')),
    sa.ForeignKeyConstraint(['previous_id'], ['pairing.id'], name=op.f('fk_pairing_previous_id_pairing'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_pairing_semester_id_semester')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing'))
    )
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_apprentice_id'), ['apprentice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairing_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairing_semester_id'), ['semester_id'], unique=False)
        batch_op.create_index('uq_pairing_one_open_per_apprentice', ['semester_id', 'apprentice_id'], unique=True, sqlite_where=sa.text("state IN ('draft', 'active')"), postgresql_where=sa.text("state IN ('draft', 'active')"))

    op.create_table('pairing_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('max_apprentices', sa.Integer(), nullable=False),
    sa.Column('quiet_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_pairing_settings_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_settings')),
    sa.UniqueConstraint('semester_id', name=op.f('uq_pairing_settings_semester_id'))
    )
    op.create_table('award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_kind', sa.String(length=10), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('recipient_name', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('issuer', sa.String(length=80), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("level IN ('校', '县', '市', '省', '国家')", name=op.f('ck_award_level')),
    sa.CheckConstraint("recipient_kind IN ('teacher', 'group', 'pupil')", name=op.f('ck_award_recipient_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_award_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_award_group_id_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_award_pairing_id_pairing'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_award_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award'))
    )
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_staff_id'), ['staff_id'], unique=False)

    op.create_table('mentoring_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('author_side', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.CheckConstraint("author_side IN ('mentor', 'apprentice')", name=op.f('ck_mentoring_log_author_side')),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_mentoring_log_duration_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_mentoring_log_author_id_staff')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['staff.id'], name=op.f('fk_mentoring_log_confirmed_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_mentoring_log_pairing_id_pairing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_log'))
    )
    with op.batch_alter_table('mentoring_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_log_pairing_id'), ['pairing_id'], unique=False)

    op.create_table('pairing_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=12), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("side IN ('mentor', 'apprentice')", name=op.f('ck_pairing_evaluation_side')),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_pairing_evaluation_author_id_staff')),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_pairing_evaluation_pairing_id_pairing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_evaluation')),
    sa.UniqueConstraint('pairing_id', 'side', name='uq_pairing_evaluation_pairing_side')
    )
    with op.batch_alter_table('pairing_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_evaluation_pairing_id'), ['pairing_id'], unique=False)

    op.create_table('pairing_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=12), nullable=True),
    sa.Column('to_state', sa.String(length=12), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_pairing_event_actor_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_pairing_event_pairing_id_pairing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_event'))
    )
    with op.batch_alter_table('pairing_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_event_pairing_id'), ['pairing_id'], unique=False)

    op.create_table('pairing_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('semester_id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=True),
    sa.Column('metric', sa.String(length=30), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.CheckConstraint('target >= 0', name=op.f('ck_pairing_target_target_not_negative')),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_pairing_target_pairing_id_pairing'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['semester_id'], ['semester.id'], name=op.f('fk_pairing_target_semester_id_semester'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_target'))
    )
    with op.batch_alter_table('pairing_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_target_semester_id'), ['semester_id'], unique=False)
        batch_op.create_index('uq_pairing_target_pairing_metric', ['pairing_id', 'metric'], unique=True, sqlite_where=sa.text('pairing_id IS NOT NULL'), postgresql_where=sa.text('pairing_id IS NOT NULL'))
        batch_op.create_index('uq_pairing_target_semester_metric', ['semester_id', 'metric'], unique=True, sqlite_where=sa.text('pairing_id IS NULL'), postgresql_where=sa.text('pairing_id IS NULL'))


def downgrade():
    with op.batch_alter_table('pairing_target', schema=None) as batch_op:
        batch_op.drop_index('uq_pairing_target_semester_metric', sqlite_where=sa.text('pairing_id IS NULL'), postgresql_where=sa.text('pairing_id IS NULL'))
        batch_op.drop_index('uq_pairing_target_pairing_metric', sqlite_where=sa.text('pairing_id IS NOT NULL'), postgresql_where=sa.text('pairing_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_pairing_target_semester_id'))

    op.drop_table('pairing_target')
    with op.batch_alter_table('pairing_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_event_pairing_id'))

    op.drop_table('pairing_event')
    with op.batch_alter_table('pairing_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_evaluation_pairing_id'))

    op.drop_table('pairing_evaluation')
    with op.batch_alter_table('mentoring_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_log_pairing_id'))

    op.drop_table('mentoring_log')
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_staff_id'))
        batch_op.drop_index(batch_op.f('ix_award_pairing_id'))
        batch_op.drop_index(batch_op.f('ix_award_group_id'))

    op.drop_table('award')
    op.drop_table('pairing_settings')
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.drop_index('uq_pairing_one_open_per_apprentice', sqlite_where=sa.text("state IN ('draft', 'active')"), postgresql_where=sa.text("state IN ('draft', 'active')"))
        batch_op.drop_index(batch_op.f('ix_pairing_semester_id'))
        batch_op.drop_index(batch_op.f('ix_pairing_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_pairing_apprentice_id'))

    op.drop_table('pairing')
