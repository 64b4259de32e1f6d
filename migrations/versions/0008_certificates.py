"""certificates: serials, batch jobs

Revision ID: 0008_certificates
Revises: 0007_selection_honours
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_certificates"
down_revision = "0007_selection_honours"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_serial_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_serial_counter')),
    sa.UniqueConstraint('year', name=op.f('uq_certificate_serial_counter_year'))
    )
    op.create_table('certificate_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('certificate_ids', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_certificate_job_created_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_job'))
    )
    with op.batch_alter_table('certificate_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_job_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('recipient_name', sa.String(length=60), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=True),
    sa.Column('pairing_id', sa.Integer(), nullable=True),
    sa.Column('lesson_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('honour', 'pairing', 'lesson', 'speaker', 'training')", name=op.f('ck_certificate_kind')),
    sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_certificate_award_id_award'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_certificate_event_id_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_certificate_issued_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['open_lesson.id'], name=op.f('fk_certificate_lesson_id_open_lesson'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_certificate_pairing_id_pairing'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['staff.id'], name=op.f('fk_certificate_revoked_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_certificate_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificate_serial'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_award_id'), ['award_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_staff_id'), ['staff_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_staff_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_pairing_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_lesson_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_event_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_award_id'))

    op.drop_table('certificate')
    with op.batch_alter_table('certificate_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_job_created_by_id'))

    op.drop_table('certificate_job')
    op.drop_table('certificate_serial_counter')
