"""Who still needs a mentor this semester, and which mentors suit each newcomer best, with the reasons."""
from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from operator import itemgetter

from sqlalchemy import Integer, and_, bindparam, case, func, or_, select

from app import db
from blueprints.accounts.models import SENIOR_TITLES, Semester, Staff
from blueprints.core.freshness import cached
from blueprints.pairings.board import read_rows
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
    return _arrived_between(*arrival_window(semester))


def arrival_window(semester: Semester) -> tuple[date, date]:
    """The first and last arrival dates that make someone the semester's newcomer."""
    return semester.start_date - timedelta(days=NEWCOMER_LEAD_DAYS), semester.end_date


def _arrived_between(first, last):
    return and_(Staff.is_active_member.is_(True), Staff.arrival_date >= first, Staff.arrival_date <= last)


def _holds_a_mentor(semester_id):
    """SQL, on Staff: has a draft, active or completed pairing in the semester (a dissolved one does not count).

    The semester's apprentices are listed once, rather than looked up for each person: SQLite would look them up
    through the index on the semester and read all its pairings for every person."""
    return Staff.id.in_(
        select(Pairing.apprentice_id)
        .where(Pairing.semester_id == semester_id, Pairing.state.in_(OPEN_STATES + ("completed",)))
    )


def _newcomers(semester: Semester):
    return select(Staff).where(newcomer_clause(semester)).order_by(Staff.arrival_date, Staff.staff_no)


def newcomers_of(semester: Semester) -> list[Staff]:
    """Active teachers who arrived for this semester (shortly before it started, or during it)."""
    return list(db.session.scalars(_newcomers(semester)))


def newcomers_with_mentor_flag(semester: Semester) -> list[tuple[Staff, bool]]:
    """The semester's newcomers, each with whether they have a draft, active or completed pairing in it (a
    dissolved one does not count); one query."""
    paired = _holds_a_mentor(semester.id)
    return [(person, bool(flag)) for person, flag in db.session.execute(_newcomers(semester).add_columns(paired))]


def newcomers_without_mentor(semester: Semester) -> list[Staff]:
    """The semester's newcomers with no draft, active or completed pairing in it (a dissolved one does not count)."""
    return [person for person, paired in newcomers_with_mentor_flag(semester) if not paired]


#: What the board shows of a newcomer.
_LISTED_COLUMNS = (Staff.id, Staff.name, Staff.subject, Staff.grade_band, Staff.arrival_date)


@dataclass(frozen=True)
class LackingSlice:
    """A slice of newcomers_without_mentor as plain rows (id, name, subject, grade band, arrival date), with the
    counts of the whole semester."""

    people: list
    newcomers: int  #: the semester's newcomers, with a mentor or not
    lacking: int  #: those of them still without a mentor


@cache
def _lacking_statements():
    """Built once: the counts of the semester's newcomers and of those lacking a mentor; and a slice of the latter,
    each row carrying both counts, so that one query answers when the slice is not empty."""
    newcomer = _arrived_between(bindparam("first"), bindparam("last"))
    lacking = case((~_holds_a_mentor(bindparam("semester_id")), 1), else_=0)
    counts = select(func.count(), func.coalesce(func.sum(lacking), 0)).where(newcomer)
    flagged = select(*_LISTED_COLUMNS, Staff.staff_no, lacking.label("lacking")).where(newcomer).subquery("flagged")
    numbered = select(
        flagged,
        func.count().over().label("newcomers"),
        func.sum(flagged.c.lacking).over().label("lacking_total"),
        # Position among those lacking a mentor, in arrival order (each person's own included).
        func.sum(flagged.c.lacking).over(order_by=(flagged.c.arrival_date, flagged.c.staff_no), rows=(None, 0))
        .label("place"),
    ).subquery("numbered")
    rows = (
        select(numbered)
        .where(numbered.c.lacking == 1, numbered.c.place > bindparam("offset", type_=Integer),
               numbered.c.place <= bindparam("offset", type_=Integer) + bindparam("limit", type_=Integer))
        .order_by(numbered.c.place)
    )
    return counts, rows


def lacking_slice(semester: Semester, *, offset: int, limit: int) -> LackingSlice:
    """newcomers_without_mentor(semester)[offset:offset + limit] as plain rows, with the counts; one query, or two
    when the slice is empty."""
    first, last = arrival_window(semester)
    params = {"first": first, "last": last, "semester_id": semester.id}
    counts, rows = _lacking_statements()
    people = read_rows(rows, {**params, "offset": offset, "limit": limit}).all()
    if people:
        return LackingSlice(people, people[0].newcomers, people[0].lacking_total)
    newcomers, lacking = read_rows(counts, params).one()
    return LackingSlice([], newcomers, lacking)


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


#: What ranking reads of a candidate, and what a list shows of a suggested mentor; plain rows, because building
#: Staff objects for every candidate cost more than the ranking itself.
_RANKED_COLUMNS = (
    Staff.id, Staff.staff_no, Staff.name, Staff.subject, Staff.grade_band, Staff.title,
    Staff.is_backbone, Staff.is_famous, Staff.is_special_grade, Staff.is_active_member,
)


#: A candidate as the pool reads it, and as the board shows a suggested mentor.
Candidate = namedtuple("Candidate", [column.key for column in _RANKED_COLUMNS] + ["load"])


@cache
def _pool_statement():
    """The best few candidates with room left of each (subject, grade band), with their loads (built once).

    Every tier of MentorPool.best (same subject and band, same subject, same band, anyone) is a union of whole
    (subject, band) groups, so the first `keep` of each group, ranked as the pool ranks them, hold the first
    `keep` of any tier. With `keep` one more than the suggestions wanted (a newcomer may be a candidate too and is
    left out of their own list), the rows loaded depend on the number of subjects and bands, not of staff."""
    loads = (
        select(Pairing.mentor_id, func.count().label("load"))
        .where(Pairing.semester_id == bindparam("semester_id"), Pairing.state.in_(OPEN_STATES))
        .group_by(Pairing.mentor_id)
        .subquery("loads")
    )
    load = func.coalesce(loads.c.load, 0)
    standing = case(  # mentor_standing, in SQL
        (Staff.is_special_grade.is_(True), 4), (Staff.is_famous.is_(True), 3), (Staff.is_backbone.is_(True), 2),
        (Staff.title.in_(SENIOR_TITLES), 1), else_=0,
    )
    place = func.row_number().over(
        partition_by=(Staff.subject, Staff.grade_band), order_by=(standing.desc(), load, Staff.staff_no))
    # Only the id goes through the ranking (SQLite sorts every column it carries); the kept rows are read after.
    ranked = (
        select(Staff.id, load.label("load"), place.label("place"))
        .outerjoin(loads, loads.c.mentor_id == Staff.id)
        .where(_candidate_filter(), load < bindparam("max_load", type_=Integer))
        .subquery("ranked")
    )
    return (
        select(*_RANKED_COLUMNS, ranked.c.load)
        .join(ranked, ranked.c.id == Staff.id)
        .where(ranked.c.place <= bindparam("keep", type_=Integer))
    )


class MentorPool:
    """The candidates with room left, pre-sorted by standing, load and number, and bucketed by subject and grade
    band, so each newcomer's best few are read off the front of a bucket instead of ranking everyone."""

    def __init__(self, candidates, loads: dict[int, int], limit: int):
        self.limit = limit
        self.loads = loads
        ranked = []
        for c in candidates:
            standing, load = mentor_standing(c)[0], loads.get(c.id, 0)
            if standing and c.is_active_member and load < limit:  # is_eligible_mentor, with room left
                ranked.append(((-standing, load, c.staff_no), c))
        ranked.sort(key=itemgetter(0))
        open_ = [c for _key, c in ranked]
        self.everyone = open_
        self.by_pair: dict[tuple, list] = {}
        self.by_subject: dict[str, list] = {}
        self.by_band: dict[str, list] = {}
        for c in open_:
            self.by_pair.setdefault((c.subject, c.grade_band), []).append(c)
            self.by_subject.setdefault(c.subject, []).append(c)
            self.by_band.setdefault(c.grade_band, []).append(c)

    @classmethod
    def of(cls, semester: Semester, count: int) -> "MentorPool":
        """The pool for suggesting up to `count` mentors per newcomer in the semester, in one query; the same for
        every coordinator, so kept while no data changes (core.freshness; nothing alters a pool once made)."""
        def read() -> "MentorPool":
            limit = settings_for(semester.id).max_apprentices
            rows = read_rows(_pool_statement(), {"semester_id": semester.id, "max_load": limit, "keep": count + 1})
            # Named tuples: ranking reads each candidate's fields a dozen times, ten times faster than from a Row.
            candidates = [Candidate._make(row) for row in rows]
            return cls(candidates, {c.id: c.load for c in candidates if c.load}, limit)

        return cached("pairings_mentor_pool", (semester.id, count), read)

    def best(self, apprentice, count: int) -> list:
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

    def suggestion(self, apprentice, candidate, mentor) -> Suggestion:
        """The Suggestion for a chosen candidate, with its reasons, naming `mentor` (the loaded Staff, or the row)."""
        load = self.loads.get(candidate.id, 0)
        reasons = [mentor_standing(candidate)[1]]
        if apprentice.subject and candidate.subject == apprentice.subject:
            reasons.append("同学科")
        if apprentice.grade_band and candidate.grade_band == apprentice.grade_band:
            reasons.append("同年级段")
        reasons.append(f"当前带徒 {load}/{self.limit}")
        return Suggestion(mentor=mentor, load=load, limit=self.limit, reasons=reasons)


def suggestions_for(newcomers: list[Staff], semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> dict[int, list[Suggestion]]:
    """Ranked suggestions for each newcomer, in two queries whatever the number of staff or newcomers."""
    if not newcomers:
        return {}
    pool = MentorPool.of(semester, count)
    picks = {person.id: pool.best(person, count) for person in newcomers}
    wanted = {c.id for chosen in picks.values() for c in chosen}
    staff = {s.id: s for s in db.session.scalars(select(Staff).where(Staff.id.in_(wanted)))} if wanted else {}
    return {
        person.id: [pool.suggestion(person, c, staff[c.id]) for c in picks[person.id]]
        for person in newcomers
    }


def suggestions_to_show(newcomers, semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> dict[int, list[Suggestion]]:
    """suggestions_for, in one query, for lists that only show the mentors: each Suggestion's `mentor` is a plain
    row (id, staff_no, name, subject, grade_band, title) instead of a Staff. The newcomers may be rows too."""
    if not newcomers:
        return {}
    pool = MentorPool.of(semester, count)
    return {person.id: [pool.suggestion(person, c, c) for c in pool.best(person, count)] for person in newcomers}


def suggest_mentors(apprentice: Staff, semester: Semester, count: int = SUGGESTIONS_PER_NEWCOMER) -> list[Suggestion]:
    """Ranked mentor suggestions for one apprentice in a semester."""
    return suggestions_for([apprentice], semester, count)[apprentice.id]
