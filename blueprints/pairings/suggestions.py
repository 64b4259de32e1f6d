"""Who still needs a mentor this semester, and which mentors suit each newcomer best, with the reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select

from app import db
from blueprints.accounts.models import SENIOR_TITLES, Semester, Staff
from blueprints.pairings.models import OPEN_STATES, Pairing
from blueprints.pairings.services import mentor_loads, settings_for

#: Teachers who arrived this many days before the semester starts (or during it) are its newcomers.
NEWCOMER_LEAD_DAYS = 45
SUGGESTIONS_PER_NEWCOMER = 3


@dataclass(frozen=True)
class Suggestion:
    mentor: Staff
    load: int
    limit: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return " · ".join(self.reasons)


def mentor_standing(staff: Staff) -> tuple[int, str | None]:
    """How strong a mentor the person is (higher is stronger) and what to call it; (0, None) if not one."""
    if staff.is_special_grade:
        return 4, "特级教师"
    if staff.is_famous:
        return 3, "名师"
    if staff.is_backbone:
        return 2, "骨干教师"
    if staff.title in SENIOR_TITLES:
        return 1, staff.title
    return 0, None


def is_eligible_mentor(staff: Staff) -> bool:
    """A backbone, famous or special-grade teacher, or one with a senior title, whose account is active."""
    return staff.is_active_member and mentor_standing(staff)[0] > 0


def rank_mentors(
    apprentice: Staff,
    candidates: list[Staff],
    loads: dict[int, int],
    limit: int,
    count: int | None = None,
) -> list[Suggestion]:
    """Rank candidate mentors for an apprentice: same subject first, then same grade band, then standing, then load.

    Leaves out the apprentice, anyone not eligible, and mentors whose load has reached `limit`."""
    ranked = []
    for mentor in candidates:
        if mentor.id == apprentice.id or not is_eligible_mentor(mentor):
            continue
        load = loads.get(mentor.id, 0)
        if load >= limit:
            continue
        standing, standing_label = mentor_standing(mentor)
        same_subject = bool(apprentice.subject) and mentor.subject == apprentice.subject
        same_band = bool(apprentice.grade_band) and mentor.grade_band == apprentice.grade_band
        reasons = [standing_label]
        if same_subject:
            reasons.append("同学科")
        if same_band:
            reasons.append("同年级段")
        reasons.append(f"当前带徒 {load}/{limit}")
        key = (not same_subject, not same_band, -standing, load, mentor.staff_no)
        ranked.append((key, Suggestion(mentor=mentor, load=load, limit=limit, reasons=reasons)))
    ranked.sort(key=lambda pair: pair[0])
    suggestions = [suggestion for _key, suggestion in ranked]
    return suggestions[:count] if count is not None else suggestions


def newcomer_clause(semester: Semester):
    """SQL: an active teacher who arrived for this semester (shortly before it started, or during it)."""
    return and_(
        Staff.is_active_member.is_(True),
        Staff.arrival_date >= semester.start_date - timedelta(days=NEWCOMER_LEAD_DAYS),
        Staff.arrival_date <= semester.end_date,
    )


def _newcomers(semester: Semester):
    return select(Staff).where(newcomer_clause(semester)).order_by(Staff.arrival_date, Staff.staff_no)


def newcomers_of(semester: Semester) -> list[Staff]:
    """Active teachers who arrived for this semester (shortly before it started, or during it)."""
    return list(db.session.scalars(_newcomers(semester)))


def newcomers_with_mentor_flag(semester: Semester) -> list[tuple[Staff, bool]]:
    """The semester's newcomers, each with whether they have a draft, active or completed pairing in it (a
    dissolved one does not count); one query."""
    paired = exists().where(
        Pairing.apprentice_id == Staff.id, Pairing.semester_id == semester.id,
        Pairing.state.in_(OPEN_STATES + ("completed",)),
    )
    return [(person, bool(flag)) for person, flag in db.session.execute(_newcomers(semester).add_columns(paired))]


def newcomers_without_mentor(semester: Semester) -> list[Staff]:
    """The semester's newcomers with no draft, active or completed pairing in it (a dissolved one does not count)."""
    return [person for person, paired in newcomers_with_mentor_flag(semester) if not paired]


def mentor_candidates() -> list[Staff]:
    """Everyone who could mentor: one query, ranked later in Python."""
    return list(
        db.session.scalars(
            select(Staff)
            .where(
                Staff.is_active_member.is_(True),
                or_(
                    Staff.is_backbone.is_(True),
                    Staff.is_famous.is_(True),
                    Staff.is_special_grade.is_(True),
                    Staff.title.in_(SENIOR_TITLES),
                ),
            )
            .order_by(Staff.staff_no)
        )
    )


def suggestions_for(newcomers: list[Staff], semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> dict[int, list[Suggestion]]:
    """Ranked suggestions for each newcomer, in a fixed number of queries."""
    if not newcomers:
        return {}
    candidates = mentor_candidates()
    loads = mentor_loads(semester.id)
    limit = settings_for(semester.id).max_apprentices
    return {person.id: rank_mentors(person, candidates, loads, limit, count) for person in newcomers}


def suggest_mentors(apprentice: Staff, semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> list[Suggestion]:
    """Ranked mentor suggestions for one apprentice in a semester."""
    return suggestions_for([apprentice], semester, count)[apprentice.id]
