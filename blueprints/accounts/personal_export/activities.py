"""The person's events (registrations, sign-ins, talks) and honours."""
from __future__ import annotations

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff

from .sheet import Sheet, moment


def registrations(person: Staff) -> Sheet:
    """活动报名: every registration, waiting-list place or withdrawal, with the event."""
    from blueprints.events.models import Event, Registration

    rows = db.session.execute(
        select(Registration, Event).join(Event, Event.id == Registration.event_id)
        .where(Registration.staff_id == person.id).order_by(Event.starts_at)
    ).all()
    return Sheet("活动报名", ["活动", "类型", "开始", "状态", "报名时间", "候补转正", "取消时间"], [
        [event.title, event.kind_label, moment(event.starts_at), r.status_label, moment(r.queued_at), moment(r.promoted_at),
         moment(r.withdrawn_at)]
        for r, event in rows])


def attendance(person: Staff) -> Sheet:
    """活动签到: where the person signed in, when, by what means, and the training hours."""
    from blueprints.events.models import Attendance, Event

    rows = db.session.execute(
        select(Attendance, Event).join(Event, Event.id == Attendance.event_id)
        .where(Attendance.staff_id == person.id).order_by(Event.starts_at)
    ).all()
    return Sheet("活动签到", ["活动", "类型", "开始", "签到时间", "方式", "学时"], [
        [event.title, event.kind_label, moment(event.starts_at), moment(a.signed_in_at), a.source_label,
         float(event.training_hours or 0)]
        for a, event in rows])


def talks(person: Staff) -> Sheet:
    """活动主讲: events where the person spoke."""
    from blueprints.events.models import Event, Speaker

    rows = db.session.execute(
        select(Speaker, Event).join(Event, Event.id == Speaker.event_id)
        .where(Speaker.staff_id == person.id).order_by(Event.starts_at)
    ).all()
    return Sheet("活动主讲", ["活动", "类型", "开始", "主题", "状态"], [
        [event.title, event.kind_label, moment(event.starts_at), s.topic, event.status_label] for s, event in rows])


def honours(person: Staff) -> Sheet:
    """荣誉: the person's awards, and pupils' awards the person guided."""
    from blueprints.honours.models import Award

    rows = db.session.scalars(select(Award).where(Award.staff_id == person.id).order_by(Award.awarded_on, Award.id)).all()
    return Sheet("荣誉", ["日期", "获奖者类别", "名称", "级别", "等次", "类别", "颁奖单位或刊物", "学生", "备注"], [
        [a.awarded_on, "本人" if a.recipient_kind == "teacher" else f"{a.kind_label}（指导教师）", a.title, a.level_label,
         a.grade_label, a.category, a.issuer, a.recipient_name if a.recipient_kind == "pupil" else "", a.note]
        for a in rows])
