"""The person's own record and their groups."""
from __future__ import annotations

from sqlalchemy import select

from app import db
from blueprints.accounts.models import GROUP_KINDS, Group, Membership, Staff

from .sheet import Sheet, moment, yes


def profile(person: Staff) -> Sheet:
    """基本信息: every field of the person's record (the sign-in code by its version, never the code)."""
    from blueprints.kiosk.models import SignInCode

    code = db.session.scalars(select(SignInCode).where(SignInCode.staff_id == person.id)).first()
    rows = [
        ["工号", person.staff_no], ["姓名", person.name], ["性别", person.gender_label], ["出生日期", person.birth_date],
        ["手机号", person.phone or ""], ["任教学科", person.subject], ["年级段", person.grade_band], ["职称", person.title],
        ["骨干教师", yes(person.is_backbone)], ["名师", yes(person.is_famous)], ["特级教师", yes(person.is_special_grade)],
        ["政治面貌", person.political_status], ["到校日期", person.arrival_date], ["角色", person.role_label],
        ["账号状态", "在用" if person.is_active_member else "已停用"], ["建档时间", moment(person.created_at)],
        ["最近修改", moment(person.updated_at)],
        ["签到码", f"第 {code.generation + 1} 版" if code else "尚未生成"],
        ["签到码发放时间", moment(code.issued_at) if code else None],
    ]
    return Sheet("基本信息", ["项目", "内容"], rows, "密码和签到码本身不导出。")


def groups(person: Staff) -> Sheet:
    """所在组织: each group with the person's part in it."""
    rows = db.session.execute(
        select(Group.name, Group.kind, Membership.is_leader, Membership.created_at)
        .join(Membership, Membership.group_id == Group.id).where(Membership.staff_id == person.id).order_by(Group.name)
    ).all()
    return Sheet("所在组织", ["组织", "类别", "身份", "加入时间"],
                 [[name, GROUP_KINDS.get(kind, kind), "负责人" if lead else "成员", moment(at)] for name, kind, lead, at in rows])
