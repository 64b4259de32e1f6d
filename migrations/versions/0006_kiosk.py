"""kiosk sign-in: personal codes, kiosks, idempotent requests

Revision ID: 0006_kiosk
Revises: 0005_calendars
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_kiosk"
down_revision = "0005_calendars"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kiosk_sign_in_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_kiosk_sign_in_code_issued_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_kiosk_sign_in_code_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_sign_in_code')),
    sa.UniqueConstraint('code', name=op.f('uq_kiosk_sign_in_code_code')),
    sa.UniqueConstraint('staff_id', name=op.f('uq_kiosk_sign_in_code_staff_id'))
    )
    op.create_table('kiosk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('opens_minutes_before', sa.Integer(), nullable=False),
    sa.Column('closes_minutes_after', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('closes_minutes_after >= 0', name=op.f('ck_kiosk_closes_not_negative')),
    sa.CheckConstraint('opens_minutes_before >= 0', name=op.f('ck_kiosk_opens_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_kiosk_created_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_kiosk_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['staff.id'], name=op.f('fk_kiosk_revoked_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk')),
    sa.UniqueConstraint('token', name=op.f('uq_kiosk_token'))
    )
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_event_id'), ['event_id'], unique=False)

    op.create_table('kiosk_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('attendance_id', sa.Integer(), nullable=True),
    sa.Column('moment', sa.DateTime(), nullable=True),
    sa.Column('undo_of_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attendance_id'], ['event_attendance.id'], name=op.f('fk_kiosk_request_attendance_id_event_attendance'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kiosk_id'], ['kiosk.id'], name=op.f('fk_kiosk_request_kiosk_id_kiosk'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_kiosk_request_staff_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['undo_of_id'], ['kiosk_request.id'], name=op.f('fk_kiosk_request_undo_of_id_kiosk_request'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_request')),
    sa.UniqueConstraint('kiosk_id', 'key', name='uq_kiosk_request_kiosk_key')
    )
    with op.batch_alter_table('kiosk_request', schema=None) as batch_op:
        batch_op.create_index('ix_kiosk_request_attendance_id', ['attendance_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kiosk_request', schema=None) as batch_op:
        batch_op.drop_index('ix_kiosk_request_attendance_id')

    op.drop_table('kiosk_request')
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_event_id'))

    op.drop_table('kiosk')
    op.drop_table('kiosk_sign_in_code')
