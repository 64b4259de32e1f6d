"""Forms of the calendar: a repeating event (the event form plus its rule), a holiday, the feed's groups."""
from __future__ import annotations

from datetime import datetime

from wtforms import DateField, IntegerField, RadioField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from blueprints.calendars.holidays import holiday_problems
from blueprints.calendars.models import HOLIDAY_KINDS
from blueprints.calendars.recurrence import (
    FREQUENCIES, MAX_OCCURRENCES, NTH_LABELS, WEEKDAY_NAMES, Pattern, Schedule, schedule_problems,
)
from blueprints.core.forms import Form, clean_prose
from blueprints.events.clock import to_utc
from blueprints.events.forms import CheckboxList, EventForm
from blueprints.events.operations import event_problems

WEEKDAY_CHOICES = [SelectChoice(i, f"周{name}") for i, name in enumerate(WEEKDAY_NAMES)]
END_MODES = {"until": "到某一天为止", "count": "重复一定次数"}


class SeriesForm(EventForm):
    """The event's details, then when it repeats; the occurrences' times and registration windows follow the rule."""

    starts_at = None  # one time per occurrence comes from the rule instead
    ends_at = None
    registration_opens_at = None
    registration_closes_at = None

    first_day = DateField("首次日期", validators=[InputRequired("请填写首次日期。")])
    start_time = TimeField("开始时间", validators=[InputRequired("请填写开始时间。")])
    end_time = TimeField("结束时间", validators=[InputRequired("请填写结束时间。")])
    freq = SelectField("重复方式", choices=[SelectChoice(k, v) for k, v in FREQUENCIES.items()],
                       invalid_choice_message="请选择重复方式。")
    interval = IntegerField("间隔", default=1, validators=[
        InputRequired("请填写间隔。"), NumberRange(1, 4, message="间隔应在 1 到 4 之间。")])
    weekdays = CheckboxList("每周哪几天", coerce=int, choices=WEEKDAY_CHOICES, invalid_choice_message="请选择星期几。")
    nth = SelectField("第几个", coerce=int, choices=[SelectChoice(k, v) for k, v in NTH_LABELS.items()],
                      invalid_choice_message="请选择第几个。")
    nth_weekday = SelectField("星期几", coerce=int, choices=WEEKDAY_CHOICES, invalid_choice_message="请选择星期几。")
    month_day = SelectField("每月几号", coerce=int,
                            choices=[SelectChoice(d, f"{d} 日") for d in range(1, 32)] + [SelectChoice(-1, "月末最后一天")],
                            invalid_choice_message="请选择日期。")
    end_mode = RadioField("结束方式", choices=[SelectChoice(k, v) for k, v in END_MODES.items()], default="until",
                          invalid_choice_message="请选择结束方式。")
    until = DateField("截止日期", validators=[Optional()])
    count = IntegerField("重复次数", validators=[Optional(), NumberRange(1, MAX_OCCURRENCES,
                                                                    message=f"次数应在 1 到 {MAX_OCCURRENCES} 之间。")])
    opens_days_before = IntegerField("提前几天开放报名", validators=[
        Optional(), NumberRange(1, 60, message="应在 1 到 60 天之间；留空表示即日起可报名。")])

    def validate(self, extra_validators=None) -> bool:
        """Field rules, then the event's rules across fields, then the schedule's; each message beside its field."""
        valid = super(EventForm, self).validate(extra_validators)
        if self.first_day.errors or self.start_time.errors or self.end_time.errors:
            return False
        if self.end_mode.data == "until" and self.until.data is None and not self.until.errors:
            self.until.errors.append("请填写截止日期。")
            valid = False
        if self.end_mode.data == "count" and self.count.data is None and not self.count.errors:
            self.count.errors.append("请填写重复次数。")
            valid = False
        if not valid:
            return False
        schedule = self.schedule()
        problems = schedule_problems(schedule)
        first = datetime.combine(schedule.first_day, schedule.starts)
        sample = {**self.details(), "starts_at": to_utc(first), "ends_at": to_utc(first + schedule.duration)}
        for name, message in event_problems(sample).items():
            problems.setdefault({"ends_at": "end_time"}.get(name, name), message)
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return not problems

    def pattern(self) -> Pattern:
        """The repeat pattern as chosen (only the end the organiser picked counts)."""
        until = self.until.data if self.end_mode.data == "until" else None
        count = self.count.data if self.end_mode.data == "count" else None
        return Pattern(
            freq=self.freq.data, interval=self.interval.data or 1, weekdays=tuple(self.weekdays.data or ()),
            nth=self.nth.data or 1, nth_weekday=self.nth_weekday.data or 0, month_day=self.month_day.data or 1,
            until=until, count=count,
        )

    def schedule(self) -> Schedule:
        return Schedule(self.pattern(), self.first_day.data, self.start_time.data, self.end_time.data)

    def fill_pattern(self, pattern: Pattern) -> None:
        """Show a stored pattern in the fields (editing a series)."""
        self.freq.data, self.interval.data = pattern.freq, pattern.interval
        self.weekdays.data = list(pattern.weekdays)
        self.nth.data, self.nth_weekday.data, self.month_day.data = pattern.nth, pattern.nth_weekday, pattern.month_day
        self.end_mode.data = "until" if pattern.until is not None else "count"
        self.until.data, self.count.data = pattern.until, pattern.count


class HolidayForm(Form):
    name = StringField("名称", filters=[clean_prose],
                       validators=[DataRequired("请填写名称。"), Length(max=40, message="名称最多 40 字。")])
    kind = SelectField("类型", choices=[SelectChoice(k, v) for k, v in HOLIDAY_KINDS.items()],
                       invalid_choice_message="请选择假期类型。")
    start_date = DateField("第一天", validators=[InputRequired("请填写第一天。")])
    end_date = DateField("最后一天", validators=[InputRequired("请填写最后一天。")])

    def __init__(self, *args, holiday_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.holiday_id = holiday_id

    def validate(self, extra_validators=None) -> bool:
        """Field rules, then dates in order and no holiday entered twice."""
        if not super().validate(extra_validators):
            return False
        problems = holiday_problems(self.values(), except_id=self.holiday_id)
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return not problems

    def values(self) -> dict:
        return {"name": self.name.data, "kind": self.kind.data,
                "start_date": self.start_date.data, "end_date": self.end_date.data}


class FeedGroupsForm(Form):
    group_ids = CheckboxList("同时订阅这些组织的全部活动", coerce=int, invalid_choice_message="请选择列出的组织。")

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.group_ids.choices = [SelectChoice(g.id, g.name) for g in groups]
