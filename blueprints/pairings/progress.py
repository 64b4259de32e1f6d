"""Semester targets and progress, counted from confirmed logs only; quiet pairings.

Every function here takes many pairings at once and runs a fixed number of queries, so lists
(the board, my apprentices) do not grow a query per row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from app import db
from blueprints.pairings.models import DEFAULT_TARGETS, METRICS, MentoringLog, Pairing, PairingTarget


@dataclass(frozen=True)
class Progress:
    metric: str
    label: str
    done: int
    target: int

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 100
        return min(100, round(100 * self.done / self.target))

    @property
    def reached(self) -> bool:
        return self.done >= self.target


def semester_targets(semester_id: int) -> dict[str, int]:
    """The semester-wide targets the admin set, with the built-in defaults for the rest."""
    rows = db.session.scalars(
        select(PairingTarget).where(PairingTarget.semester_id == semester_id, PairingTarget.pairing_id.is_(None))
    )
    targets = dict(DEFAULT_TARGETS)
    targets.update({row.metric: row.target for row in rows if row.metric in METRICS})
    return targets


def targets_for(pairings: list[Pairing]) -> dict[int, dict[str, int]]:
    """Each pairing's targets: its own where set, else its semester's, else the defaults."""
    if not pairings:
        return {}
    semester_ids = {p.semester_id for p in pairings}
    pairing_ids = [p.id for p in pairings]
    rows = list(
        db.session.scalars(
            select(PairingTarget).where(
                or_(
                    PairingTarget.pairing_id.in_(pairing_ids),
                    (PairingTarget.pairing_id.is_(None)) & (PairingTarget.semester_id.in_(semester_ids)),
                )
            )
        )
    )
    by_semester: dict[int, dict[str, int]] = {sid: dict(DEFAULT_TARGETS) for sid in semester_ids}
    own: dict[int, dict[str, int]] = {}
    for row in rows:
        if row.metric not in METRICS:
            continue
        if row.pairing_id is None:
            by_semester[row.semester_id][row.metric] = row.target
        else:
            own.setdefault(row.pairing_id, {})[row.metric] = row.target
    return {p.id: {**by_semester[p.semester_id], **own.get(p.id, {})} for p in pairings}


def confirmed_counts(pairing_ids: list[int]) -> dict[int, dict[str, int]]:
    """Confirmed logs per pairing and kind."""
    if not pairing_ids:
        return {}
    counts: dict[int, dict[str, int]] = {}
    rows = db.session.execute(
        select(MentoringLog.pairing_id, MentoringLog.kind, func.count())
        .where(MentoringLog.pairing_id.in_(pairing_ids), MentoringLog.confirmed_at.is_not(None))
        .group_by(MentoringLog.pairing_id, MentoringLog.kind)
    )
    for pairing_id, kind, count in rows:
        counts.setdefault(pairing_id, {})[kind] = count
    return counts


def progress_for(pairings: list[Pairing]) -> dict[int, list[Progress]]:
    """Progress bars of each pairing: one per target, counted from confirmed logs."""
    targets = targets_for(pairings)
    counts = confirmed_counts([p.id for p in pairings])
    result = {}
    for pairing in pairings:
        kinds = counts.get(pairing.id, {})
        result[pairing.id] = [
            Progress(metric, label, sum(kinds.get(kind, 0) for kind in log_kinds), targets[pairing.id][metric])
            for metric, (label, log_kinds, _default) in METRICS.items()
        ]
    return result


def overall_percent(progress: list[Progress]) -> int:
    """One figure for a pairing: the share of all targets reached, each capped at its target."""
    wanted = sum(p.target for p in progress)
    if wanted <= 0:
        return 100
    return round(100 * sum(min(p.done, p.target) for p in progress) / wanted)


def last_confirmed_on(pairing_ids: list[int]) -> dict[int, date]:
    """The date of each pairing's latest confirmed session."""
    if not pairing_ids:
        return {}
    rows = db.session.execute(
        select(MentoringLog.pairing_id, func.max(MentoringLog.held_on))
        .where(MentoringLog.pairing_id.in_(pairing_ids), MentoringLog.confirmed_at.is_not(None))
        .group_by(MentoringLog.pairing_id)
    )
    return {pairing_id: day for pairing_id, day in rows}


def quiet_days_of(pairing: Pairing, last_confirmed: date | None, today: date) -> int | None:
    """Days since the last confirmed session (or since the pairing started); None if not active."""
    if pairing.state != "active":
        return None
    since = last_confirmed or pairing.started_on or pairing.semester.start_date
    return max(0, (today - since).days)


def is_quiet(pairing: Pairing, last_confirmed: date | None, *, quiet_days: int, today: date) -> bool:
    """An active pairing with no confirmed session for `quiet_days` days or more."""
    days = quiet_days_of(pairing, last_confirmed, today)
    return days is not None and days >= quiet_days


def save_targets(semester_id: int, targets: dict[str, int], *, pairing: Pairing | None = None) -> None:
    """Set the semester's targets, or (with `pairing`) that pairing's own."""
    statement = select(PairingTarget).where(PairingTarget.semester_id == semester_id)
    statement = statement.where(
        PairingTarget.pairing_id == pairing.id if pairing is not None else PairingTarget.pairing_id.is_(None)
    )
    existing = {row.metric: row for row in db.session.scalars(statement)}
    for metric, value in targets.items():
        if metric not in METRICS:
            continue
        row = existing.get(metric)
        if row is None:
            db.session.add(
                PairingTarget(
                    semester_id=semester_id, pairing_id=pairing.id if pairing else None, metric=metric, target=value
                )
            )
        else:
            row.target = value
    db.session.flush()


def clear_own_targets(pairing: Pairing) -> None:
    """Let a pairing follow its semester's targets again."""
    db.session.execute(PairingTarget.__table__.delete().where(PairingTarget.pairing_id == pairing.id))
