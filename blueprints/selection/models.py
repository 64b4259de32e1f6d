"""最美教师 selection: a selection per year, nominations, candidates, ballots and votes.

Secrecy of the vote. A Vote row keeps its voter (voter_id) because a voter must see and change their own
choices until the close, and because the database must refuse a second vote for the same candidate
(the unique constraint below) — neither is possible with anonymous rows. What keeps the vote secret is
what the app never does with that column: the only query that reads Vote.voter_id is
`voting.choices_of(selection, voter)`, called with the logged-in person and nobody else; totals are
counted by `results.tally`, which groups by candidate only; no page, export or admin view receives Vote
rows, so no screen can show who voted for whom — not even the admin's, who sees totals and turnout only.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Staff, utcnow
from blueprints.honours.models import Award

DEFAULT_VOTES_PER_VOTER = 10
DEFAULT_SEATS = 10

PENDING, ACCEPTED, REFUSED = "pending", "accepted", "refused"
NOMINATION_STATUSES = {PENDING: "待审核", ACCEPTED: "已接受", REFUSED: "未通过"}


class Selection(db.Model):
    """One year's selection for Teachers' Day: its windows (Beijing dates, both ends inclusive) and numbers."""

    __tablename__ = "selection"
    __table_args__ = (
        CheckConstraint("nominate_from <= nominate_until", name="nomination_window"),
        CheckConstraint("nominate_until < vote_from", name="vote_after_nomination"),
        CheckConstraint("vote_from <= vote_until", name="vote_window"),
        CheckConstraint("votes_per_voter >= 1", name="votes_positive"),
        CheckConstraint("seats >= 1", name="seats_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(60))  #: e.g. 2026年度校级最美教师评选
    nominate_from: Mapped[date] = mapped_column(Date)
    nominate_until: Mapped[date] = mapped_column(Date)
    vote_from: Mapped[date] = mapped_column(Date)
    vote_until: Mapped[date] = mapped_column(Date)
    #: The day the honours are given (教师节 ceremony): the date of each Award.
    award_on: Mapped[date] = mapped_column(Date)
    votes_per_voter: Mapped[int] = mapped_column(Integer, default=DEFAULT_VOTES_PER_VOTER)
    seats: Mapped[int] = mapped_column(Integer, default=DEFAULT_SEATS)  #: how many teachers are chosen
    note: Mapped[str] = mapped_column(Text, default="")  #: what the school says the selection is about
    #: The admin ended voting before vote_until.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The admin confirmed the chosen teachers; their Awards exist from then on.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    candidates: Mapped[list["Candidate"]] = relationship(
        back_populates="selection", cascade="all, delete-orphan", order_by="Candidate.id"
    )

    def __repr__(self) -> str:
        return f"<Selection {self.year}>"


class Nomination(db.Model):
    """One teacher nominating one colleague, with a reason: once per nominee per nominator, never oneself."""

    __tablename__ = "nomination"
    __table_args__ = (
        UniqueConstraint("selection_id", "nominee_id", "nominator_id", name="uq_nomination_once"),
        CheckConstraint("nominee_id <> nominator_id", name="not_self"),
        CheckConstraint("status IN ('pending', 'accepted', 'refused')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("selection.id", ondelete="CASCADE"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    nominator_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    #: The candidacy this nomination was accepted (merged) into.
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id", ondelete="SET NULL"), index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")  #: why it was refused, shown to the nominator
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    nominee: Mapped[Staff] = relationship(foreign_keys=[nominee_id])
    nominator: Mapped[Staff] = relationship(foreign_keys=[nominator_id])
    candidate: Mapped["Candidate | None"] = relationship(back_populates="nominations")

    @property
    def status_label(self) -> str:
        return NOMINATION_STATUSES.get(self.status, self.status)


class Candidate(db.Model):
    """An accepted nominee: one per person per selection, whatever the number of nominations merged into it."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("selection_id", "staff_id", name="uq_candidate_selection_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("selection.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    #: What voters read: the admin's merge of the nominations' reasons.
    reason: Mapped[str] = mapped_column(Text)
    #: The honour recorded when the admin confirmed this candidate as chosen.
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    selection: Mapped[Selection] = relationship(back_populates="candidates")
    staff: Mapped[Staff] = relationship()
    award: Mapped[Award | None] = relationship()
    nominations: Mapped[list[Nomination]] = relationship(back_populates="candidate")


class Ballot(db.Model):
    """A voter's ballot in one selection: the row locked while their votes change, so the limit holds under races."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("selection_id", "voter_id", name="uq_ballot_selection_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("selection.id", ondelete="CASCADE"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    #: Votes held now, kept under the ballot's lock; the turnout counts ballots with at least one.
    votes_cast: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Vote(db.Model):
    """One vote for one candidate. See the module docstring for why voter_id is here and how it stays secret."""

    __tablename__ = "vote"
    __table_args__ = (
        # A vote can never be counted twice: the database refuses a second row for the same choice.
        UniqueConstraint("selection_id", "voter_id", "candidate_id", name="uq_vote_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("selection.id", ondelete="CASCADE"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
