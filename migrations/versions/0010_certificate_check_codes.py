"""certificate check codes

Certificates issued before this revision get a random code now; their printed copies carry none, so
whoever holds one asks the issuing desk (which shows the code) or prints the certificate again.

Revision ID: 0010_certificate_check_codes
Revises: 0009_audit
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = "0010_certificate_check_codes"
down_revision = "0009_audit"
branch_labels = None
depends_on = None

# Frozen copy of blueprints.certificates.check_codes at this revision: a migration must not change with the app.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_check_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def upgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_code', sa.String(length=8), nullable=True))
    certificate = sa.table('certificate', sa.column('id', sa.Integer()), sa.column('check_code', sa.String(8)))
    connection = op.get_bind()
    ids = connection.execute(sa.select(certificate.c.id)).scalars().all()
    for cert_id in ids:
        connection.execute(certificate.update().where(certificate.c.id == cert_id).values(check_code=new_check_code()))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('check_code', existing_type=sa.String(length=8), nullable=False)


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('check_code')
