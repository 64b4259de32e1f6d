"""index open lessons by start time (period figures on the dashboard and home page)

Revision ID: 0011_open_lesson_starts_at_index
Revises: 0010_certificate_check_codes
"""
from alembic import op


revision = "0011_open_lesson_starts_at_index"
down_revision = "0010_certificate_check_codes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('open_lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_lesson_starts_at'), ['starts_at'], unique=False)


def downgrade():
    with op.batch_alter_table('open_lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_lesson_starts_at'))
