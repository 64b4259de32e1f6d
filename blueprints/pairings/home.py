"""Panels on the home page: logs to confirm, my mentor, my apprentices, and the coordinators' summary.

Each panel runs one query at most (the person's own pairings are read once for both of theirs), and what
decides whether a panel shows at all comes with the home page's figures."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, and_, bindparam, func, or_, select

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.accounts.services import current_semester
from blueprints.core import clock
from blueprints.core.features import Figures, home_figures, per_request
from blueprints.core.freshness import cached
from blueprints.pairings.access import is_coordinator, sides_held
from blueprints.pairings.board import PairingRow, labelled_figures, row_from, with_people
from blueprints.pairings.logs import awaiting_conditions, logs_awaiting
from blueprints.pairings.models import OPEN_STATES, MentoringLog, Pairing
from blueprints.pairings.suggestions import newcomer_clause

PENDING_SHOWN = 5


def todo_figures(user) -> Figures:
    """How many logs the other side wrote that this person has not confirmed yet."""
    return Figures(_todo_expressions(), {"pairings_person": user.id})


@cache
def _todo_expressions() -> dict:
    return {"pairings_awaiting": select(func.count()).select_from(MentoringLog).join(MentoringLog.pairing)
            .where(*awaiting_conditions(bindparam("pairings_person", type_=Integer))).scalar_subquery()}


def build_todo(user) -> dict | None:
    """Logs the other side wrote that this person has not confirmed yet."""
    if not sides_held(user):
        return None
    count = home_figures(user, todo_figures)["pairings_awaiting"]
    if not count:
        return None
    return {"logs": logs_awaiting(user, limit=PENDING_SHOWN), "count": count}


@cache
def _open_rows_statement():
    """A person's active pairings on either side with their people and figures, newest semester first: built once
    (the figures are a dozen correlated subqueries, costly to build and to key for the statement cache)."""
    person = bindparam("person_id")
    return with_people(
        select(Pairing).join(Semester, Semester.id == Pairing.semester_id)
        .where(or_(Pairing.mentor_id == person, Pairing.apprentice_id == person), Pairing.state == "active")
        .order_by(Semester.start_date.desc(), Pairing.id.desc())
    ).add_columns(*labelled_figures())


def _open_rows(user) -> list[PairingRow]:
    """The person's active pairings on either side with their figures, newest semester first; once per request."""
    def read() -> list[PairingRow]:
        today = clock.today()
        return [row_from(row[0], row._mapping, today)
                for row in db.session.execute(_open_rows_statement(), {"person_id": user.id})]

    return per_request(f"pairings_home_rows:{user.id}", read)


def _rows_as(user, side: str) -> list[PairingRow]:
    """The person's active pairings on one side; no query if they have none."""
    if side not in sides_held(user):
        return []
    column = "mentor_id" if side == "mentor" else "apprentice_id"
    return [row for row in _open_rows(user) if getattr(row.pairing, column) == user.id]


def build_my_mentor(user) -> dict | None:
    """The apprentice's active mentor(s) with progress."""
    rows = _rows_as(user, "apprentice")
    return {"rows": rows} if rows else None


def build_my_apprentices(user) -> dict | None:
    """The mentor's active apprentices with progress."""
    rows = _rows_as(user, "mentor")
    return {"rows": rows} if rows else None


#: Names the coordinators' panel lists before "等 N 位".
NAMES_SHOWN = 12


@dataclass(frozen=True)
class CoordinatorSummary:
    """The coordinators' panel as plain data: the same for every coordinator, so kept while nothing changes."""

    semester_name: str
    lacking: tuple[str, ...]  #: newcomers still without a mentor, earliest arrival first
    active: int
    quiet: tuple[tuple[str, str], ...]  #: (mentor, apprentice) of active pairings with no confirmed log lately

    @property
    def lacking_shown(self) -> tuple[str, ...]:
        return self.lacking[:NAMES_SHOWN]

    @property
    def quiet_shown(self) -> tuple[tuple[str, str], ...]:
        return self.quiet[:NAMES_SHOWN]


def build_coordinator(user) -> dict | None:
    """For the admin and the team's leaders: who still lacks a mentor, and which pairings are quiet."""
    if not is_coordinator(user):
        return None
    semester = current_semester()
    if semester is None:
        return None
    today = clock.today()
    return {"summary": cached("pairings_coordinator", (semester.id, today), lambda: _coordinator_summary(semester, today))}


def _coordinator_summary(semester: Semester, today) -> CoordinatorSummary:
    rows, lacking = _coordinator_view(semester, today)
    return CoordinatorSummary(
        semester_name=semester.name,
        lacking=tuple(person.name for person in lacking),
        active=len(rows),
        quiet=tuple((row.pairing.mentor.name, row.pairing.apprentice.name) for row in rows if row.is_quiet),
    )


def _coordinator_view(semester: Semester, today) -> tuple[list[PairingRow], list[Staff]]:
    """The semester's active pairings with their figures (in the board's order), and its newcomers with no draft,
    active or completed pairing (newcomers_without_mentor), in one query: the staff as apprentices, each joined to
    their pairing of the semester that holds them, if any."""
    holding = and_(Pairing.apprentice_id == Staff.id, Pairing.semester_id == semester.id,
                   Pairing.state.in_(OPEN_STATES + ("completed",)))
    statement = with_people(
        select(Staff, Pairing, *labelled_figures())
        .select_from(Staff)
        .outerjoin(Pairing, holding)
        .where(or_(Pairing.state == "active", and_(Pairing.id.is_(None), newcomer_clause(semester))))
        .order_by(Staff.subject, Staff.staff_no, Pairing.id)
    )
    rows, lacking = [], []
    for row in db.session.execute(statement):
        if row.Pairing is None:
            lacking.append(row.Staff)
        else:
            rows.append(row_from(row.Pairing, row._mapping, today))
    return rows, sorted(lacking, key=lambda person: (person.arrival_date, person.staff_no))
