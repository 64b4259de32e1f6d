"""The roster's columns and how one cell's text becomes a value: shared by import and export."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from blueprints.accounts.forms import clean_text
from blueprints.accounts.models import GENDERS, GRADE_BANDS, POLITICAL_STATUSES, ROLES, SUBJECTS, TITLES


@dataclass(frozen=True)
class Column:
    field: str  #: attribute of Staff, or "groups"
    header: str  #: the Chinese header in the file
    kind: str  #: text, staff_no, name, gender, date, phone, choice, flag, role, politics, groups
    required: bool = False


COLUMNS = [
    Column("staff_no", "工号", "staff_no", required=True),
    Column("name", "姓名", "name", required=True),
    Column("gender", "性别", "gender", required=True),
    Column("birth_date", "出生日期", "date"),
    Column("phone", "手机号", "phone"),
    Column("subject", "任教学科", "choice"),
    Column("grade_band", "年级段", "choice"),
    Column("title", "职称", "choice"),
    Column("political_status", "政治面貌", "politics"),
    Column("arrival_date", "到校日期", "date"),
    Column("is_backbone", "骨干教师", "flag"),
    Column("is_famous", "名师", "flag"),
    Column("is_special_grade", "特级教师", "flag"),
    Column("role", "角色", "role"),
    Column("groups", "所在组织", "groups"),
]
BY_FIELD = {column.field: column for column in COLUMNS}
LABELS = {column.field: column.header for column in COLUMNS}

#: Written by the export, skipped without comment by the import (deactivating is not an import's job).
STATUS_HEADER = "状态"
IGNORED_HEADERS = {STATUS_HEADER, "序号"}

#: Headers people write instead of ours.
HEADER_ALIASES = {
    "手机": "phone", "手机号码": "phone", "学科": "subject", "组织": "groups", "所属组织": "groups",
    "骨干": "is_backbone", "特级": "is_special_grade",
}
HEADER_TO_FIELD = {column.header: column.field for column in COLUMNS} | HEADER_ALIASES

CHOICES = {"subject": SUBJECTS, "grade_band": GRADE_BANDS, "title": TITLES}
GENDER_CODES = {label: code for code, label in GENDERS.items()} | {"男性": "M", "女性": "F"}
ROLE_CODES = {label: code for code, label in ROLES.items()} | {"教师": "teacher"}
POLITICS_ALIASES = {
    "中共党员": "正式党员", "党员": "正式党员", "共产党员": "正式党员", "中共预备党员": "预备党员",
    "共青团员": "团员", "积极分子": "入党积极分子",
}
TRUE_WORDS = {"是", "1", "y", "yes", "true", "√", "✓", "✔", "对"}
FALSE_WORDS = {"否", "0", "n", "no", "false", "×", "✗", "", "不是"}
LEADER_MARK = "(负责人)"  # clean_text folds the full-width （负责人） to this
GROUP_SEPARATORS = re.compile(r"[、,;，；]")
STAFF_NO_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,20}$")
PHONE_PATTERN = re.compile(r"^1\d{10}$")
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·\s]+$")


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason the admin reads."""


def normalise_header(text: object) -> str:
    """A header with widths folded and spaces and a required-mark * dropped: 「 工 号* 」→ 工号."""
    return re.sub(r"[\s*]", "", clean_text(str(text if text is not None else "")) or "")


def header_field(text: object) -> str | None:
    """The Staff field a header names, or None."""
    return HEADER_TO_FIELD.get(normalise_header(text))


def parse_date(text: str, label: str) -> date | None:
    """2026-09-01, 2026/9/1, 2026.9.1, 2026年9月1日 or 20260901; empty is None."""
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise CellError(f"{label}「{text}」不是有效的日期，请写成 2026-09-01 这样的格式。")


def parse_flag(text: str, label: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{label}只能填「是」或「否」，不能填「{text}」。")


def parse_name(text: str) -> str:
    """A Chinese name padded with spaces to line up (「张  三」) is 张三; a Latin name keeps its single spaces."""
    if _CJK_NAME.match(text):
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text)


def parse_phone(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    if digits and not PHONE_PATTERN.match(digits):
        raise CellError(f"手机号「{text}」应为 11 位数字，以 1 开头。")
    return digits


def parse_groups(text: str) -> list[tuple[str, bool]]:
    """「工会、妇委会（负责人）」→ [("工会", False), ("妇委会", True)]; a name listed twice counts once."""
    found: dict[str, bool] = {}
    for part in GROUP_SEPARATORS.split(text):
        name = part.strip()
        leader = name.endswith(LEADER_MARK)
        if leader:
            name = name[: -len(LEADER_MARK)].strip()
        if name:
            found[name] = found.get(name, False) or leader
    return list(found.items())


def parse_cell(column: Column, text: str):
    """The value for the model from a cleaned cell text; raises CellError with the reason."""
    label = column.header
    if column.kind == "staff_no":
        if not text:
            raise CellError("缺少工号。")
        if not STAFF_NO_PATTERN.match(text):
            raise CellError(f"工号「{text}」只能包含数字、字母和短横线，最长 20 位。")
        return text
    if column.kind == "name":
        name = parse_name(text)
        if not name:
            raise CellError("缺少姓名。")
        if len(name) > 40:
            raise CellError("姓名太长（最多 40 字）。")
        return name
    if column.kind == "gender":
        if not text:
            raise CellError("缺少性别。")
        if text not in GENDER_CODES:
            raise CellError(f"性别只能填「男」或「女」，不能填「{text}」。")
        return GENDER_CODES[text]
    if column.kind == "date":
        return parse_date(text, label)
    if column.kind == "phone":
        return parse_phone(text)
    if column.kind == "choice":
        allowed = CHOICES[column.field]
        if text and text not in allowed:
            raise CellError(f"{label}「{text}」不在可选范围内（{'、'.join(allowed)}）。")
        return text
    if column.kind == "flag":
        return parse_flag(text, label)
    if column.kind == "politics":
        value = POLITICS_ALIASES.get(text, text)
        if text and value not in POLITICAL_STATUSES:
            raise CellError(f"政治面貌「{text}」不在可选范围内（{'、'.join(POLITICAL_STATUSES)}）。")
        return value or None  # empty: keep what the person has (群众 for someone new)
    if column.kind == "role":
        if text and text not in ROLE_CODES:
            raise CellError(f"角色只能填「管理员」或「教职工」，不能填「{text}」。")
        return ROLE_CODES.get(text)  # empty: keep the role (教职工 for someone new)
    if column.kind == "groups":
        return parse_groups(text)
    return text


def display(field: str, value) -> str:
    """A value as the preview shows it and the export writes it."""
    if value is None:
        return ""
    if field == "gender":
        return GENDERS.get(value, value)
    if field == "role":
        return ROLES.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def groups_text(memberships: list[tuple[str, bool]]) -> str:
    """[("妇委会", True), ("工会", False)] → 「妇委会（负责人）、工会」, as the import reads it back."""
    return "、".join(name + ("（负责人）" if leader else "") for name, leader in memberships)
