"""What the lists show for each pairing: progress, last confirmed session, quiet flag, awards, pending logs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.honours.models import Award
from blueprints.pairings.models import STATES, MentoringLog, Pairing
from blueprints.pairings.progress import Progress, is_quiet, last_confirmed_on, overall_percent, progress_for, quiet_days_of
from blueprints.pairings.services import settings_for


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


def award_counts(pairing_ids: list[int]) -> dict[int, int]:
    """Awards attached to each pairing."""
    if not pairing_ids:
        return {}
    rows = db.session.execute(
        select(Award.pairing_id, func.count()).where(Award.pairing_id.in_(pairing_ids)).group_by(Award.pairing_id)
    )
    return dict(rows.all())


def pending_counts(pairing_ids: list[int]) -> dict[int, dict[str, int]]:
    """Logs still waiting for the other side's confirmation, per pairing and writing side."""
    if not pairing_ids:
        return {}
    rows = db.session.execute(
        select(MentoringLog.pairing_id, MentoringLog.author_side, func.count())
        .where(MentoringLog.pairing_id.in_(pairing_ids), MentoringLog.confirmed_at.is_(None))
        .group_by(MentoringLog.pairing_id, MentoringLog.author_side)
    )
    result: dict[int, dict[str, int]] = {}
    for pairing_id, side, count in rows:
        result.setdefault(pairing_id, {})[side] = count
    return result


def rows_for(pairings: list[Pairing], *, today: date) -> list[PairingRow]:
    """The figures of each pairing, in a fixed number of queries whatever the number of pairings."""
    ids = [p.id for p in pairings]
    progress = progress_for(pairings)
    last = last_confirmed_on(ids)
    awards = award_counts(ids)
    pending = pending_counts(ids)
    quiet_limits = {sid: settings_for(sid).quiet_days for sid in {p.semester_id for p in pairings}}
    return [
        PairingRow(
            pairing=p,
            progress=progress[p.id],
            percent=overall_percent(progress[p.id]),
            last_confirmed=last.get(p.id),
            quiet_days=quiet_days_of(p, last.get(p.id), today),
            is_quiet=is_quiet(p, last.get(p.id), quiet_days=quiet_limits[p.semester_id], today=today),
            awards=awards.get(p.id, 0),
            pending=pending.get(p.id, {}),
        )
        for p in pairings
    ]


def _loaded(statement):
    return statement.options(
        selectinload(Pairing.mentor), selectinload(Pairing.apprentice), selectinload(Pairing.semester)
    )


def board_pairings(semester: Semester, *, subject: str = "", state: str = "") -> list[Pairing]:
    """The semester's pairings, filtered by the apprentice's subject and by state."""
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
    return list(db.session.scalars(_loaded(statement)))


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
