"""An award (获奖/荣誉) of a teacher, a group (the choir) or a pupil, with its level and grade."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Group, Staff, utcnow

RECIPIENT_KINDS = {"teacher": "教师", "group": "团队", "pupil": "学生"}

#: Stored short, shown with 级: 校级, 县级 ... as the school reports them.
AWARD_LEVELS = {"校": "校级", "县": "县级", "市": "市级", "省": "省级", "国家": "国家级"}

AWARD_GRADES = ["特等奖", "一等奖", "二等奖", "三等奖", "其他"]

AWARD_CATEGORIES = ["教学比武", "优质课评比", "基本功比赛", "论文案例", "课题成果", "指导学生", "荣誉称号", "其他"]


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Award(db.Model):
    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint(_in("recipient_kind", RECIPIENT_KINDS), name="recipient_kind"),
        CheckConstraint(_in("level", AWARD_LEVELS), name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(10), default="teacher")
    #: The teacher who won it; for a pupil's award, the guiding teacher (指导教师), if any.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    #: For a group's award (the choir), the group.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id", ondelete="SET NULL"), index=True)
    #: For a pupil: name and class ("程畅 601班"); blank for teachers and groups.
    recipient_name: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(120))  #: e.g. 开化县小学语文优质课评比
    category: Mapped[str] = mapped_column(String(20), default="其他")
    level: Mapped[str] = mapped_column(String(10))
    grade: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(80), default="")  #: 颁奖单位, e.g. 开化县教育局
    awarded_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    #: Set when the award counts as an outcome of a mentor pairing (the apprentice's prize).
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    staff: Mapped[Staff | None] = relationship(foreign_keys=[staff_id])
    group: Mapped[Group | None] = relationship()
    created_by: Mapped[Staff | None] = relationship(foreign_keys=[created_by_id])

    @property
    def level_label(self) -> str:
        return AWARD_LEVELS.get(self.level, self.level)

    @property
    def summary(self) -> str:
        return f"{self.level_label}{self.title}{self.grade}"

    def __repr__(self) -> str:
        return f"<Award {self.summary}>"
