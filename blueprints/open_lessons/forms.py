"""Forms of open lessons; every message is the one the user reads next to the field."""
from __future__ import annotations

from wtforms import SelectChoice, BooleanField, DateField, FieldList, FormField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from blueprints.core.forms import ColleagueField, Form, clean_prose, parse_id

from .models import PERIOD_COUNT
from .services import TEACHING_SUBJECTS
from .services.settings import MAX_FEEDBACK_DAYS

REQUIRED = "请填写此项。"


def int_or_none(value):
    """Coerce a posted choice to int; junk becomes None so the rule can say what is wrong in words."""
    return parse_id(value)  # also None for "-1", "²" and numbers too big for the database


class LessonForm(Form):
    """Declare or change a lesson; the semester's periods and rooms are filled in by the view."""

    teacher_id = ColleagueField("授课教师")  #: only the admin declares for someone else
    subject = SelectField("学科", choices=[SelectChoice("", "（请选择）")] + [SelectChoice(s, s) for s in TEACHING_SUBJECTS], validate_choice=False)
    class_name = StringField(
        "班级", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=20, message="班级最多 20 字。")]
    )
    topic = StringField("课题", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=60, message="课题最多 60 字。")])
    lesson_date = DateField("日期", validators=[InputRequired("请选择日期。")], format="%Y-%m-%d")
    period = SelectField("节次", coerce=int_or_none, validate_choice=False)
    room_id = SelectField("教室", coerce=int_or_none, validate_choice=False)
    plan = TextAreaField(
        "教学简案", filters=[clean_prose], validators=[Optional(), Length(max=2000, message="教学简案最多 2000 字。")]
    )

    def validate_subject(self, field):
        if field.data not in TEACHING_SUBJECTS:
            raise ValidationError("请选择学科。")

    def validate_period(self, field):
        if field.data is None:
            raise ValidationError("请选择节次。")
        if not 1 <= field.data <= PERIOD_COUNT:
            raise ValidationError(f"没有第 {field.data} 节，节次为第 1–{PERIOD_COUNT} 节。")

    def validate_room_id(self, field):
        if field.data is None:
            raise ValidationError("请选择一间教室。")


class InviteForm(Form):
    staff_id = ColleagueField("邀请同事", required_message="请先搜索并选择一位同事。")


class ReflectionForm(Form):
    reflection = TextAreaField(
        "教学反思", filters=[clean_prose], validators=[DataRequired("请填写教学反思。"), Length(max=3000, message="教学反思最多 3000 字。")]
    )


def feedback_form_class(rubric):
    """A feedback form with one 1–5 score per rubric item (score_<item id>), then 亮点 and 建议."""

    class FeedbackForm(Form):
        strengths = TextAreaField(
            "亮点", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=1000, message="最多 1000 字。")]
        )
        suggestions = TextAreaField(
            "建议", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=1000, message="最多 1000 字。")]
        )

        def score_fields(self):
            return [(item, self[f"score_{item.id}"]) for item in rubric]

        def scores(self) -> dict[int, int]:
            return {item.id: field.data for item, field in self.score_fields()}

    for item in rubric:
        message = f"「{item.name}」请打 1–5 分。"
        setattr(
            FeedbackForm,
            f"score_{item.id}",
            IntegerField(item.name, validators=[InputRequired(message), NumberRange(1, 5, message=message)]),
        )
    return FeedbackForm


class SettingsForm(Form):
    declare_from = DateField("申报开始日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    declare_until = DateField("申报截止日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    min_observers = IntegerField(
        "每节课至少听课人数", validators=[InputRequired(REQUIRED), NumberRange(1, 50, message="请填写 1–50 之间的整数。")]
    )
    observe_target = IntegerField(
        "每位教师本学期应听课节数", validators=[InputRequired(REQUIRED), NumberRange(0, 60, message="请填写 0–60 之间的整数。")]
    )
    feedback_days = IntegerField(
        "课后几天内交评课", validators=[InputRequired(REQUIRED), NumberRange(
            1, MAX_FEEDBACK_DAYS, message=f"请填写 1–{MAX_FEEDBACK_DAYS} 之间的整数。")]
    )
    names_visible = BooleanField("授课教师可以看到评课人姓名（关闭则匿名）")


class PeriodForm(Form):
    class Meta:
        csrf = False  # one row of PeriodsForm, which carries the token

    starts_at = TimeField("上课", validators=[InputRequired("请填写时间。")], format="%H:%M")
    ends_at = TimeField("下课", validators=[InputRequired("请填写时间。")], format="%H:%M")


class PeriodsForm(Form):
    periods = FieldList(FormField(PeriodForm), min_entries=PERIOD_COUNT, max_entries=PERIOD_COUNT)


class RoomForm(Form):
    name = StringField("教室", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=40, message="名称最多 40 字。")])
    seats = IntegerField("听课座位", validators=[InputRequired(REQUIRED), NumberRange(1, 300, message="请填写 1–300 之间的整数。")])
    is_active = BooleanField("在用", default=True)


class RubricItemForm(Form):
    name = StringField("评分项", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=30, message="名称最多 30 字。")])
    position = IntegerField("排序", validators=[Optional(), NumberRange(0, 99, message="请填写 0–99 之间的整数。")])
    is_active = BooleanField("在用", default=True)


class ComplianceFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter

    subject = SelectField("学科", choices=[SelectChoice("", "全部学科")] + [SelectChoice(s, s) for s in TEACHING_SUBJECTS], validate_choice=False)
    group = SelectField("组织", coerce=int_or_none, validate_choice=False)
