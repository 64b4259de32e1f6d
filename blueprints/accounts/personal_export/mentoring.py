"""The person's mentor pairings: the pairings themselves, their logs and the end-of-term evaluations.

Feature models are imported inside the functions: accounts is what the features build on, so it must not
import them while it is itself being imported."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from app import db
from blueprints.accounts.models import Semester, Staff

from .sheet import Sheet, yes


def _with_both_sides(statement, pairing):
    """The statement with the mentor's and the apprentice's names added (joined, so still one query)."""
    mentor, apprentice = aliased(Staff), aliased(Staff)
    return (statement.add_columns(mentor.name, apprentice.name)
            .join(mentor, mentor.id == pairing.mentor_id).join(apprentice, apprentice.id == pairing.apprentice_id))


def _mine(pairing, person: Staff):
    return or_(pairing.mentor_id == person.id, pairing.apprentice_id == person.id)


def pairings(person: Staff) -> Sheet:
    """师徒结对: both roles, with the other side, the state and the dates."""
    from blueprints.pairings.models import STATES, Pairing

    statement = select(Pairing, Semester.name).join(Semester, Semester.id == Pairing.semester_id)
    rows = db.session.execute(_with_both_sides(statement, Pairing).where(_mine(Pairing, person))
                              .order_by(Semester.start_date, Pairing.id)).all()
    return Sheet("师徒结对", ["学期", "我的身份", "师傅", "徒弟", "状态", "开始", "结束", "结对说明"], [
        [term, "师傅" if p.mentor_id == person.id else "徒弟", m, a, STATES.get(p.state, p.state), p.started_on, p.ended_on, p.note]
        for p, term, m, a in rows])


def mentoring_logs(person: Staff) -> Sheet:
    """帮扶记录 of the person's pairings, whichever side wrote them."""
    from blueprints.pairings.models import LOG_KINDS, MentoringLog, Pairing

    statement = select(MentoringLog).join(Pairing, Pairing.id == MentoringLog.pairing_id)
    rows = db.session.execute(_with_both_sides(statement, Pairing).where(_mine(Pairing, person))
                              .order_by(MentoringLog.held_on, MentoringLog.id)).all()
    return Sheet("帮扶记录", ["日期", "师傅", "徒弟", "填写方", "类型", "时长（分钟）", "内容", "下一步", "已确认", "对方回复"], [
        [log.held_on, m, a, "师傅" if log.author_side == "mentor" else "徒弟", LOG_KINDS.get(log.kind, log.kind),
         log.duration_minutes, log.content, log.next_steps, yes(log.is_confirmed), log.answer]
        for log, m, a in rows])


def evaluations(person: Staff) -> Sheet:
    """期末评价 in the person's pairings, by either side (both sides read both on the pairing page)."""
    from blueprints.pairings.models import Evaluation, Pairing

    statement = select(Evaluation).join(Pairing, Pairing.id == Evaluation.pairing_id)
    rows = db.session.execute(_with_both_sides(statement, Pairing).where(_mine(Pairing, person))
                              .order_by(Evaluation.id)).all()
    return Sheet("期末评价", ["师傅", "徒弟", "评价", "各项评分", "平均分", "评语"], [
        [m, a, "师傅评价徒弟" if e.side == "mentor" else "徒弟评价带教",
         "；".join(f"{label} {score}" for label, score in e.rated_items()), e.average, e.comment]
        for e, m, a in rows])
