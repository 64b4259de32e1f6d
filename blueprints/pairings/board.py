"""What the lists show for each pairing: progress, last confirmed session, quiet flag, awards, pending logs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, selectinload

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


def rows_of(statement, *, today: date) -> list[PairingRow]:
    """The pairings a select(Pairing) statement finds, with their people and figures, in one query."""
    return [row_from(row[0], row._mapping, today) for row in db.session.execute(_loaded(statement).add_columns(*labelled_figures()))]


def _loaded(statement):
    return statement.options(joinedload(Pairing.mentor), joinedload(Pairing.apprentice), joinedload(Pairing.semester))


def board_statement(semester: Semester, *, subject: str = "", state: str = ""):
    """The query of the board's pairings: dissolved ones last, then by the apprentice's subject and number."""
    statement = (
        select(Pairing)
        .join(Staff, Staff.id == Pairing.apprentice_id)
        .where(Pairing.semester_id == semester.id)
        .order_by(Pairing.state == "dissolved", Staff.subject, Staff.staff_no, Pairing.id)
    )
    if subject:
        statement = statement.where(Staff.subject == subject)
    if state in STATES:
        statement = statement.where(Pairing.state == state)
    return statement


def pairings_as(staff: Staff, side: str) -> list[Pairing]:
    """A person's pairings as mentor or as apprentice, open ones and the newest semester first."""
    column = Pairing.mentor_id if side == "mentor" else Pairing.apprentice_id
    statement = (
        select(Pairing)
        .join(Semester, Semester.id == Pairing.semester_id)
        .where(column == staff.id)
        .order_by(Pairing.state.not_in(("draft", "active")), Semester.start_date.desc(), Pairing.id.desc())
    )
    return list(db.session.scalars(_loaded(statement)))


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
