"""most-admired teacher selection; honours register fields

Revision ID: 0007_selection_honours
Revises: 0006_kiosk
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_selection_honours"
down_revision = "0006_kiosk"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('selection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('nominate_from', sa.Date(), nullable=False),
    sa.Column('nominate_until', sa.Date(), nullable=False),
    sa.Column('vote_from', sa.Date(), nullable=False),
    sa.Column('vote_until', sa.Date(), nullable=False),
    sa.Column('award_on', sa.Date(), nullable=False),
    sa.Column('votes_per_voter', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('nominate_from <= nominate_until', name=op.f('ck_selection_nomination_window')),
    sa.CheckConstraint('nominate_until < vote_from', name=op.f('ck_selection_vote_after_nomination')),
    sa.CheckConstraint('seats >= 1', name=op.f('ck_selection_seats_positive')),
    sa.CheckConstraint('vote_from <= vote_until', name=op.f('ck_selection_vote_window')),
    sa.CheckConstraint('votes_per_voter >= 1', name=op.f('ck_selection_votes_positive')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['staff.id'], name=op.f('fk_selection_confirmed_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection')),
    sa.UniqueConstraint('year', name=op.f('uq_selection_year'))
    )
    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('selection_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('votes_cast', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['selection_id'], ['selection.id'], name=op.f('fk_ballot_selection_id_selection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['staff.id'], name=op.f('fk_ballot_voter_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('selection_id', 'voter_id', name='uq_ballot_selection_voter')
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_selection_id'), ['selection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_voter_id'), ['voter_id'], unique=False)

    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('selection_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_candidate_award_id_award'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['selection_id'], ['selection.id'], name=op.f('fk_candidate_selection_id_selection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_candidate_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate')),
    sa.UniqueConstraint('award_id', name=op.f('uq_candidate_award_id')),
    sa.UniqueConstraint('selection_id', 'staff_id', name='uq_candidate_selection_staff')
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_selection_id'), ['selection_id'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('selection_id', sa.Integer(), nullable=False),
    sa.Column('nominee_id', sa.Integer(), nullable=False),
    sa.Column('nominator_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'refused')", name=op.f('ck_nomination_status')),
    sa.CheckConstraint('nominee_id <> nominator_id', name=op.f('ck_nomination_not_self')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_nomination_candidate_id_candidate'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_nomination_decided_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nominator_id'], ['staff.id'], name=op.f('fk_nomination_nominator_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominee_id'], ['staff.id'], name=op.f('fk_nomination_nominee_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['selection_id'], ['selection.id'], name=op.f('fk_nomination_selection_id_selection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination')),
    sa.UniqueConstraint('selection_id', 'nominee_id', 'nominator_id', name='uq_nomination_once')
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_nominator_id'), ['nominator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_nominee_id'), ['nominee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_selection_id'), ['selection_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('selection_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_vote_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['selection_id'], ['selection.id'], name=op.f('fk_vote_selection_id_selection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['staff.id'], name=op.f('fk_vote_voter_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote')),
    sa.UniqueConstraint('selection_id', 'voter_id', 'candidate_id', name='uq_vote_once')
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_selection_id'), ['selection_id'], unique=False)

    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pupil_class', sa.String(length=20), server_default='', nullable=False))
        batch_op.create_index('ix_award_awarded_on', ['awarded_on'], unique=False)
        # Autogenerate does not see CHECK constraints: written by hand to match the model.
        batch_op.create_check_constraint(op.f('ck_award_grade'), sa.text("grade IN ('特等奖', '一等奖', '二等奖', '三等奖', '其他')"))


def downgrade():
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_award_grade'), type_='check')
        batch_op.drop_index('ix_award_awarded_on')
        batch_op.drop_column('pupil_class')

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_selection_id'))
        batch_op.drop_index(batch_op.f('ix_vote_candidate_id'))

    op.drop_table('vote')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_selection_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_nominee_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_nominator_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_candidate_id'))

    op.drop_table('nomination')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_selection_id'))

    op.drop_table('candidate')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_voter_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_selection_id'))

    op.drop_table('ballot')
    op.drop_table('selection')
