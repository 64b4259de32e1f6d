"""Who still needs a mentor this semester, and which mentors suit each newcomer best, with the reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select

from app import db
from blueprints.accounts.models import SENIOR_TITLES, Semester, Staff
from blueprints.pairings.models import OPEN_STATES, Pairing
from blueprints.pairings.services import settings_for

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


def _candidate_filter():
    return and_(
        Staff.is_active_member.is_(True),
        or_(
            Staff.is_backbone.is_(True),
            Staff.is_famous.is_(True),
            Staff.is_special_grade.is_(True),
            Staff.title.in_(SENIOR_TITLES),
        ),
    )


def mentor_candidates() -> list[Staff]:
    """Everyone who could mentor: one query, ranked later in Python."""
    return list(db.session.scalars(select(Staff).where(_candidate_filter()).order_by(Staff.staff_no)))


#: What ranking reads of a candidate; plain rows, because building 1,500 Staff objects per page cost more
#: than the ranking itself.
_RANKED_COLUMNS = (
    Staff.id, Staff.staff_no, Staff.subject, Staff.grade_band, Staff.title,
    Staff.is_backbone, Staff.is_famous, Staff.is_special_grade, Staff.is_active_member,
)


class MentorPool:
    """The candidates with room left, pre-sorted by standing, load and number, and bucketed by subject and grade
    band, so each newcomer's best few are read off the front of a bucket instead of ranking everyone."""

    def __init__(self, candidates, loads: dict[int, int], limit: int):
        self.limit = limit
        self.loads = loads
        open_ = [c for c in candidates if is_eligible_mentor(c) and loads.get(c.id, 0) < limit]
        open_.sort(key=lambda c: (-mentor_standing(c)[0], loads.get(c.id, 0), c.staff_no))
        self.everyone = open_
        self.by_pair: dict[tuple, list] = {}
        self.by_subject: dict[str, list] = {}
        self.by_band: dict[str, list] = {}
        for c in open_:
            self.by_pair.setdefault((c.subject, c.grade_band), []).append(c)
            self.by_subject.setdefault(c.subject, []).append(c)
            self.by_band.setdefault(c.grade_band, []).append(c)

    def best(self, apprentice: Staff, count: int) -> list:
        """The same mentors, in the same order, as rank_mentors(...)[:count], as candidate rows."""
        subject, band = apprentice.subject or None, apprentice.grade_band or None
        tiers = [
            (self.by_pair.get((subject, band), []) if subject and band else [], lambda c: True),
            (self.by_subject.get(subject, []) if subject else [], lambda c: not (band and c.grade_band == band)),
            (self.by_band.get(band, []) if band else [], lambda c: not (subject and c.subject == subject)),
            (self.everyone, lambda c: not (subject and c.subject == subject) and not (band and c.grade_band == band)),
        ]
        chosen = []
        for bucket, keep in tiers:
            for c in bucket:
                if len(chosen) == count:
                    return chosen
                if c.id != apprentice.id and keep(c):
                    chosen.append(c)
        return chosen

    def suggestion(self, apprentice: Staff, candidate, mentor: Staff) -> Suggestion:
        """The Suggestion for a chosen candidate, with its reasons, naming the loaded Staff."""
        load = self.loads.get(candidate.id, 0)
        reasons = [mentor_standing(candidate)[1]]
        if apprentice.subject and candidate.subject == apprentice.subject:
            reasons.append("同学科")
        if apprentice.grade_band and candidate.grade_band == apprentice.grade_band:
            reasons.append("同年级段")
        reasons.append(f"当前带徒 {load}/{self.limit}")
        return Suggestion(mentor=mentor, load=load, limit=self.limit, reasons=reasons)


def suggestions_for(newcomers: list[Staff], semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> dict[int, list[Suggestion]]:
    """Ranked suggestions for each newcomer, in three queries whatever the number of staff or newcomers."""
    if not newcomers:
        return {}
    load = (
        select(func.count()).select_from(Pairing)
        .where(Pairing.mentor_id == Staff.id, Pairing.semester_id == semester.id, Pairing.state.in_(OPEN_STATES))
        .correlate(Staff).scalar_subquery()
    )
    rows = db.session.execute(select(*_RANKED_COLUMNS, load.label("load")).where(_candidate_filter())).all()
    pool = MentorPool(rows, {row.id: row.load for row in rows if row.load}, settings_for(semester.id).max_apprentices)
    picks = {person.id: pool.best(person, count) for person in newcomers}
    wanted = {c.id for chosen in picks.values() for c in chosen}
    staff = {s.id: s for s in db.session.scalars(select(Staff).where(Staff.id.in_(wanted)))} if wanted else {}
    return {
        person.id: [pool.suggestion(person, c, staff[c.id]) for c in picks[person.id]]
        for person in newcomers
    }


def suggest_mentors(apprentice: Staff, semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> list[Suggestion]:
    """Ranked mentor suggestions for one apprentice in a semester."""
    return suggestions_for([apprentice], semester, count)[apprentice.id]
