"""Mentor pairings (师徒结对): the pairing and its history, mentoring logs, targets, settings, evaluations."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Semester, Staff, utcnow

STATES = {"draft": "草稿", "active": "进行中", "completed": "已完成", "dissolved": "已解除"}
#: A pairing in these states holds the apprentice: one per apprentice per semester (see the index below).
OPEN_STATES = ("draft", "active")
#: The only moves a pairing can make.
TRANSITIONS = {("draft", "active"), ("draft", "dissolved"), ("active", "completed"), ("active", "dissolved")}

SIDES = {"mentor": "师傅", "apprentice": "徒弟"}

LOG_KINDS = {
    "observe_apprentice": "听课（师傅听徒弟的课）",
    "observe_mentor": "听课（徒弟听师傅的课）",
    "demo_lesson": "示范课",
    "lesson_prep": "备课指导",
    "marking_review": "作业/教案批阅",
    "talk": "谈心",
    "other": "其他",
}

#: What a semester target counts: label, the log kinds that count (confirmed logs only), default target.
METRICS = {
    "mentor_observes": ("师傅听徒弟课", ("observe_apprentice",), 8),
    "apprentice_observes": ("徒弟听师傅课（含示范课）", ("observe_mentor", "demo_lesson"), 8),
    "plan_reviews": ("备课与教案指导", ("lesson_prep", "marking_review"), 4),
    "talks": ("谈心交流", ("talk",), 2),
}
DEFAULT_TARGETS = {metric: default for metric, (_label, _kinds, default) in METRICS.items()}

DEFAULT_MAX_APPRENTICES = 2
DEFAULT_QUIET_DAYS = 30

#: The rated items of each side's end-of-term evaluation (1-5 points each).
EVALUATION_ITEMS = {
    # The mentor assesses the apprentice.
    "mentor": {
        "ethics": "师德师风",
        "teaching": "课堂教学",
        "design": "教学设计与反思",
        "management": "班级管理",
        "attitude": "学习态度",
    },
    # The apprentice assesses the mentoring.
    "apprentice": {
        "attitude": "指导态度",
        "frequency": "指导频次",
        "effect": "指导实效",
        "example": "示范引领",
    },
}
SCORE_LABELS = {5: "5 分 · 优秀", 4: "4 分 · 良好", 3: "3 分 · 合格", 2: "2 分 · 待改进", 1: "1 分 · 差"}

_OPEN_CLAUSE = "state IN ('draft', 'active')"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Pairing(db.Model):
    __tablename__ = "pairing"
    __table_args__ = (
        # One open pairing per apprentice per semester, held by the database: two admins pairing the
        # same newcomer at the same moment cannot both succeed.
        Index(
            "uq_pairing_one_open_per_apprentice",
            "semester_id",
            "apprentice_id",
            unique=True,
            sqlite_where=text(_OPEN_CLAUSE),
            postgresql_where=text(_OPEN_CLAUSE),
        ),
        CheckConstraint("mentor_id <> apprentice_id", name="not_self"),
        CheckConstraint(_in("state", STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    note: Mapped[str] = mapped_column(Text, default="")  #: why this mentor, written by whoever paired them
    #: The pairing of an earlier semester that this one continues.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_on: Mapped[date | None] = mapped_column(Date)  #: the day it became active
    ended_on: Mapped[date | None] = mapped_column(Date)  #: the day it was completed or dissolved

    semester: Mapped[Semester] = relationship()
    mentor: Mapped[Staff] = relationship(foreign_keys=[mentor_id])
    apprentice: Mapped[Staff] = relationship(foreign_keys=[apprentice_id])
    created_by: Mapped[Staff | None] = relationship(foreign_keys=[created_by_id])
    previous: Mapped["Pairing | None"] = relationship(remote_side=[id])
    events: Mapped[list["PairingEvent"]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", order_by="PairingEvent.at"
    )
    logs: Mapped[list["MentoringLog"]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", order_by="MentoringLog.held_on.desc()"
    )
    evaluations: Mapped[list["Evaluation"]] = relationship(back_populates="pairing", cascade="all, delete-orphan")

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def __repr__(self) -> str:
        return f"<Pairing {self.id} {self.mentor_id}->{self.apprentice_id} {self.state}>"


class PairingEvent(db.Model):
    """One change of a pairing's state: who, when, and why."""

    __tablename__ = "pairing_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(12))  #: None when the pairing was created
    to_state: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    pairing: Mapped[Pairing] = relationship(back_populates="events")
    actor: Mapped[Staff | None] = relationship()

    @property
    def to_label(self) -> str:
        return STATES.get(self.to_state, self.to_state)


class MentoringLog(db.Model):
    """One mentoring session (帮扶记录), written by one side and confirmed (or answered) by the other."""

    __tablename__ = "mentoring_log"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint(_in("author_side", SIDES), name="author_side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    author_side: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)  #: what was done
    next_steps: Mapped[str] = mapped_column(Text, default="")  #: what comes next
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer: Mapped[str] = mapped_column(Text, default="")  #: the other side's reply when confirming

    pairing: Mapped[Pairing] = relationship(back_populates="logs")
    author: Mapped[Staff] = relationship(foreign_keys=[author_id])
    confirmed_by: Mapped[Staff | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def kind_label(self) -> str:
        return LOG_KINDS.get(self.kind, self.kind)

    @property
    def other_side(self) -> str:
        return "apprentice" if self.author_side == "mentor" else "mentor"


class PairingTarget(db.Model):
    """A semester target: semester-wide when pairing_id is empty, otherwise one pairing's own."""

    __tablename__ = "pairing_target"
    __table_args__ = (
        Index(
            "uq_pairing_target_semester_metric",
            "semester_id",
            "metric",
            unique=True,
            sqlite_where=text("pairing_id IS NULL"),
            postgresql_where=text("pairing_id IS NULL"),
        ),
        Index(
            "uq_pairing_target_pairing_metric",
            "pairing_id",
            "metric",
            unique=True,
            sqlite_where=text("pairing_id IS NOT NULL"),
            postgresql_where=text("pairing_id IS NOT NULL"),
        ),
        CheckConstraint("target >= 0", name="target_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), index=True)
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(30))  #: a key of METRICS
    target: Mapped[int] = mapped_column(Integer)


class PairingSettings(db.Model):
    """The admin's settings for one semester's pairings; defaults apply while there is no row."""

    __tablename__ = "pairing_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), unique=True)
    max_apprentices: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_APPRENTICES)  #: per mentor at once
    #: An active pairing with no confirmed log for this many days is flagged on the board.
    quiet_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_QUIET_DAYS)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Evaluation(db.Model):
    """End-of-term evaluation by one side: the mentor assesses the apprentice, the apprentice the mentoring."""

    __tablename__ = "pairing_evaluation"
    __table_args__ = (
        UniqueConstraint("pairing_id", "side", name="uq_pairing_evaluation_pairing_side"),
        CheckConstraint(_in("side", SIDES), name="side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(12))  #: the side that wrote it
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  #: item key (EVALUATION_ITEMS) → 1..5
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    pairing: Mapped[Pairing] = relationship(back_populates="evaluations")
    author: Mapped[Staff] = relationship()

    @property
    def average(self) -> float:
        values = [int(v) for v in self.scores.values()]
        return round(sum(values) / len(values), 1) if values else 0.0

    def rated_items(self) -> list[tuple[str, int]]:
        """(label, score) in the order the form asks them."""
        return [(label, int(self.scores.get(key, 0))) for key, label in EVALUATION_ITEMS[self.side].items()]
