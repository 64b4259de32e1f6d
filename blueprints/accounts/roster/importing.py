"""Check a read roster against the database (the preview), and apply it all at once. No request here."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.core.imports import ImportPreview
from blueprints.accounts.forms import clean_text
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.accounts.passwords import password_problem

from .columns import BY_FIELD, LABELS, CellError, display, groups_text, parse_cell
from .reading import Table

#: What a new person gets for a column the file leaves out or leaves empty.
DEFAULTS = {
    "birth_date": None, "phone": "", "subject": "", "grade_band": "", "title": "", "political_status": "群众",
    "arrival_date": None, "is_backbone": False, "is_famous": False, "is_special_grade": False, "role": "teacher",
}
#: An empty cell in these columns keeps what an existing person has, rather than clearing it.
EMPTY_KEEPS = {"political_status", "role"}

ACTIONS = {"create": "新增", "update": "更新", "unchanged": "无变化", "error": "错误"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class PreviewRow:
    line: int
    staff_no: str
    name: str
    action: str = "error"
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    summary: str = ""  #: what a new person will look like, in one line
    staff_id: int | None = None
    values: dict[str, object] = field(default_factory=dict)  #: fields to set
    memberships: list[tuple[int, bool]] = field(default_factory=list)  #: (group id, leader) to add or change

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


class Preview(ImportPreview):
    ACTIONS = ACTIONS
    CHANGING = ("create", "update")


def build_preview(table: Table, *, acting_admin_id: int | None = None) -> Preview:
    """Every row of the file as create, update, unchanged or error, with the reasons and the changes."""
    # A school has a few hundred staff at most: one query for all of them beats one per row.
    people = db.session.scalars(select(Staff).options(selectinload(Staff.memberships).selectinload(Membership.group)))
    by_number = {person.staff_no: person for person in people}
    lost_zeros = {number.lstrip("0"): number for number in by_number if number.startswith("0")}
    groups = {clean_text(group.name): group for group in db.session.scalars(select(Group))}
    lines_of: dict[str, list[int]] = defaultdict(list)
    for raw in table.rows:
        if raw.cells.get("staff_no"):
            lines_of[raw.cells["staff_no"]].append(raw.line)

    rows = []
    for raw in table.rows:
        row = PreviewRow(raw.line, raw.cells.get("staff_no", ""), raw.cells.get("name", ""), notes=list(raw.notes))
        parsed = _parse(raw.cells, table.fields, row.errors)
        row.name = parsed.get("name") or row.name
        lines = lines_of.get(row.staff_no, [])
        if len(lines) > 1:
            row.errors.append(f"工号 {row.staff_no} 在文件中重复出现（第 {'、'.join(map(str, lines))} 行）。")
        wanted = _groups(parsed.get("groups", []), groups, row.errors)
        person = by_number.get(row.staff_no)
        if person is None and row.staff_no in lost_zeros and not row.errors:
            kept = by_number[lost_zeros[row.staff_no]]
            row.errors.append(
                f"系统中没有工号 {row.staff_no}，但有工号 {kept.staff_no}（{kept.name}）：前导零可能被 Excel 去掉了。"
                "请把工号列设为文本格式并改正。"
            )
        if not row.errors:
            if person is None:
                _plan_create(row, parsed, wanted)
            else:
                _plan_update(row, person, parsed, wanted, acting_admin_id)
        if row.errors:
            row.action = "error"
        rows.append(row)
    return Preview(rows, list(table.notes))


def _parse(cells: dict[str, str], fields: list[str], errors: list[str]) -> dict[str, object]:
    parsed: dict[str, object] = {}
    for name in fields:
        try:
            parsed[name] = parse_cell(BY_FIELD[name], cells.get(name, ""))
        except CellError as error:
            errors.append(str(error))
    return parsed


def _groups(listed, groups: dict[str, Group], errors: list[str]) -> list[tuple[Group, bool]]:
    wanted = []
    for name, leader in listed:
        group = groups.get(name)
        if group is None:
            errors.append(f"所在组织「{name}」不存在，请检查名称或先建立该组织。")
        elif not group.is_active:
            errors.append(f"所在组织「{name}」已停用。")
        else:
            wanted.append((group, leader))
    return wanted


def _plan_create(row: PreviewRow, parsed: dict, wanted: list[tuple[Group, bool]]) -> None:
    values = {"staff_no": row.staff_no, "name": parsed["name"], "gender": parsed["gender"]}
    for name, default in DEFAULTS.items():
        value = parsed.get(name)
        values[name] = default if value is None else value
    row.action = "create"
    row.values = values
    row.memberships = [(group.id, leader) for group, leader in wanted]
    parts = [display("gender", values["gender"]), values["subject"], values["title"], groups_text([(g.name, lead) for g, lead in wanted])]
    row.summary = " · ".join(part for part in parts if part)


def _plan_update(row: PreviewRow, person: Staff, parsed: dict, wanted, acting_admin_id: int | None) -> None:
    row.staff_id = person.id
    if not person.is_active_member:
        row.notes.append("该账号已停用：导入只更新资料，不会恢复登录。")
    for name, new in parsed.items():
        if name in ("staff_no", "groups") or (new is None and name in EMPTY_KEEPS):
            continue
        old = getattr(person, name)
        if old == new:
            continue
        if name == "role" and person.id == acting_admin_id:
            row.errors.append("不能通过导入取消自己的管理员角色，请由另一位管理员操作。")
            return
        row.values[name] = new
        row.changes.append(Change(LABELS[name], display(name, old), display(name, new)))

    current = {m.group_id: m for m in person.memberships}
    for group, leader in wanted:
        membership = current.get(group.id)
        if membership is None or membership.is_leader != leader:
            row.memberships.append((group.id, leader))
    if row.memberships:
        before = [(m.group.name, m.is_leader) for m in person.memberships if m.group.is_active]
        planned = dict(row.memberships)
        after = [(m.group.name, planned.get(m.group_id, m.is_leader)) for m in person.memberships if m.group.is_active]
        after += [(group.name, leader) for group, leader in wanted if group.id not in current]
        row.changes.append(Change(LABELS["groups"], groups_text(before), groups_text(after)))
    row.action = "update" if row.values or row.memberships else "unchanged"


def initial_password_problem(preview: Preview, password: str | None) -> str | None:
    """Why the initial password for the new accounts is not acceptable; None when no one is new or it is fine."""
    creates = preview.having("create")
    if not creates:
        return None
    if not password:
        return f"本次导入将新增 {len(creates)} 个账号，请为他们设置初始密码。"
    for row in creates:
        problem = password_problem(row.staff_no, password)
        if problem:
            return problem
    return None


def apply_import(preview: Preview, *, password_hash: str | None) -> tuple[int, int]:
    """Write every planned row (flush, no commit); returns (created, updated). Refuses a preview with errors."""
    if preview.has_errors:
        raise ValueError("a roster with errors cannot be applied")
    created = updated = 0
    for row in preview.rows:
        if row.action == "create":
            # Everyone new gets the same initial password, so one hash serves all: hashing is slow on purpose.
            person = Staff(**row.values, password_hash=password_hash or "", must_change_password=True)
            db.session.add(person)
            created += 1
        elif row.action == "update":
            person = db.session.get(Staff, row.staff_id)
            for name, value in row.values.items():
                setattr(person, name, value)
            updated += 1
        else:
            continue
        existing = {m.group_id: m for m in person.memberships}
        for group_id, leader in row.memberships:
            if group_id in existing:
                existing[group_id].is_leader = leader
            else:
                person.memberships.append(Membership(group=db.session.get(Group, group_id), is_leader=leader))
    db.session.flush()
    return created, updated
