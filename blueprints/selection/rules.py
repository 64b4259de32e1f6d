"""The selection's calendar as plain rules: which phase it is in on a given day, and what each phase allows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blueprints.selection.models import Selection

UPCOMING, NOMINATING, REVIEWING, VOTING, COUNTING, CONFIRMED = (
    "upcoming", "nominating", "reviewing", "voting", "counting", "confirmed",
)
PHASE_LABELS = {
    UPCOMING: "未开始",
    NOMINATING: "提名中",
    REVIEWING: "提名已截止，待投票",
    VOTING: "投票中",
    COUNTING: "投票已结束，待确认",
    CONFIRMED: "已公布",
}
ORDER = [UPCOMING, NOMINATING, REVIEWING, VOTING, COUNTING, CONFIRMED]

TEACHERS_DAY = (9, 10)
MAX_VOTES = 50
MAX_SEATS = 50


class SelectionError(ValueError):
    """A rule an action breaks; `field` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def phase_of(selection: Selection, today: date) -> str:
    """Where the selection stands on a Beijing calendar day; windows include both their first and last day."""
    if selection.confirmed_at is not None:
        return CONFIRMED
    if selection.closed_at is not None or today > selection.vote_until:
        return COUNTING
    if today >= selection.vote_from:
        return VOTING
    if today > selection.nominate_until:
        return REVIEWING
    if today >= selection.nominate_from:
        return NOMINATING
    return UPCOMING


def reached(selection: Selection, today: date, phase: str) -> bool:
    """Whether the selection is at `phase` or past it."""
    return ORDER.index(phase_of(selection, today)) >= ORDER.index(phase)


def nomination_problem(selection: Selection, today: date) -> str | None:
    """Why nobody can nominate today, or None."""
    phase = phase_of(selection, today)
    if phase == UPCOMING:
        return f"提名将于 {selection.nominate_from:%Y年%m月%d日} 开始。"
    if phase != NOMINATING:
        return "提名已经截止。"
    return None


def review_problem(selection: Selection, today: date) -> str | None:
    """Why the admin can no longer accept or refuse nominations: the candidates are fixed once voting starts."""
    if reached(selection, today, VOTING):
        return "投票已经开始，候选人不能再变动。"
    return None


def voting_problem(selection: Selection, today: date) -> str | None:
    """Why nobody can vote (or change a vote) today, or None."""
    phase = phase_of(selection, today)
    if phase in (UPCOMING, NOMINATING, REVIEWING):
        return f"投票将于 {selection.vote_from:%Y年%m月%d日} 开始。"
    if phase != VOTING:
        return "投票已经结束。"
    return None


def sees_totals(selection: Selection, person, today: date) -> bool:
    """Running totals are the admin's alone while voting runs; everyone sees the ranked results after the close."""
    if person.is_admin:
        return reached(selection, today, VOTING)
    return reached(selection, today, COUNTING)


def default_year(today: date) -> int:
    """The Teachers' Day a new selection is for: this year's until 10 September, then next year's."""
    return today.year if (today.month, today.day) <= TEACHERS_DAY else today.year + 1


@dataclass(frozen=True)
class Settings:
    """What the admin sets for a year's selection."""

    year: int
    title: str
    nominate_from: date | None
    nominate_until: date | None
    vote_from: date | None
    vote_until: date | None
    award_on: date | None
    votes_per_voter: int | None
    seats: int | None
    note: str = ""


def default_settings(year: int) -> Settings:
    """Nominations 20–28 August, three days to review them, voting the first week of September, honours on Teachers' Day."""
    return Settings(
        year=year, title=f"{year}年度校级最美教师评选",
        nominate_from=date(year, 8, 20), nominate_until=date(year, 8, 28),
        vote_from=date(year, 9, 1), vote_until=date(year, 9, 7), award_on=date(year, *TEACHERS_DAY),
        votes_per_voter=10, seats=10,
    )


def settings_problems(values: Settings, *, current: Selection | None, has_votes: bool, year_taken: bool) -> dict[str, str]:
    """Every rule the settings break, as {field: message}."""
    problems: dict[str, str] = {}
    if current is not None and current.confirmed_at is not None:
        return {"title": "评选结果已经确认，不能再修改设置。"}
    if not 2000 <= values.year <= 2100:
        problems["year"] = "请填写年份，如 2026。"
    elif year_taken:
        problems["year"] = f"{values.year} 年的评选已经存在。"
    if not values.title:
        problems["title"] = "请填写评选名称。"
    elif len(values.title) > 60:
        problems["title"] = "评选名称最多 60 字。"
    for name in ("nominate_from", "nominate_until", "vote_from", "vote_until", "award_on"):
        if getattr(values, name) is None:
            problems[name] = "请选择日期。"
    if not problems.keys() & {"nominate_from", "nominate_until", "vote_from", "vote_until", "award_on"}:
        if values.nominate_until < values.nominate_from:
            problems["nominate_until"] = "提名截止日期不能早于开始日期。"
        if values.vote_from <= values.nominate_until:
            problems["vote_from"] = "投票应在提名截止之后开始。"
        if values.vote_until < values.vote_from:
            problems["vote_until"] = "投票截止日期不能早于开始日期。"
        if values.award_on < values.vote_until:
            problems["award_on"] = "表彰日期不能早于投票截止日期。"
    if values.votes_per_voter is None or not 1 <= values.votes_per_voter <= MAX_VOTES:
        problems["votes_per_voter"] = f"每人票数应为 1 到 {MAX_VOTES}。"
    if values.seats is None or not 1 <= values.seats <= MAX_SEATS:
        problems["seats"] = f"评选人数应为 1 到 {MAX_SEATS}。"
    if has_votes and current is not None:
        if values.votes_per_voter != current.votes_per_voter:
            problems["votes_per_voter"] = "已经有人投票，每人票数不能再改。"
        if values.vote_from != current.vote_from:
            problems["vote_from"] = "已经有人投票，投票开始日期不能再改。"
    if len(values.note) > 1000:
        problems["note"] = "说明最多 1000 字。"
    return problems
