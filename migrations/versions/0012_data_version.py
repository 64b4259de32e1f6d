"""data_version: one number raised by every transaction that writes (core.freshness)

Revision ID: 0012_data_version
Revises: 0011_open_lesson_starts_at_index
"""
import sqlalchemy as sa
from alembic import op


revision = "0012_data_version"
down_revision = "0011_open_lesson_starts_at_index"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade():
    op.drop_table("data_version")
