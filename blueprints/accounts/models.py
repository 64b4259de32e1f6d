"""Staff, groups, memberships and semesters: the people and frame every feature builds on."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


GENDERS = {"F": "女", "M": "男"}

POLITICAL_STATUSES = ["群众", "团员", "入党积极分子", "发展对象", "预备党员", "正式党员"]
PARTY_STATUSES = {"预备党员", "正式党员"}

#: Titles (职称) of a Chinese primary school, lowest first.
TITLES = ["未定级", "三级教师", "二级教师", "一级教师", "高级教师", "正高级教师"]
SENIOR_TITLES = {"高级教师", "正高级教师"}

SUBJECTS = ["语文", "数学", "英语", "科学", "道德与法治", "音乐", "体育", "美术", "信息科技", "劳动", "心理健康", "行政", "后勤"]

#: Grade bands of a primary school; "" for staff who teach no class.
GRADE_BANDS = ["低段", "中段", "高段"]

ROLES = {"admin": "管理员", "teacher": "教职工"}

GROUP_KINDS = {
    "party": "党支部",
    "union": "工会",
    "women": "妇委会",
    "youth": "团支部",
    "pioneers": "少先队",
    "studio": "工作室",
    "arts": "文体团队",
    "team": "工作队",
    "other": "其他",
}


class Staff(UserMixin, db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(20), unique=True)  #: 工号, text: leading zeros matter
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="")
    subject: Mapped[str] = mapped_column(String(20), default="")
    grade_band: Mapped[str] = mapped_column(String(10), default="")
    title: Mapped[str] = mapped_column(String(20), default="")
    is_backbone: Mapped[bool] = mapped_column(Boolean, default=False)  #: 骨干教师
    is_famous: Mapped[bool] = mapped_column(Boolean, default=False)  #: 名师 (school, county or city)
    is_special_grade: Mapped[bool] = mapped_column(Boolean, default=False)  #: 特级教师
    political_status: Mapped[str] = mapped_column(String(20), default="群众")
    arrival_date: Mapped[date | None] = mapped_column(Date)  #: joined this school
    role: Mapped[str] = mapped_column(String(20), default="teacher")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active_member: Mapped[bool] = mapped_column(Boolean, default=True)  #: False once deactivated
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    #: Space-separated search keys (full pinyin and initials, all readings); kept in sync on save.
    pinyin_full: Mapped[str] = mapped_column(String(400), default="")
    pinyin_initials: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", order_by="Membership.group_id"
    )

    # UserMixin compares people by id, and every unsaved person has id None: all would be "equal".
    # The session's identity map already gives one object per row, so identity is the right equality.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    # Flask-Login asks this; a deactivated person cannot log in or stay logged in.
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_active_member

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_party_member(self) -> bool:
        return self.political_status in PARTY_STATUSES

    @property
    def gender_label(self) -> str:
        return GENDERS.get(self.gender, "")

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def backbone_labels(self) -> list[str]:
        labels = []
        if self.is_special_grade:
            labels.append("特级")
        if self.is_famous:
            labels.append("名师")
        if self.is_backbone:
            labels.append("骨干")
        return labels

    def __repr__(self) -> str:
        return f"<Staff {self.staff_no} {self.name}>"


class Group(db.Model):
    __tablename__ = "group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="group", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return GROUP_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Group {self.name}>"


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("group_id", "staff_id", name="uq_membership_group_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    group: Mapped[Group] = relationship(back_populates="memberships")
    staff: Mapped[Staff] = relationship(back_populates="memberships")


class Semester(db.Model):
    __tablename__ = "semester"
    __table_args__ = (
        # At most one current semester, held by the database and not only by the form.
        Index(
            "uq_semester_one_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)  #: e.g. 2026-2027学年第一学期
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date

    def __repr__(self) -> str:
        return f"<Semester {self.name}>"


@db.event.listens_for(Staff.name, "set")
def _refresh_search_keys(staff: Staff, name: str, _old, _initiator) -> None:
    """Pinyin keys follow the name wherever it is set, so search never goes stale."""
    from blueprints.accounts.pinyin import search_keys

    staff.pinyin_full, staff.pinyin_initials = search_keys(name or "")
