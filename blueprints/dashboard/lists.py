"""The lists behind the admin's figures: the pairings, lessons or events a number counts, one row each.

Each list is one query (with its people joined) however long it is; cells are (text, link or None)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.clock import to_local, today
from blueprints.events.models import CANCELLED, Attendance, Event
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson
from blueprints.open_lessons.services.settings import MIN_OBSERVERS
from blueprints.pairings.models import STATES, Pairing

from .outcomes import APPLICANT_STATUSES, PROBATIONARY
from .periods import Period

Cell = tuple[str, str | None]


@dataclass
class Listing:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    source: tuple[str, str] | None = None  #: (label, url) of the feature's own page for more


def _text(value) -> Cell:
    return (str(value), None)


def pairings(period: Period, state: str) -> Listing:
    """The period's pairings in one state, apprentice and mentor named."""
    rows = db.session.scalars(
        select(Pairing).where(Pairing.semester_id.in_(period.semester_ids or (-1,)), Pairing.state == state)
        .options(joinedload(Pairing.apprentice), joinedload(Pairing.mentor), joinedload(Pairing.semester))
        .order_by(Pairing.semester_id, Pairing.id)
    )
    return Listing(
        f"{period.label} · {STATES[state]}的师徒结对",
        ["学期", "徒弟", "师傅", "开始", "结束"],
        [[_text(p.semester.name), (p.apprentice.name, url_for("pairings.detail", pairing_id=p.id)), _text(p.mentor.name),
          _text(p.started_on or "—"), _text(p.ended_on or "—")] for p in rows],
        ("结对总览", url_for("pairings.board", state=state)),
    )


LESSON_LISTS = {
    "declared": "申报的公开课",
    "held": "已上的公开课",
    "complete": "已完成的公开课（评课达标并已反思）",
    "observed": "公开课听课情况",
    "feedback": "收到评课的公开课",
}


def lessons(period: Period, which: str, now_local: datetime) -> Listing:
    """The period's open lessons that a figure counts, with observers, feedback and reflection."""
    feedback = select(LessonFeedback.lesson_id, func.count().label("n")).group_by(LessonFeedback.lesson_id).subquery()
    observers = (select(LessonObserver.lesson_id, func.count().label("n")).where(LessonObserver.status == CONFIRMED)
                 .group_by(LessonObserver.lesson_id)).subquery()
    given, seen = func.coalesce(feedback.c.n, 0), func.coalesce(observers.c.n, 0)
    minimum = func.coalesce(LessonSettings.min_observers, MIN_OBSERVERS)
    held = OpenLesson.ends_at <= now_local
    start, end = period.local_bounds
    statement = (
        select(OpenLesson, seen, given, minimum)
        .outerjoin(feedback, feedback.c.lesson_id == OpenLesson.id)
        .outerjoin(observers, observers.c.lesson_id == OpenLesson.id)
        .outerjoin(LessonSettings, LessonSettings.semester_id == OpenLesson.semester_id)
        .where(OpenLesson.starts_at >= start, OpenLesson.starts_at < end)
        .options(joinedload(OpenLesson.teacher))
        .order_by(OpenLesson.starts_at, OpenLesson.id)
    )
    if which in ("held", "observed"):
        statement = statement.where(held)
    elif which == "complete":
        statement = statement.where(held, given >= minimum, func.length(func.trim(OpenLesson.reflection)) > 0)
    elif which == "feedback":
        statement = statement.where(given > 0)
    rows = [
        [_text(f"{lesson.lesson_date.isoformat()} 第{lesson.period}节"),
         (f"《{lesson.topic}》", url_for("open_lessons.detail", lesson_id=lesson.id)),
         _text(lesson.teacher.name), _text(lesson.subject), _text(n_seen), _text(f"{n_given}/{n_min}"),
         _text("已写" if lesson.reflection.strip() else "—")]
        for lesson, n_seen, n_given, n_min in db.session.execute(statement)
    ]
    return Listing(f"{period.label} · {LESSON_LISTS[which]}", ["时间", "课题", "执教", "学科", "听课", "评课", "反思"], rows,
                   ("公开课", url_for("open_lessons.index", scope="all")))


def events(period: Period, now_utc: datetime) -> Listing:
    """Events that took place in the period, with how many signed in."""
    start, end = period.utc_bounds
    counts = select(Attendance.event_id, func.count().label("n")).group_by(Attendance.event_id).subquery()
    statement = (
        select(Event, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .where(and_(Event.status != CANCELLED, Event.starts_at >= start, Event.starts_at < end, Event.ends_at <= now_utc))
        .options(joinedload(Event.group))
        .order_by(Event.starts_at, Event.id)
    )
    rows = [
        [_text(to_local(event.starts_at).strftime("%Y-%m-%d %H:%M")), (event.title, url_for("events.detail", event_id=event.id)),
         _text(event.kind_label), _text(event.group.name), _text(n), _text(event.status_label)]
        for event, n in db.session.execute(statement)
    ]
    return Listing(f"{period.label} · 举行的活动与签到", ["时间", "活动", "类型", "主办", "签到", "状态"], rows,
                   ("活动", url_for("events.index", when="past")))


def party_people(status: str = "") -> Listing:
    """Active staff on the way into the Party (入党积极分子, 发展对象) and the newly admitted (预备党员)."""
    statuses = (status,) if status else APPLICANT_STATUSES + (PROBATIONARY,)
    people = db.session.scalars(
        select(Staff).where(Staff.is_active_member.is_(True), Staff.political_status.in_(statuses))
        .order_by(Staff.political_status, Staff.birth_date.desc(), Staff.staff_no)
    )
    rows = [
        [(person.name, url_for("accounts.staff_detail", staff_id=person.id)), _text(person.staff_no),
         _text(person.political_status), _text(person.subject or "—"), _text(_age(person.birth_date)),
         _text(person.arrival_date.year if person.arrival_date else "—")]
        for person in people
    ]
    title = status or "入党积极分子、发展对象与预备党员"
    return Listing(title, ["姓名", "工号", "政治面貌", "学科", "年龄", "到校"], rows)


def _age(born: date | None) -> str:
    if born is None:
        return "—"
    now = today()
    return str(now.year - born.year - ((now.month, now.day) < (born.month, born.day)))
