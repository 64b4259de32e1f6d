"""Forms of the pairings feature; each message is what the user reads next to the field."""
from __future__ import annotations

from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from blueprints.core.forms import ColleagueField, Form, clean_prose
from blueprints.honours.models import AWARD_CATEGORIES, AWARD_GRADES, AWARD_LEVELS
from blueprints.pairings.logs import MAX_DURATION_MINUTES
from blueprints.pairings.models import EVALUATION_ITEMS, LOG_KINDS, METRICS, SCORE_LABELS

REQUIRED = "请填写此项。"


def _choices(values: dict | list) -> list[SelectChoice]:
    pairs = values.items() if isinstance(values, dict) else ((v, v) for v in values)
    return [SelectChoice(value, label) for value, label in pairs]


class PairingForm(Form):
    """Pair any two colleagues, picked with the colleague search."""

    semester_id = SelectField("学期", coerce=int, validate_choice=True)
    apprentice_id = ColleagueField("徒弟", required_message="请先搜索并选择徒弟。")
    mentor_id = ColleagueField("师傅", required_message="请先搜索并选择师傅。")
    activate = BooleanField("立即生效（不勾选则存为草稿）", default=True)
    note = TextAreaField("结对说明", filters=[clean_prose], validators=[Optional(), Length(max=500, message="说明最多 500 字。")])


class QuickPairForm(Form):
    """One click on a suggestion: the newcomer, the suggested mentor, the semester."""

    semester_id = HiddenField(validators=[DataRequired()])
    apprentice_id = HiddenField(validators=[DataRequired()])
    mentor_id = HiddenField(validators=[DataRequired()])


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


class DissolveForm(Form):
    reason = TextAreaField(
        "解除原因",
        filters=[clean_prose],
        validators=[DataRequired("解除结对须填写原因。"), Length(max=500, message="原因最多 500 字。")],
    )


class LogForm(Form):
    kind = SelectField("帮扶形式", choices=_choices(LOG_KINDS), validate_choice=True)
    held_on = DateField("日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    duration_minutes = IntegerField(
        "时长（分钟）",
        validators=[
            InputRequired(REQUIRED),
            NumberRange(min=1, max=MAX_DURATION_MINUTES, message=f"时长须为 1 到 {MAX_DURATION_MINUTES} 分钟之间的整数。"),
        ],
    )
    content = TextAreaField(
        "做了什么", filters=[clean_prose], validators=[DataRequired(REQUIRED), Length(max=2000, message="最多 2000 字。")]
    )
    next_steps = TextAreaField(
        "下一步", filters=[clean_prose], validators=[Optional(), Length(max=1000, message="最多 1000 字。")]
    )


class ConfirmForm(Form):
    answer = TextAreaField(
        "回复（可不填）", filters=[clean_prose], validators=[Optional(), Length(max=1000, message="回复最多 1000 字。")]
    )


def _count_field(label: str) -> IntegerField:
    return IntegerField(
        label, validators=[InputRequired(REQUIRED), NumberRange(min=0, max=100, message="请填写 0 到 100 之间的整数。")]
    )


class TargetsForm(Form):
    """The targets of a semester or of one pairing, one count per metric."""

    mentor_observes = _count_field(METRICS["mentor_observes"][0])
    apprentice_observes = _count_field(METRICS["apprentice_observes"][0])
    plan_reviews = _count_field(METRICS["plan_reviews"][0])
    talks = _count_field(METRICS["talks"][0])

    def targets(self) -> dict[str, int]:
        return {metric: self[metric].data for metric in METRICS}


class SettingsForm(TargetsForm):
    max_apprentices = IntegerField(
        "每位师傅最多带徒人数",
        validators=[InputRequired(REQUIRED), NumberRange(min=1, max=10, message="请填写 1 到 10 之间的整数。")],
    )
    quiet_days = IntegerField(
        "多少天没有已确认的记录即提醒",
        validators=[InputRequired(REQUIRED), NumberRange(min=7, max=180, message="请填写 7 到 180 之间的天数。")],
    )


def evaluation_form(side: str, **kwargs) -> Form:
    """The evaluation form of one side: a 1-5 rating per item of that side, and comments."""

    class EvaluationForm(Form):
        comment = TextAreaField(
            "评语", filters=[clean_prose], validators=[DataRequired("请写几句评语。"), Length(max=2000, message="最多 2000 字。")]
        )

    choices = [SelectChoice("", "请选择")] + [SelectChoice(str(k), v) for k, v in SCORE_LABELS.items()]
    for key, label in EVALUATION_ITEMS[side].items():
        setattr(
            EvaluationForm,
            f"score_{key}",
            SelectField(label, choices=choices, validators=[DataRequired("请为这一项打分。")], validate_choice=True),
        )
    form = EvaluationForm(**kwargs)
    form.item_keys = list(EVALUATION_ITEMS[side])
    return form


class AwardForm(Form):
    title = StringField(
        "比赛或荣誉名称",
        filters=[clean_prose],
        validators=[DataRequired(REQUIRED), Length(max=120, message="名称最多 120 字。")],
    )
    category = SelectField("类别", choices=_choices(AWARD_CATEGORIES), validate_choice=True)
    level = SelectField("级别", choices=_choices(AWARD_LEVELS), validate_choice=True)
    grade = SelectField("等次", choices=_choices(AWARD_GRADES), validate_choice=True)
    awarded_on = DateField("获奖日期", validators=[InputRequired(REQUIRED)], format="%Y-%m-%d")
    issuer = StringField("颁奖单位", filters=[clean_prose], validators=[Optional(), Length(max=80, message="最多 80 字。")])
