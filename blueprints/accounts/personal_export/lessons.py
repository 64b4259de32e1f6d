"""The person's open lessons: those taught, those observed, feedback written and feedback received."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app import db
from blueprints.accounts.models import Semester, Staff

from .sheet import Sheet


def _when(lesson) -> str:
    return f"{lesson.lesson_date.isoformat()} 第{lesson.period}节"


def taught(person: Staff) -> Sheet:
    """执教公开课: each declared lesson with its room and the teacher's reflection."""
    from blueprints.open_lessons.models import LessonRoom, OpenLesson

    rows = db.session.execute(
        select(OpenLesson, Semester.name, LessonRoom.name).join(Semester, Semester.id == OpenLesson.semester_id)
        .join(LessonRoom, LessonRoom.id == OpenLesson.room_id).where(OpenLesson.teacher_id == person.id)
        .order_by(OpenLesson.lesson_date, OpenLesson.period)
    ).all()
    return Sheet("执教公开课", ["学期", "时间", "学科", "班级", "课题", "教室", "教学简案", "教学反思"], [
        [term, _when(lesson), lesson.subject, lesson.class_name, lesson.topic, room, lesson.plan, lesson.reflection]
        for lesson, term, room in rows])


def observed(person: Staff) -> Sheet:
    """听课: lessons the person was invited to or signed up for, and how it stands."""
    from blueprints.open_lessons.models import LessonObserver, OpenLesson

    inviter = aliased(Staff)
    rows = db.session.execute(
        select(LessonObserver, OpenLesson, Staff.name, inviter.name).join(OpenLesson, OpenLesson.id == LessonObserver.lesson_id)
        .join(Staff, Staff.id == OpenLesson.teacher_id).outerjoin(inviter, inviter.id == LessonObserver.invited_by_id)
        .where(LessonObserver.staff_id == person.id)
        .order_by(OpenLesson.lesson_date, OpenLesson.period)
    ).all()
    return Sheet("听课", ["时间", "执教", "学科", "课题", "状态", "邀请人"], [
        [_when(lesson), teacher, lesson.subject, lesson.topic, row.status_label, invited_by or "本人报名"]
        for row, lesson, teacher, invited_by in rows])


def feedback_given(person: Staff) -> Sheet:
    """我写的评课: the person's own feedback with every score (scores in one more query, not one per row)."""
    from blueprints.open_lessons.models import FeedbackScore, LessonFeedback, OpenLesson

    rows = db.session.execute(
        select(LessonFeedback, OpenLesson, Staff.name).join(OpenLesson, OpenLesson.id == LessonFeedback.lesson_id)
        .join(Staff, Staff.id == OpenLesson.teacher_id).where(LessonFeedback.observer_id == person.id)
        .options(selectinload(LessonFeedback.scores).joinedload(FeedbackScore.rubric_item))
        .order_by(OpenLesson.lesson_date, OpenLesson.period)
    ).all()
    return Sheet("我写的评课", ["时间", "执教", "课题", "评分", "亮点", "建议"], [
        [_when(lesson), teacher, lesson.topic,
         "；".join(f"{s.rubric_item.name} {s.score}" for s in sorted(f.scores, key=lambda s: (s.rubric_item.position, s.rubric_item_id))),
         f.strengths, f.suggestions]
        for f, lesson, teacher in rows])


def feedback_received(person: Staff, *, reader: Staff) -> Sheet:
    """收到的评课, named as the lesson page names them: anonymous where the semester says so, except to the admin."""
    from blueprints.open_lessons.models import LessonFeedback, LessonSettings, OpenLesson

    rows = db.session.execute(
        select(LessonFeedback, OpenLesson, Staff.name, LessonSettings.names_visible)
        .join(OpenLesson, OpenLesson.id == LessonFeedback.lesson_id).join(Staff, Staff.id == LessonFeedback.observer_id)
        .outerjoin(LessonSettings, LessonSettings.semester_id == OpenLesson.semester_id)
        .where(OpenLesson.teacher_id == person.id).order_by(OpenLesson.lesson_date, OpenLesson.period, LessonFeedback.id)
    ).all()
    named, anonymous = [], {}
    for f, lesson, observer, names_visible in rows:
        if names_visible is False and not reader.is_admin:
            anonymous.setdefault(lesson.id, (lesson, []))[1].append(f)
        else:
            named.append([_when(lesson), lesson.topic, observer, f.strengths, f.suggestions])
    for lesson, items in anonymous.values():
        # As on the lesson page: no names, and not in the order written (who came first could tell).
        for n, f in enumerate(sorted(items, key=lambda f: (f.strengths, f.suggestions)), start=1):
            named.append([_when(lesson), lesson.topic, f"评课人 {n}", f.strengths, f.suggestions])
    note = "本学期设置为匿名评课的，评课人姓名不导出。" if anonymous else ""
    return Sheet("收到的评课", ["时间", "课题", "评课人", "亮点", "建议"], sorted(named, key=lambda r: r[0]), note)
