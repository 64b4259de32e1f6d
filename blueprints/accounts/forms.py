"""Forms of the accounts feature; every message is the one the user reads next to the field."""
from __future__ import annotations

import unicodedata

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectChoice, BooleanField, DateField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from blueprints.core.forms import ColleagueField, Form, clean_prose
from blueprints.accounts.models import GENDERS, GRADE_BANDS, GROUP_KINDS, POLITICAL_STATUSES, ROLES, SUBJECTS, TITLES


def clean_text(value: str | None) -> str | None:
    """NFKC folds full-width digits and letters; full-width spaces and edges are stripped."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", value).strip()


REQUIRED = "请填写此项。"


class LoginForm(Form):
    staff_no = StringField("工号", filters=[clean_text], validators=[DataRequired(REQUIRED), Length(max=20)])
    password = PasswordField("密码", validators=[DataRequired(REQUIRED), Length(max=200)])
    next = HiddenField()


class ChangePasswordForm(Form):
    current_password = PasswordField("当前密码", validators=[DataRequired(REQUIRED)])
    new_password = PasswordField("新密码", validators=[DataRequired(REQUIRED), Length(max=200)])
    confirm_password = PasswordField("再次输入新密码", validators=[DataRequired(REQUIRED)])

    def validate_confirm_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError("两次输入的新密码不一致。")


def _choices(values, blank: str | None = None) -> list[SelectChoice]:
    """Choices from a list of values (label = value) or a dict of value → label, optionally with a blank first."""
    pairs = values.items() if isinstance(values, dict) else ((value, value) for value in values)
    items = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice("", blank)] + items if blank is not None else items


class StaffForm(Form):
    staff_no = StringField(
        "工号",
        filters=[clean_text],
        validators=[
            DataRequired(REQUIRED),
            Length(max=20, message="工号最长 20 位。"),
            Regexp(r"^[0-9A-Za-z-]+$", message="工号只能包含数字、字母和短横线。"),
        ],
    )
    name = StringField("姓名", filters=[clean_text], validators=[DataRequired(REQUIRED), Length(max=40, message="姓名太长。")])
    gender = SelectField("性别", choices=_choices(GENDERS), validators=[InputRequired(REQUIRED)])
    birth_date = DateField("出生日期", validators=[Optional()], format="%Y-%m-%d")
    phone = StringField(
        "手机号",
        filters=[clean_text],
        validators=[Optional(), Regexp(r"^1\d{10}$", message="请输入 11 位手机号。")],
    )
    subject = SelectField("任教学科", choices=_choices(SUBJECTS, "（无）"), validate_choice=True)
    grade_band = SelectField("年级段", choices=_choices(GRADE_BANDS, "（无）"))
    title = SelectField("职称", choices=_choices(TITLES, "（未填）"))
    political_status = SelectField("政治面貌", choices=_choices(POLITICAL_STATUSES))
    arrival_date = DateField("到校日期", validators=[Optional()], format="%Y-%m-%d")
    is_backbone = BooleanField("骨干教师")
    is_famous = BooleanField("名师")
    is_special_grade = BooleanField("特级教师")
    role = SelectField("角色", choices=_choices(ROLES))

    def validate_birth_date(self, field):
        if field.data and field.data.year < 1930:
            raise ValidationError("出生日期不合理。")


class GroupForm(Form):
    name = StringField(
        "名称",
        filters=[clean_text],
        validators=[
            DataRequired(REQUIRED),
            Length(max=60, message="名称太长。"),
            # The roster file lists a person's groups separated by these marks.
            Regexp(r"^[^、,;，；()（）]+$", message="名称中不能含有顿号、逗号、分号或括号。"),
        ],
    )
    kind = SelectField("类别", choices=_choices(GROUP_KINDS))
    description = TextAreaField("简介", filters=[clean_prose], validators=[Optional(), Length(max=2000, message="简介最多 2000 字。")])


class MembershipForm(Form):
    staff_id = ColleagueField("成员", required_message="请先搜索并选择一位同事。")
    is_leader = BooleanField("负责人")


class SemesterForm(Form):
    name = StringField(
        "学期名称",
        filters=[clean_text],
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^\d{4}-\d{4}学年第[一二]学期$", message="格式如：2026-2027学年第一学期。"),
        ],
    )
    start_date = DateField("开始日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    end_date = DateField("结束日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    is_current = BooleanField("设为当前学期")


class RosterUploadForm(Form):
    file = FileField(
        "名册文件",
        validators=[
            FileRequired("请选择要导入的文件。"),
            FileAllowed(["xlsx", "csv"], "只支持 .xlsx 或 .csv 文件。"),
        ],
    )


class RosterConfirmForm(Form):
    token = HiddenField(validators=[DataRequired()])
    initial_password = PasswordField("新账号的初始密码", validators=[Optional(), Length(max=200)])


class StaffGroupForm(Form):
    group_id = SelectField("组织", coerce=int, validate_choice=True)
    is_leader = BooleanField("负责人")
