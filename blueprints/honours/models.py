"""An award (获奖/荣誉) of a teacher, a group (the choir) or a pupil, with its level and grade.

Pairings attach the apprentice's prizes here (pairing_id); the 最美教师 selection records its honours
here; the register (this package's views) enters and imports the rest."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Group, Staff, utcnow

RECIPIENT_KINDS = {"teacher": "教师", "group": "团队", "pupil": "学生"}

#: Stored short, shown with 级: 校级, 县级 ... as the school reports them.
AWARD_LEVELS = {"校": "校级", "县": "县级", "市": "市级", "省": "省级", "国家": "国家级"}

#: The graded prizes, best first; UNGRADED is an honour title, a published essay, a place without a grade.
PRIZE_GRADES = ["特等奖", "一等奖", "二等奖", "三等奖"]
UNGRADED = "其他"
AWARD_GRADES = PRIZE_GRADES + [UNGRADED]

#: A title (县级名师, 学科带头人, 校级最美教师) rather than a prize: counted apart from the prizes.
TITLE_CATEGORY = "荣誉称号"
#: A pupil's essay published in a newspaper or magazine (the school reports 100+ a year).
ESSAY_CATEGORY = "作文发表"

#: Teachers' categories (the pairings' award form offers these too).
AWARD_CATEGORIES = ["教学比武", "优质课评比", "基本功比赛", "论文案例", "课件评比", "课题成果", "指导学生", TITLE_CATEGORY, "其他"]
CATEGORIES_BY_KIND = {
    "teacher": AWARD_CATEGORIES,
    "group": ["文艺比赛", "体育比赛", TITLE_CATEGORY, "其他"],
    "pupil": [ESSAY_CATEGORY, "学生竞赛", "其他"],
}
#: Titles the school awards and reports; offered as suggestions, any other title may be typed.
TITLE_SUGGESTIONS = ["县级名师", "市级名师", "学科带头人", "校级最美教师", "县级教坛新秀", "市级教坛新秀"]


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Award(db.Model):
    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint(_in("recipient_kind", RECIPIENT_KINDS), name="recipient_kind"),
        CheckConstraint(_in("level", AWARD_LEVELS), name="level"),
        CheckConstraint(_in("grade", AWARD_GRADES), name="grade"),
        # The register filters and the dashboards count by date.
        Index("ix_award_awarded_on", "awarded_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(10), default="teacher")
    #: The teacher who won it; for a pupil's award, the guiding teacher (指导教师), if any.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    #: For a group's award (the choir), the group.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id", ondelete="SET NULL"), index=True)
    #: For a pupil: the pupil's name; blank for teachers and groups.
    recipient_name: Mapped[str] = mapped_column(String(60), default="")
    #: For a pupil: the class, e.g. 六（1）班; blank for teachers and groups.
    pupil_class: Mapped[str] = mapped_column(String(20), default="", server_default="")
    title: Mapped[str] = mapped_column(String(120))  #: e.g. 开化县小学语文优质课评比; for an essay its title
    category: Mapped[str] = mapped_column(String(20), default="其他")
    level: Mapped[str] = mapped_column(String(10))
    grade: Mapped[str] = mapped_column(String(20))
    #: 颁奖单位, e.g. 开化县教育局; for a published essay, the newspaper or magazine (《衢州日报》).
    issuer: Mapped[str] = mapped_column(String(80), default="")
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
    def kind_label(self) -> str:
        return RECIPIENT_KINDS.get(self.recipient_kind, self.recipient_kind)

    @property
    def grade_label(self) -> str:
        """The grade as a list shows it: nothing for an ungraded honour or a published essay."""
        return "" if self.grade == UNGRADED else self.grade

    @property
    def is_prize(self) -> bool:
        return self.grade in PRIZE_GRADES

    @property
    def summary(self) -> str:
        """县级开化县小学英语优质课评比一等奖; a title that already names its level is not prefixed twice."""
        prefix = "" if self.title.startswith(self.level_label) else self.level_label
        return f"{prefix}{self.title}{self.grade_label}"

    @property
    def recipient_label(self) -> str:
        """Who won it, as the register lists it (needs staff and group loaded)."""
        if self.recipient_kind == "group":
            return self.group.name if self.group is not None else "（团队已删除）"
        if self.recipient_kind == "pupil":
            return f"{self.recipient_name}（{self.pupil_class}）" if self.pupil_class else self.recipient_name
        return self.staff.name if self.staff is not None else "（教师已删除）"

    def __repr__(self) -> str:
        return f"<Award {self.summary}>"
