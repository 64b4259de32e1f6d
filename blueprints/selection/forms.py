"""Forms of the 最美教师 selection; the rules themselves live in rules.py and the services."""
from __future__ import annotations

from wtforms import DateField, HiddenField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.core.forms import ColleagueField, Form, clean_prose
from blueprints.selection.rules import Settings


class SettingsForm(Form):
    year = IntegerField("年份", validators=[Optional()])
    title = StringField("评选名称", filters=[clean_prose])
    nominate_from = DateField("提名开始", validators=[Optional()], format="%Y-%m-%d")
    nominate_until = DateField("提名截止（含当天）", validators=[Optional()], format="%Y-%m-%d")
    vote_from = DateField("投票开始", validators=[Optional()], format="%Y-%m-%d")
    vote_until = DateField("投票截止（含当天）", validators=[Optional()], format="%Y-%m-%d")
    award_on = DateField("表彰日期", validators=[Optional()], format="%Y-%m-%d")
    votes_per_voter = IntegerField("每人可投票数", validators=[Optional()])
    seats = IntegerField("评选人数", validators=[Optional()])
    note = TextAreaField("评选说明", filters=[clean_prose])

    def settings(self) -> Settings:
        """What was typed, as the rules read it."""
        return Settings(
            year=self.year.data or 0, title=self.title.data or "", nominate_from=self.nominate_from.data,
            nominate_until=self.nominate_until.data, vote_from=self.vote_from.data, vote_until=self.vote_until.data,
            award_on=self.award_on.data, votes_per_voter=self.votes_per_voter.data, seats=self.seats.data,
            note=self.note.data or "",
        )


class NominationForm(Form):
    nominee_id = ColleagueField("被提名的同事")
    reason = TextAreaField("提名理由", filters=[clean_prose])


class AcceptForm(Form):
    reason = TextAreaField("展示给投票人的推荐理由", filters=[clean_prose])


class RefuseForm(Form):
    refusal = TextAreaField("不予通过的原因", filters=[clean_prose])


class ActionForm(Form):
    """Only the CSRF token: the action needs nothing else."""


class ConfirmForm(Form):
    chosen = SelectMultipleField("当选教师", coerce=int, validate_choice=False,
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
