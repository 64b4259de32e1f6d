"""Forms of the honours register; the rules themselves live in services.award_problems."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from blueprints.core.forms import ColleagueField, Form, clean_prose, parse_id
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, CATEGORIES_BY_KIND, UNGRADED
from blueprints.honours.services import AwardDraft


def int_or_none(value):
    """A posted id as int; junk becomes None so the rule can say in words what is missing."""
    return parse_id(value)  # also None for "-1", "²" and numbers too big for the database


class AwardForm(Form):
    """One award of a teacher, a group or a pupil; the view sets the kind and the category choices."""

    kind = HiddenField()
    staff_id = ColleagueField("教师")  #: the teacher, or a pupil's guiding teacher
    group_id = SelectField("获奖团队", coerce=int_or_none, validate_choice=False)
    pupil_name = StringField("学生姓名", filters=[clean_prose])
    pupil_class = StringField("班级", filters=[clean_prose])
    title = StringField("名称", filters=[clean_prose])
    category = SelectField("类别", validate_choice=False)
    level = SelectField("级别", choices=[SelectChoice("", "请选择")] + [SelectChoice(k, v) for k, v in AWARD_LEVELS.items()],
                        validate_choice=False)
    grade = SelectField("等次", choices=[SelectChoice(g, "其他（无等次，如称号、发表）" if g == UNGRADED else g) for g in AWARD_GRADES],
                        validate_choice=False)
    awarded_on = DateField("获奖日期", validators=[Optional()], format="%Y-%m-%d")
    issuer = StringField("颁奖单位", filters=[clean_prose])
    note = TextAreaField("备注", filters=[clean_prose])

    def prepare(self, kind: str, groups) -> None:
        """Choices that depend on the kind of recipient, and the labels a pupil's award reads better with."""
        self.kind.data = kind
        self.category.choices = [SelectChoice(c, c) for c in CATEGORIES_BY_KIND.get(kind, CATEGORIES_BY_KIND["teacher"])]
        self.group_id.choices = [SelectChoice("", "请选择")] + [SelectChoice(g.id, g.name) for g in groups]
        if kind == "pupil":
            self.title.label.text = "作品或比赛名称"
            self.issuer.label.text = "发表刊物或颁奖单位"
            self.awarded_on.label.text = "发表或获奖日期"

    def draft(self) -> AwardDraft:
        """What was typed, as the service reads it."""
        return AwardDraft(
            kind=self.kind.data or "",
            title=self.title.data or "",
            category=self.category.data or "",
            level=self.level.data or "",
            grade=self.grade.data or "",
            awarded_on=self.awarded_on.data,
            staff_id=int_or_none(self.staff_id.data),
            group_id=self.group_id.data,
            pupil_name=self.pupil_name.data or "",
            pupil_class=self.pupil_class.data or "",
            issuer=self.issuer.data or "",
            note=self.note.data or "",
        )


class DeleteForm(Form):
    """Only the CSRF token: deleting needs nothing else."""


class ImportUploadForm(Form):
    file = FileField(
        "获奖登记表",
        validators=[FileRequired("请选择要导入的文件。"), FileAllowed(["xlsx", "csv"], "只支持 .xlsx 或 .csv 文件。")],
    )


class ImportConfirmForm(Form):
    token = HiddenField()
