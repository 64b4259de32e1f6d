"""Forms of the events feature; times are typed in Beijing time and stored as UTC by the view."""
from __future__ import annotations

from decimal import Decimal

from wtforms import (
    BooleanField, DateTimeLocalField, DecimalField, HiddenField, IntegerField, SelectChoice, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.core.forms import ColleagueField, Form, clean_prose
from blueprints.events.clock import to_utc
from blueprints.events.models import AUDIENCES, DEFAULT_YOUNG_MAX_AGE, EVENT_KINDS, LECTURE_DIMENSIONS
from blueprints.events.operations import SUMMARY_MAX, event_problems

REQUIRED = "请填写此项。"

TIME_FORMAT = "%Y-%m-%dT%H:%M"


def _choices(pairs: dict, blank: str | None = None) -> list[SelectChoice]:
    items = [SelectChoice(value, label) for value, label in pairs.items()]
    return [SelectChoice("", blank)] + items if blank is not None else items


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(Form):
    kind = SelectField("活动类型", choices=_choices(EVENT_KINDS), invalid_choice_message="请选择活动类型。")
    dimension = SelectField("讲坛维度", choices=_choices(LECTURE_DIMENSIONS, "请选择维度"),
                            invalid_choice_message="请选择讲坛维度。")
    group_id = SelectField("主办组织", coerce=_optional_int, validators=[InputRequired("请选择主办组织。")],
                           invalid_choice_message="只能为您负责的组织创建活动。")
    title = StringField("活动名称", filters=[clean_prose],
                        validators=[DataRequired(REQUIRED), Length(max=100, message="活动名称最多 100 字。")])
    description = TextAreaField("活动简介", filters=[clean_prose],
                                validators=[Optional(), Length(max=5000, message="活动简介最多 5000 字。")])
    place = StringField("地点", filters=[clean_prose],
                        validators=[DataRequired(REQUIRED), Length(max=100, message="地点最多 100 字。")])
    starts_at = DateTimeLocalField("开始时间", format=TIME_FORMAT, validators=[InputRequired("请填写开始时间。")])
    ends_at = DateTimeLocalField("结束时间", format=TIME_FORMAT, validators=[InputRequired("请填写结束时间。")])
    audience = SelectField("参加对象", choices=_choices(AUDIENCES), invalid_choice_message="请选择参加对象。")
    young_max_age = IntegerField(
        "青年教师年龄上限（周岁）", default=DEFAULT_YOUNG_MAX_AGE,
        validators=[InputRequired("请填写年龄上限。"), NumberRange(18, 60, message="年龄上限应在 18 到 60 之间。")],
    )
    audience_group_ids = CheckboxList("面向的组织", coerce=int, invalid_choice_message="请选择列出的组织。")
    capacity = IntegerField("名额", validators=[Optional(), NumberRange(max=9999, message="名额最多 9999 人；不限名额请留空。")])
    registration_opens_at = DateTimeLocalField("报名开始", format=TIME_FORMAT, validators=[Optional()])
    registration_closes_at = DateTimeLocalField("报名截止", format=TIME_FORMAT, validators=[Optional()])
    walk_ins_allowed = BooleanField("允许未报名者现场签到", default=True)
    training_hours = DecimalField(
        "培训学时", places=1, default=Decimal("0"),
        validators=[Optional(), NumberRange(0, 99, message="学时应在 0 到 99 之间。")],
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(g.id, g.name) for g in groups]
        self.group_id.choices = [SelectChoice("", "请选择")] + choices
        self.audience_group_ids.choices = choices

    def validate(self, extra_validators=None) -> bool:
        """Field rules first, then the rules across fields, each message beside its field."""
        valid = super().validate(extra_validators)
        if self.starts_at.errors or self.ends_at.errors:
            return False
        problems = event_problems(self.values())
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return valid and not problems

    def details(self) -> dict:
        """What the event is, without when: shared with the series form, whose times come from its rule."""
        return {
            "kind": self.kind.data,
            "dimension": self.dimension.data or "",
            "group_id": self.group_id.data,
            "title": self.title.data,
            "description": self.description.data or "",
            "place": self.place.data,
            "audience": self.audience.data,
            "young_max_age": self.young_max_age.data or DEFAULT_YOUNG_MAX_AGE,
            "audience_group_ids": list(self.audience_group_ids.data or []),
            "capacity": self.capacity.data,
            "walk_ins_allowed": bool(self.walk_ins_allowed.data),
            "training_hours": self.training_hours.data if self.training_hours.data is not None else Decimal("0"),
        }

    def values(self) -> dict:
        """The submitted event as the services take it, times converted to UTC."""
        def utc(field):
            return to_utc(field.data) if field.data else None

        return {
            **self.details(),
            "starts_at": utc(self.starts_at),
            "ends_at": utc(self.ends_at),
            "registration_opens_at": utc(self.registration_opens_at),
            "registration_closes_at": utc(self.registration_closes_at),
        }


class PersonForm(Form):
    staff_id = ColleagueField("人员", required_message="请先搜索并选择一位同事。")


class SpeakerForm(Form):
    colleague_id = ColleagueField("本校同事")
    guest_name = StringField("校外嘉宾姓名", filters=[clean_prose], validators=[Length(max=40, message="姓名最多 40 字。")])
    guest_affiliation = StringField("嘉宾单位或职务", filters=[clean_prose],
                                    validators=[Length(max=100, message="最多 100 字。")])
    topic = StringField("主题", filters=[clean_prose], validators=[Length(max=100, message="主题最多 100 字。")])

    def validate(self, extra_validators=None) -> bool:
        """A speaker is a colleague picked by name or a guest with a name."""
        valid = super().validate(extra_validators)
        if not (self.colleague_id.data or "").strip() and not self.guest_name.data:
            self.guest_name.errors.append("请选择一位本校同事，或填写校外嘉宾姓名。")
            return False
        return valid


class ChecklistItemForm(Form):
    label = StringField("事项", filters=[clean_prose],
                        validators=[DataRequired(REQUIRED), Length(max=100, message="事项最多 100 字。")])


class SummaryForm(Form):
    summary = TextAreaField("活动纪要", validators=[Length(max=SUMMARY_MAX, message=f"纪要最多 {SUMMARY_MAX} 字。")])
    mark_held = BooleanField("标记为已举行")


class CancelForm(Form):
    reason = StringField("取消原因", filters=[clean_prose], validators=[Length(max=200, message="原因最多 200 字。")])
