"""Reading the register: the filters of its list, the filtered awards, prize counts by level and grade."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.core.forms import parse_id
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, CATEGORIES_BY_KIND, PRIZE_GRADES, RECIPIENT_KINDS, Award

PAGE_SIZE = 50

_YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class Filters:
    """The register's filters, read leniently from the query string (a bad value is ignored)."""

    kind: str = ""
    level: str = ""
    grade: str = ""
    category: str = ""
    year: int | None = None
    since: date | None = None  #: with `until`, a date range (the dashboard's semester figures)
    until: date | None = None
    staff_id: int | None = None  #: one teacher's awards (their home page links here), or pupils they guided
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Filters from request.args; anything unrecognised falls back to no filter."""
        year = args.get("year", "").strip()
        staff = args.get("staff", "").strip()
        return cls(
            kind=_pick(args.get("kind"), RECIPIENT_KINDS),
            level=_pick(args.get("level"), AWARD_LEVELS),
            grade=_pick(args.get("grade"), AWARD_GRADES),
            category=_pick(args.get("category"), {c for cs in CATEGORIES_BY_KIND.values() for c in cs}),
            year=int(year) if _YEAR.match(year) else None,
            since=_date(args.get("from")),
            until=_date(args.get("to")),
            staff_id=parse_id(staff),
            q=args.get("q", "").strip()[:40],
        )

    def args(self, **changes) -> dict:
        """The filters as query-string arguments, some changed (for links and the export)."""
        values = {
            "kind": self.kind, "level": self.level, "grade": self.grade, "category": self.category, "year": self.year,
            "from": self.since.isoformat() if self.since else None, "to": self.until.isoformat() if self.until else None,
            "staff": self.staff_id, "q": self.q,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def active(self) -> bool:
        return bool(self.args())

    def without(self, name: str) -> "Filters":
        return replace(self, **{name: Filters.__dataclass_fields__[name].default})


def _pick(value: str | None, allowed) -> str:
    return value if value in allowed else ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filtered(statement: Select, filters: Filters) -> Select:
    """Apply the filters to a statement over Award."""
    if filters.kind:
        statement = statement.where(Award.recipient_kind == filters.kind)
    if filters.level:
        statement = statement.where(Award.level == filters.level)
    if filters.grade:
        statement = statement.where(Award.grade == filters.grade)
    if filters.category:
        statement = statement.where(Award.category == filters.category)
    if filters.year:
        statement = statement.where(Award.awarded_on.between(date(filters.year, 1, 1), date(filters.year, 12, 31)))
    if filters.since:
        statement = statement.where(Award.awarded_on >= filters.since)
    if filters.until:
        statement = statement.where(Award.awarded_on <= filters.until)
    if filters.staff_id:  # a teacher's own awards, or with kind=pupil the pupils they guided
        statement = statement.where(Award.staff_id == filters.staff_id)
    if filters.q:
        like = Staff.name.contains(filters.q, autoescape=True)
        statement = statement.where(
            or_(
                Award.title.contains(filters.q, autoescape=True),
                Award.recipient_name.contains(filters.q, autoescape=True),
                Award.issuer.contains(filters.q, autoescape=True),
                Award.staff_id.in_(select(Staff.id).where(like)),
            )
        )
    return statement


@dataclass
class AwardList:
    awards: list[Award]  #: one page of them
    total: int
    page: int = 1
    pages: int = 1
    by_level: list["PrizeCount"] = field(default_factory=list)  #: 县级一等奖 7 ... among all the filtered awards
    by_kind: dict[str, int] = field(default_factory=dict)  #: teacher/group/pupil → awards


def list_awards(filters: Filters, *, page: int = 1, per_page: int = PAGE_SIZE) -> AwardList:
    """One page of the filtered awards, newest first, with people and groups, and the counts of all of them
    by kind, level and grade (four queries, whatever the size of the register)."""
    counts = db.session.execute(
        filtered(select(Award.recipient_kind, Award.level, Award.grade, func.count()), filters)
        .group_by(Award.recipient_kind, Award.level, Award.grade)
    ).all()
    total = sum(n for *_k, n in counts)
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    statement = filtered(select(Award), filters).options(
        selectinload(Award.staff), selectinload(Award.group)
    ).order_by(Award.awarded_on.desc(), Award.id.desc())
    awards = list(db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    by_kind: dict[str, int] = {}
    by_prize: dict[tuple[str, str], int] = {}
    for kind, level, grade, n in counts:
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_prize[(level, grade)] = by_prize.get((level, grade), 0) + n
    return AwardList(awards, total, page, pages, prize_counts([(lv, gr, n) for (lv, gr), n in by_prize.items()]),
                     {kind: by_kind[kind] for kind in RECIPIENT_KINDS if kind in by_kind})


@dataclass(frozen=True)
class PrizeCount:
    level: str
    grade: str
    count: int

    @property
    def label(self) -> str:
        return f"{AWARD_LEVELS[self.level]}{self.grade}"


def prize_counts(rows) -> list[PrizeCount]:
    """(level, grade, n) rows as 县级一等奖 7, 市级一等奖 3: prizes only, by level as the school reports them
    (校, 县, 市, 省, 国家), the best grade first within a level."""
    levels = list(AWARD_LEVELS)
    grades = {g: i for i, g in enumerate(PRIZE_GRADES)}
    prizes = [(level, grade, n) for level, grade, n in rows if grade in grades and level in levels and n]
    prizes.sort(key=lambda r: (levels.index(r[0]), grades[r[1]]))
    return [PrizeCount(level, grade, n) for level, grade, n in prizes]


def year_choices(today: date) -> list[int]:
    """Years that have awards, and this year, newest first (one query)."""
    first, last = db.session.execute(select(func.min(Award.awarded_on), func.max(Award.awarded_on))).one()
    low = min(first.year if first else today.year, today.year)
    high = max(last.year if last else today.year, today.year)
    return list(range(high, low - 1, -1))


def active_groups() -> list[Group]:
    """The groups an award can go to (the choir, the volleyball team ...)."""
    return list(db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id)))
