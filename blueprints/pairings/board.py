"""What the lists show for each pairing: progress, last confirmed session, quiet flag, awards, pending logs; and the
coordinators' board, a page at a time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Date, Integer, and_, bindparam, case, func, literal, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.honours.models import Award
from blueprints.pairings.models import (
    DEFAULT_QUIET_DAYS, METRICS, SIDES, STATES, MentoringLog, Pairing, PairingSettings, PairingTarget,
)
from blueprints.pairings.progress import Progress, is_quiet, overall_percent, quiet_days_of


@dataclass(frozen=True)
class PairingRow:
    pairing: Pairing
    progress: list[Progress]
    percent: int
    last_confirmed: date | None
    quiet_days: int | None
    is_quiet: bool
    awards: int
    #: Unconfirmed logs by the side that wrote them: {"mentor": 1, "apprentice": 2}.
    pending: dict[str, int]

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())

    def waiting_for(self, side: str) -> int:
        """Logs the other side wrote that `side` still has to confirm."""
        return self.pending.get("apprentice" if side == "mentor" else "mentor", 0)


def figure_columns() -> dict:
    """Everything a PairingRow shows, as scalars correlated with Pairing: each target (the pairing's own, else its
    semester's, else the default) and the confirmed logs counting towards it, the last confirmed session, the
    logs waiting for each side, the awards, and the semester's quiet-days threshold."""
    confirmed = MentoringLog.confirmed_at.is_not(None)

    def logs(*where, value=None):
        value = func.count() if value is None else value
        return select(value).where(MentoringLog.pairing_id == Pairing.id, *where).scalar_subquery()

    def target(metric: str, own: bool):
        where = (PairingTarget.pairing_id == Pairing.id) if own else and_(
            PairingTarget.pairing_id.is_(None), PairingTarget.semester_id == Pairing.semester_id)
        return select(PairingTarget.target).where(where, PairingTarget.metric == metric).scalar_subquery()

    columns = {}
    for metric, (_label, kinds, default) in METRICS.items():
        columns[f"target_{metric}"] = func.coalesce(target(metric, own=True), target(metric, own=False), default)
        columns[f"done_{metric}"] = logs(confirmed, MentoringLog.kind.in_(kinds))
    columns["last_confirmed"] = logs(confirmed, value=func.max(MentoringLog.held_on))
    for side in SIDES:
        columns[f"pending_{side}"] = logs(MentoringLog.confirmed_at.is_(None), MentoringLog.author_side == side)
    columns["awards"] = select(func.count()).select_from(Award).where(Award.pairing_id == Pairing.id).scalar_subquery()
    columns["quiet_limit"] = func.coalesce(
        select(PairingSettings.quiet_days).where(PairingSettings.semester_id == Pairing.semester_id).scalar_subquery(),
        DEFAULT_QUIET_DAYS,
    )
    return columns


def row_from(pairing: Pairing, values, today: date) -> PairingRow:
    """A PairingRow out of the values of `figure_columns` (a row's mapping)."""
    progress = [
        Progress(metric, label, values[f"done_{metric}"], values[f"target_{metric}"])
        for metric, (label, _kinds, _default) in METRICS.items()
    ]
    last = values["last_confirmed"]
    return PairingRow(
        pairing=pairing,
        progress=progress,
        percent=overall_percent(progress),
        last_confirmed=last,
        quiet_days=quiet_days_of(pairing, last, today),
        is_quiet=is_quiet(pairing, last, quiet_days=values["quiet_limit"], today=today),
        awards=values["awards"],
        pending={side: n for side in SIDES if (n := values[f"pending_{side}"])},
    )


def labelled_figures() -> list:
    """`figure_columns`, labelled with their names, to add to a select."""
    return [column.label(name) for name, column in figure_columns().items()]


def rows_for(pairings: list[Pairing], *, today: date) -> list[PairingRow]:
    """The figures of each pairing, in one query whatever the number of pairings."""
    if not pairings:
        return []
    values = {row.id: row._mapping for row in db.session.execute(
        select(Pairing.id, *labelled_figures()).where(Pairing.id.in_([p.id for p in pairings]))
    )}
    return [row_from(p, values[p.id], today) for p in pairings]


def with_people(statement):
    """A select(Pairing) that loads each pairing's mentor, apprentice and semester in the same query."""
    return statement.options(joinedload(Pairing.mentor), joinedload(Pairing.apprentice), joinedload(Pairing.semester))


def read_rows(statement, params: dict):
    """Run a statement of plain columns, built once, on the session's connection: for the board's small pages the
    ORM's handling of a query (and of each row) cost as much as the query; no objects are loaded, so nothing is
    lost. Pending changes are flushed first, as the session would."""
    db.session.flush()
    return db.session.connection().execute(statement, params)


#: Rows per page of the board's table: enough for a coordinator's look at one semester, short on a phone.
PAIRINGS_PER_PAGE = 20
#: Newcomers per page of the board's "still lacks a mentor" list, each a card with its suggestions: two rows of
#: three cards on a desk.
NEWCOMERS_PER_PAGE = 6


@dataclass(frozen=True)
class BoardRow:
    """One line of the board's table, out of plain columns (no ORM objects: building them was most of the cost)."""

    id: int
    state: str
    apprentice: str
    mentor: str
    subject: str
    percent: int
    last_confirmed: date | None
    quiet_days: int | None
    is_quiet: bool
    pending_total: int
    awards: int

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)


@dataclass(frozen=True)
class BoardSlice:
    """A slice of the board's pairings, with the counts of all those the filters let through."""

    rows: list[BoardRow]
    total: int
    quiet: int  #: active pairings among them with no confirmed session for the semester's quiet days


@cache
def _board_statements(by_subject: bool, by_state: bool):
    """Built once for each combination of filters: the counts of the board's pairings and of the quiet ones; and a
    slice of them with their figures, dissolved ones last, then by the apprentice's subject and number, each row
    carrying both counts, so that one query answers when the slice is not empty.

    The figures are those of figure_columns, but the slice's logs are read in one pass grouped by pairing, instead
    of once per figure and pairing."""
    confirmed = MentoringLog.confirmed_at.is_not(None)
    last_confirmed = (
        select(func.max(MentoringLog.held_on)).where(MentoringLog.pairing_id == Pairing.id, confirmed)
        .scalar_subquery()
    )
    # quiet_days_of, in SQL: an active pairing's days count from its last confirmed session, else from its start.
    since = func.coalesce(last_confirmed, Pairing.started_on, bindparam("semester_start", type_=Date))
    quiet = case((and_(Pairing.state == "active", since <= bindparam("quiet_before", type_=Date)), 1), else_=0)
    where = [Pairing.semester_id == bindparam("semester_id")]
    if by_subject:
        where.append(Staff.subject == bindparam("subject"))
    if by_state:
        where.append(Pairing.state == bindparam("state"))
    counts = (
        select(func.count(), func.coalesce(func.sum(quiet), 0))
        .select_from(Pairing).join(Staff, Staff.id == Pairing.apprentice_id).where(*where)
    )
    # The same text in the window and in ORDER BY (a literal, not two parameters) lets SQLite sort once.
    order = (Pairing.state == literal("dissolved", literal_execute=True), Staff.subject, Staff.staff_no, Pairing.id)
    listed = (
        select(
            Pairing.id, func.row_number().over(order_by=order).label("place"),
            func.count().over().label("total"), func.sum(quiet).over().label("quiet"),
        )
        .join(Staff, Staff.id == Pairing.apprentice_id).where(*where)
        .order_by(*order).limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
        .cte("listed")
    )

    def counted(*conditions):
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    logs = (
        select(
            MentoringLog.pairing_id,
            *(counted(confirmed, MentoringLog.kind.in_(kinds)).label(f"done_{metric}")
              for metric, (_label, kinds, _default) in METRICS.items()),
            func.max(case((confirmed, MentoringLog.held_on))).label("last_confirmed"),
            *(counted(MentoringLog.confirmed_at.is_(None), MentoringLog.author_side == side).label(f"pending_{side}")
              for side in SIDES),
        )
        .where(MentoringLog.pairing_id.in_(select(listed.c.id)))
        .group_by(MentoringLog.pairing_id)
        .subquery("logs")
    )
    figures = figure_columns()
    mentor = aliased(Staff, name="mentor")
    rows = (
        select(
            Pairing.id, Pairing.state, Pairing.started_on, Staff.name.label("apprentice"),
            mentor.name.label("mentor"), Staff.subject, listed.c.total, listed.c.quiet,
            *(figures[f"target_{metric}"].label(f"target_{metric}") for metric in METRICS),
            *(func.coalesce(logs.c[f"done_{metric}"], 0).label(f"done_{metric}") for metric in METRICS),
            logs.c.last_confirmed,
            *(func.coalesce(logs.c[f"pending_{side}"], 0).label(f"pending_{side}") for side in SIDES),
            figures["awards"].label("awards"),
        )
        .join(listed, listed.c.id == Pairing.id)
        .join(Staff, Staff.id == Pairing.apprentice_id)
        .join(mentor, mentor.id == Pairing.mentor_id)
        .outerjoin(logs, logs.c.pairing_id == Pairing.id)
        .order_by(listed.c.place)
    )
    return counts, rows


def board_slice(
    semester: Semester, *, subject: str, state: str, quiet_days: int, today: date, offset: int, limit: int,
) -> BoardSlice:
    """The semester's pairings with these filters, from `offset`, at most `limit`, with the figures the board's
    table shows, and the counts of all of them; one query, or two when the slice is empty."""
    counts, statement = _board_statements(bool(subject), state in STATES)
    params = {"semester_id": semester.id, "semester_start": semester.start_date,
              "quiet_before": today - timedelta(days=quiet_days)}
    if subject:
        params["subject"] = subject
    if state in STATES:
        params["state"] = state
    rows = []
    for values in read_rows(statement, {**params, "offset": offset, "limit": limit}).mappings():
        progress = [
            Progress(metric, label, values[f"done_{metric}"], values[f"target_{metric}"])
            for metric, (label, _kinds, _default) in METRICS.items()
        ]
        last = values["last_confirmed"]
        days = (max(0, (today - (last or values["started_on"] or semester.start_date)).days)
                if values["state"] == "active" else None)
        rows.append(BoardRow(
            id=values["id"], state=values["state"], apprentice=values["apprentice"], mentor=values["mentor"],
            subject=values["subject"], percent=overall_percent(progress), last_confirmed=last,
            quiet_days=days, is_quiet=days is not None and days >= quiet_days,
            pending_total=sum(values[f"pending_{side}"] for side in SIDES), awards=values["awards"],
        ))
    if rows:
        return BoardSlice(rows, values["total"], values["quiet"])
    total, quiet = read_rows(counts, params).one()
    return BoardSlice([], total, quiet)


def pairings_as(staff: Staff, side: str) -> list[Pairing]:
    """A person's pairings as mentor or as apprentice, open ones and the newest semester first."""
    column = Pairing.mentor_id if side == "mentor" else Pairing.apprentice_id
    statement = (
        select(Pairing)
        .join(Semester, Semester.id == Pairing.semester_id)
        .where(column == staff.id)
        .order_by(Pairing.state.not_in(("draft", "active")), Semester.start_date.desc(), Pairing.id.desc())
    )
    return list(db.session.scalars(with_people(statement)))


def recent_logs(pairing_ids: list[int], per_pairing: int = 3) -> dict[int, list[MentoringLog]]:
    """The latest few logs of each pairing (one query; the lists are short)."""
    if not pairing_ids:
        return {}
    result: dict[int, list[MentoringLog]] = {}
    logs = db.session.scalars(
        select(MentoringLog)
        .where(MentoringLog.pairing_id.in_(pairing_ids))
        .options(selectinload(MentoringLog.author))
        .order_by(MentoringLog.held_on.desc(), MentoringLog.id.desc())
    )
    for log in logs:
        bucket = result.setdefault(log.pairing_id, [])
        if len(bucket) < per_pairing:
            bucket.append(log)
    return result
