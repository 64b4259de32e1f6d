"""Plain data for the printed reports, built from the features' own queries (imported, not copied)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.core import clock
from blueprints.dashboard.mine import my_year
from blueprints.dashboard.outcomes import Outcomes, outcomes_for
from blueprints.dashboard.periods import Period
from blueprints.events.models import Event
from blueprints.events.queries import roster_of
from blueprints.pairings.models import STATES as PAIRING_STATES

from .charts import bar_chart


@dataclass(frozen=True)
class SheetRow:
    """One line of a 签到表: the signature column is left empty for the pen."""

    number: int
    name: str
    staff_no: str
    groups: str
    signed_in: str  #: "09:12", or "" when not signed in


def groups_by_person(staff_ids: list[int]) -> dict[int, str]:
    """Each person's active groups, joined with 、, in one query."""
    rows = db.session.execute(
        select(Membership.staff_id, Group.name).join(Group, Group.id == Membership.group_id)
        .where(Membership.staff_id.in_(staff_ids or [-1]), Group.is_active.is_(True)).order_by(Group.id)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for staff_id, name in rows:
        names[staff_id].append(name)
    return {k: "、".join(v) for k, v in names.items()}


def attendance_sheet(event: Event) -> list[SheetRow]:
    """Everyone registered (in queue order), then walk-ins, with their sign-in time if they signed in."""
    roster = roster_of(event)
    people = [r.staff for r in roster.registered] + [a.staff for a in roster.walk_ins]
    groups = groups_by_person([p.id for p in people])
    rows = []
    for number, person in enumerate(people, start=1):
        attendance = roster.attendance.get(person.id)
        signed = clock.to_local(attendance.signed_in_at).strftime("%H:%M") if attendance else ""
        rows.append(SheetRow(number, person.name, person.staff_no, groups.get(person.id, ""), signed))
    return rows


@dataclass
class Summary:
    """The semester summary: the dashboard's outcomes plus the charts drawn from them."""

    outcomes: Outcomes
    pairing_rows: list[tuple[str, int]]
    lesson_rows: list[tuple[str, int]]
    event_rows: list[tuple[str, int]]
    honour_rows: list[tuple[str, str, int]]  #: (教师获奖, 县级一等奖, 7)
    charts: dict = field(default_factory=dict)


def semester_summary(period: Period) -> Summary:
    """Counts of the whole model for a period, from the dashboard's outcome queries."""
    [outcomes] = outcomes_for([period], now_utc=clock.now_utc(), now_local=clock.now_local())
    pairing_rows = [(label, outcomes.pairings.get(state, 0)) for state, label in PAIRING_STATES.items()]
    lessons = outcomes.lessons
    lesson_rows = [("申报公开课", lessons["declared"]), ("已上公开课", lessons["held"]),
                   ("听课人数达标", lessons["complete"]), ("听课人次", lessons["observations"]),
                   ("评课份数", lessons["feedback"])]
    events = outcomes.events
    event_rows = [("举行活动（场）", events["held"]), ("签到人次", events["attendances"]), ("参加人数", events["people"])]
    teacher_prizes = _pairs(outcomes.teacher_prizes)
    honour_rows = ([("教师获奖", k, v) for k, v in teacher_prizes] + [("团队获奖", k, v) for k, v in _pairs(outcomes.group_prizes)]
                   + [("荣誉称号", k, v) for k, v in _pairs(outcomes.titles)]
                   + [("学生", "发表作文", outcomes.essays), ("学生", "其他获奖", outcomes.pupil_other)])
    summary = Summary(outcomes, pairing_rows, lesson_rows, event_rows, honour_rows)
    summary.charts = {
        "pairings": bar_chart(pairing_rows),
        "lessons": bar_chart(lesson_rows[:3]),
        "prizes": bar_chart(teacher_prizes[:8]) if teacher_prizes else None,
    }
    return summary


def _pairs(items) -> list[tuple[str, int]]:
    """(label, count) from the dashboard's prize counts (PrizeCount records or plain pairs)."""
    return [(i.label, i.count) if hasattr(i, "label") else (i[0], i[1]) for i in items]


@dataclass
class Archive:
    """成长档案: the counts of 我的一年 over the chosen dates, and what lies behind them, line by line."""

    person: Staff
    period: Period
    counts: object  #: dashboard.mine.MyYear
    lessons: list[tuple[str, str]]  #: (date, 《topic》 subject class)
    events: list[tuple[str, str, str]]  #: (date, title, hours)
    awards: list[tuple[str, str]]  #: (date, summary)
    certificates: list[tuple[str, str, str]]  #: (serial, kind, sentence)


def growth_archive(person: Staff, start: date, end: date) -> Archive:
    """A teacher's figures over a chosen period (the dashboard's 我的一年 over any dates) with the lists."""
    from blueprints.certificates.models import Certificate
    from blueprints.events.models import Attendance
    from blueprints.honours.models import Award
    from blueprints.open_lessons.models import OpenLesson

    semester_ids = tuple(db.session.scalars(select(Semester.id).where(
        Semester.start_date <= end, Semester.end_date >= start)))
    period = Period("custom", f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日",
                    start, end, semester_ids)
    counts = my_year(person, period, now_utc=clock.now_utc(), now_local=clock.now_local())
    local_start, local_end = period.local_bounds
    utc_start, utc_end = period.utc_bounds
    lessons = db.session.scalars(select(OpenLesson).where(
        OpenLesson.teacher_id == person.id, OpenLesson.starts_at >= local_start, OpenLesson.starts_at < local_end)
        .order_by(OpenLesson.starts_at)).all()
    attended = db.session.scalars(select(Event).join(Attendance, Attendance.event_id == Event.id).where(
        Attendance.staff_id == person.id, Event.status == "held", Event.starts_at >= utc_start, Event.starts_at < utc_end)
        .order_by(Event.starts_at)).all()
    awards = db.session.scalars(select(Award).where(
        Award.staff_id == person.id, Award.recipient_kind == "teacher", Award.awarded_on.between(start, end))
        .order_by(Award.awarded_on)).all()
    certs = db.session.scalars(select(Certificate).where(
        Certificate.staff_id == person.id, Certificate.revoked_at.is_(None), Certificate.issued_on.between(start, end))
        .order_by(Certificate.issued_on, Certificate.id)).all()
    return Archive(
        person=person, period=period, counts=counts,
        lessons=[(_day(l.lesson_date), f"《{l.topic}》 {l.subject} {l.class_name}") for l in lessons],
        events=[(_day(clock.to_local(e.starts_at).date()), e.title, f"{e.training_hours.normalize():f}") for e in attended],
        awards=[(_day(a.awarded_on), a.summary) for a in awards],
        certificates=[(c.serial, c.kind_label, c.sentence) for c in certs],
    )


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def now_label() -> str:
    """The printed date on every report: 打印于 2026年11月25日 10:05."""
    moment: datetime = clock.now_local()
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
