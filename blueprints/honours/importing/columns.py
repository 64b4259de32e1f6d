"""The columns of an honours file, shared by the import and the export, and how one cell becomes a value."""
from __future__ import annotations

from dataclasses import dataclass

from blueprints.accounts.roster.columns import normalise_header
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, RECIPIENT_KINDS, UNGRADED


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    #: code: folded to half width (NFKC) like the roster's cells; prose: kept as typed (Chinese punctuation)
    text: str = "prose"
    required: bool = False  #: the header must be present (a cell may still be empty where the kind allows)


COLUMNS = [
    Column("kind", "对象", "code", required=True),
    # The roster's reader finds the header line by its 工号 column, so every honours file has one too.
    Column("staff_no", "工号", "code", required=True),
    Column("teacher", "教师姓名"),
    Column("group", "团队"),
    Column("pupil_name", "学生姓名"),
    Column("pupil_class", "班级"),
    Column("title", "名称", required=True),
    Column("category", "类别", "code"),
    Column("level", "级别", "code", required=True),
    Column("grade", "等次", "code"),
    Column("awarded_on", "日期", "code", required=True),
    Column("issuer", "颁奖单位或刊物"),
    Column("note", "备注"),
]
BY_FIELD = {column.field: column for column in COLUMNS}

#: Headers people write instead of ours.
HEADER_ALIASES = {
    "获奖对象": "kind", "类型": "kind", "获奖教师": "teacher", "指导教师": "teacher", "教师": "teacher",
    "获奖团队": "group", "团体": "group", "学生": "pupil_name", "获奖学生": "pupil_name", "所在班级": "pupil_class",
    "获奖名称": "title", "比赛名称": "title", "荣誉名称": "title", "作品名称": "title", "作文题目": "title", "题目": "title",
    "获奖类别": "category", "项目": "category", "获奖级别": "level", "获奖等次": "grade", "奖项": "grade",
    "获奖日期": "awarded_on", "发表日期": "awarded_on", "颁奖单位": "issuer", "发表刊物": "issuer", "刊物": "issuer",
}
HEADER_TO_FIELD = {column.header: column.field for column in COLUMNS} | HEADER_ALIASES
IGNORED_HEADERS = {"序号"}

KIND_WORDS = {label: code for code, label in RECIPIENT_KINDS.items()} | {
    "老师": "teacher", "教职工": "teacher", "集体": "group", "团体": "group", "小学生": "pupil",
}
DEFAULT_CATEGORY = {"teacher": "其他", "group": "文艺比赛", "pupil": "作文发表"}


def header_field(text: object) -> str | None:
    """The field a header names (「 获奖级别* 」→ level), or None."""
    return HEADER_TO_FIELD.get(normalise_header(text))


def parse_level(text: str) -> str | None:
    """县, 县级 and 国家级 all name a level; None when the text names none."""
    word = text[:-1] if text.endswith("级") else text
    return word if word in AWARD_LEVELS else None


def parse_grade(text: str) -> str | None:
    """一等奖 or 一等; empty is 其他 (a title, a published essay); None when unknown."""
    if not text:
        return UNGRADED
    for grade in AWARD_GRADES:
        if text in (grade, grade.removesuffix("奖")):
            return grade
    return None
