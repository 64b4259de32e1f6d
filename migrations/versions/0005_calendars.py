"""calendars: event series, holidays, iCalendar feeds

Revision ID: 0005_calendars
Revises: 0004_events
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_calendars"
down_revision = "0004_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_fetched_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_calendar_feed_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed'))
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index('uq_calendar_feed_one_active', ['staff_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    op.create_table('event_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('rrule', sa.String(length=300), nullable=False),
    sa.Column('dtstart', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('opens_days_before', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_event_series_duration_positive')),
    sa.CheckConstraint('until IS NOT NULL OR count IS NOT NULL', name=op.f('ck_event_series_has_an_end')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_event_series_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_event_series_group_id_group')),
    sa.ForeignKeyConstraint(['previous_id'], ['event_series.id'], name=op.f('fk_event_series_previous_id_event_series'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_series'))
    )
    with op.batch_alter_table('event_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_series_group_id'), ['group_id'], unique=False)

    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_holiday_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_holiday_created_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday')),
    sa.UniqueConstraint('name', 'start_date', name='uq_holiday_name_start')
    )
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.create_index('ix_holiday_dates', ['start_date', 'end_date'], unique=False)

    op.create_table('calendar_feed_group',
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['calendar_feed.id'], name=op.f('fk_calendar_feed_group_feed_id_calendar_feed'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_calendar_feed_group_group_id_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('feed_id', 'group_id', name=op.f('pk_calendar_feed_group'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('original_starts_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_series_id'), ['series_id'], unique=False)
        batch_op.create_unique_constraint('uq_event_series_original_start', ['series_id', 'original_starts_at'])
        batch_op.create_foreign_key(batch_op.f('fk_event_series_id_event_series'), 'event_series', ['series_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_series_id_event_series'), type_='foreignkey')
        batch_op.drop_constraint('uq_event_series_original_start', type_='unique')
        batch_op.drop_index(batch_op.f('ix_event_series_id'))
        batch_op.drop_column('original_starts_at')
        batch_op.drop_column('series_id')

    op.drop_table('calendar_feed_group')
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.drop_index('ix_holiday_dates')

    op.drop_table('holiday')
    with op.batch_alter_table('event_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_series_group_id'))

    op.drop_table('event_series')
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index('uq_calendar_feed_one_active', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_calendar_feed_staff_id'))

    op.drop_table('calendar_feed')
