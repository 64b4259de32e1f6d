"""Forms of the kiosk feature: opening a kiosk, re-issuing a code, choosing whose badges to print."""
from __future__ import annotations

from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from blueprints.core.forms import ColleagueField, Form, clean_prose
from blueprints.kiosk.services import MAX_CLOSES_AFTER, MAX_OPENS_BEFORE


class KioskForm(Form):
    """Open a kiosk: a name to tell tablets apart, and its window around the event."""

    label = StringField("签到机名称", filters=[clean_prose], default="签到机",
                        validators=[DataRequired("请填写签到机名称，如“门口 1 号”。"),
                                    Length(max=40, message="名称最多 40 字。")])
    opens_minutes_before = IntegerField(
        "活动开始前多少分钟开放", default=MAX_OPENS_BEFORE,
        validators=[InputRequired("请填写分钟数。"),
                    NumberRange(0, MAX_OPENS_BEFORE, message=f"应在 0 到 {MAX_OPENS_BEFORE} 分钟之间。")],
    )
    closes_minutes_after = IntegerField(
        "活动结束后多少分钟关闭", default=MAX_CLOSES_AFTER,
        validators=[InputRequired("请填写分钟数。"),
                    NumberRange(0, MAX_CLOSES_AFTER, message=f"应在 0 到 {MAX_CLOSES_AFTER} 分钟之间。")],
    )


class ConfirmForm(Form):
    """Only the CSRF token: a button that needs nothing else (re-issuing one's own code)."""


class ReissueForm(Form):
    """The admin picks the colleague whose code is re-issued."""

    staff_id = ColleagueField("同事", required_message="请先搜索并选择一位同事。")


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class BadgeScopeForm(Form):
    """GET form (no CSRF: it changes nothing a user would notice) choosing whose badges to print."""

    class Meta:
        csrf = False

    group_id = SelectField("打印范围", coerce=_optional_int, validate_choice=True,
                           invalid_choice_message="请选择列出的组织。")

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id.choices = [SelectChoice("", "全体在职教职工")] + [SelectChoice(g.id, g.name) for g in groups]
