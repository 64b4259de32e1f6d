"""The demo school 开化县天地外国语学校: staff, groups and semesters, the same every run."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.accounts.passwords import hash_password
from demo.groups import build_groups
from demo.roster import NEWCOMER_ARRIVAL, build_people

SCHOOL_NAME = "开化县天地外国语学校"
SEED = 2026
#: The one password of every demo account, printed by `flask demo seed`.
DEMO_PASSWORD = "tiandi2026"

#: name, first day, last day, current?
SEMESTERS = [
    ("2025-2026学年第二学期", date(2026, 2, 23), date(2026, 7, 10), False),
    ("2026-2027学年第一学期", date(2026, 9, 1), date(2027, 1, 22), True),
]


@dataclass(frozen=True)
class SeedSummary:
    staff: int
    women: int
    party_members: int
    newcomers: int
    groups: int
    memberships: int
    semesters: int
    current_semester: str


@dataclass(frozen=True)
class DemoLogin:
    label: str
    staff_no: str
    name: str
    password: str = DEMO_PASSWORD


def build_school(session: Session) -> SeedSummary:
    """Add the whole demo school to an empty database; flushes, the caller commits."""
    rng = random.Random(SEED)
    password_hash = hash_password(DEMO_PASSWORD)  # slow on purpose (scrypt): once, shared by all
    people = build_people(rng)
    staff, named = [], {}
    for number, person in enumerate(people, start=1):
        member = Staff(
            staff_no=f"T{number:04d}",
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            phone=person.phone,
            subject=person.subject,
            grade_band=person.grade_band,
            title=person.title,
            is_backbone=person.is_backbone,
            is_famous=person.is_famous,
            is_special_grade=person.is_special_grade,
            political_status=person.political_status,
            arrival_date=person.arrival_date,
            role=person.role,
            password_hash=password_hash,
            must_change_password=False,
        )
        staff.append(member)
        if person.key:
            named[person.key] = member
    session.add_all(staff)
    groups = build_groups(staff, named, rng)
    session.add_all(groups)
    session.add_all(
        Semester(name=name, start_date=start, end_date=end, is_current=current)
        for name, start, end, current in SEMESTERS
    )
    session.flush()
    return SeedSummary(
        staff=len(staff),
        women=sum(s.gender == "F" for s in staff),
        party_members=sum(s.is_party_member for s in staff),
        newcomers=sum(s.arrival_date == NEWCOMER_ARRIVAL for s in staff),
        groups=len(groups),
        memberships=sum(len(g.memberships) for g in groups),
        semesters=len(SEMESTERS),
        current_semester=next(name for name, *_, current in SEMESTERS if current),
    )


def demo_logins(session: Session) -> list[DemoLogin]:
    """The three accounts to try the demo with: the Party secretary, the women's committee chair, a newcomer."""
    admin = session.scalars(select(Staff).where(Staff.role == "admin").order_by(Staff.staff_no)).first()
    leader = session.scalars(
        select(Staff)
        .join(Membership, Membership.staff_id == Staff.id)
        .join(Group, Group.id == Membership.group_id)
        .where(Group.name == "妇委会", Membership.is_leader.is_(True))
        .order_by(Staff.staff_no)
    ).first()
    teacher = session.scalars(
        select(Staff).where(Staff.arrival_date == NEWCOMER_ARRIVAL).order_by(Staff.staff_no)
    ).first()
    logins = [("管理员（党支部书记）", admin), ("小组负责人（妇委会主任）", leader), ("教师（本学期新教师）", teacher)]
    return [DemoLogin(label, person.staff_no, person.name) for label, person in logins if person is not None]
