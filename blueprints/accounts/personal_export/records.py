"""The person's part in the 最美教师 selection, certificates, calendar feed links and logins."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from app import db
from blueprints.accounts.models import Staff

from .sheet import Sheet, moment

SECRET_BALLOT_NOTE = "投票为无记名投票：只有本人导出自己的数据时才包含本人的投票，管理员导出时不包含。"


def selection(person: Staff, *, reader: Staff) -> Sheet:
    """最美教师评选: nominations the person made, their candidacies, and — for the voter alone — their votes."""
    from blueprints.selection.models import NOMINATION_STATUSES, Candidate, Nomination, Selection

    nominee = aliased(Staff)
    rows = [
        [year, title, "我提名他人", name, NOMINATION_STATUSES.get(n.status, n.status), n.reason, n.decision_reason]
        for n, year, title, name in db.session.execute(
            select(Nomination, Selection.year, Selection.title, nominee.name)
            .join(Selection, Selection.id == Nomination.selection_id).join(nominee, nominee.id == Nomination.nominee_id)
            .where(Nomination.nominator_id == person.id).order_by(Selection.year, Nomination.id))
    ]
    rows += [
        [year, title, "本人为候选人", person.name, "当选" if c.award_id else "候选", c.reason, ""]
        for c, year, title in db.session.execute(
            select(Candidate, Selection.year, Selection.title).join(Selection, Selection.id == Candidate.selection_id)
            .where(Candidate.staff_id == person.id).order_by(Selection.year))
    ]
    if reader.id == person.id:
        rows += _own_votes(person)
    return Sheet("最美教师评选", ["年度", "评选", "事项", "人员", "状态", "理由", "审核意见"], rows, SECRET_BALLOT_NOTE)


def _own_votes(voter: Staff) -> list[list]:
    """The voter's own choices, as their ballot shows them, read through voting.choices_of — the one place
    the app reads who voted for whom (a test holds it to that). One call per selection the voter took
    part in (one a year), then one query for the names."""
    from blueprints.selection.models import Ballot, Candidate, Selection
    from blueprints.selection.voting import choices_of

    voted_in = db.session.scalars(select(Selection).join(Ballot, Ballot.selection_id == Selection.id)
                                  .where(Ballot.voter_id == voter.id, Ballot.votes_cast > 0).order_by(Selection.year)).all()
    chosen = {s.id: choices_of(s, voter) for s in voted_in}
    ids = set().union(*chosen.values()) if chosen else set()
    names = dict(db.session.execute(select(Candidate.id, Staff.name).join(Staff, Staff.id == Candidate.staff_id)
                                    .where(Candidate.id.in_(ids))).all()) if ids else {}
    return [[s.year, s.title, "我的投票", names.get(cid, ""), "已投", "", ""]
            for s in voted_in for cid in sorted(chosen[s.id], key=lambda c: names.get(c, ""))]


def certificates(person: Staff) -> Sheet:
    """证书: every certificate issued to the person, revoked ones with the reason."""
    from blueprints.certificates.models import Certificate

    rows = db.session.scalars(select(Certificate).where(Certificate.staff_id == person.id)
                              .order_by(Certificate.issued_on, Certificate.id)).all()
    return Sheet("证书", ["编号", "校验码", "证书", "内容", "颁发日期", "状态", "撤销时间", "撤销原因"], [
        [c.serial, c.check_code_label, c.kind_label, c.sentence, c.issued_on, "已撤销" if c.is_revoked else "有效", moment(c.revoked_at),
         c.revoke_reason]
        for c in rows])


def calendar_feeds(person: Staff) -> Sheet:
    """日历订阅: each feed link made, when it was stopped or last fetched, and the groups it added."""
    from blueprints.calendars.models import CalendarFeed

    rows = db.session.scalars(select(CalendarFeed).where(CalendarFeed.staff_id == person.id)
                              .options(selectinload(CalendarFeed.groups)).order_by(CalendarFeed.id)).all()
    return Sheet("日历订阅", ["创建时间", "状态", "停用时间", "最近一次被日历读取", "包含的组织日历"], [
        [moment(f.created_at), "使用中" if f.is_active else "已停用", moment(f.revoked_at), moment(f.last_fetched_at),
         "、".join(g.name for g in f.groups)]
        for f in rows], "订阅链接中的密钥不导出。")


def logins(person: Staff) -> Sheet:
    """登录记录: successful logins and failed attempts on the person's staff number, from the audit trail."""
    from blueprints.audit.models import AuditEntry

    rows = db.session.scalars(
        select(AuditEntry).where(or_(
            (AuditEntry.action == "login.success") & (AuditEntry.object_type == "Staff") & (AuditEntry.object_id == person.id),
            (AuditEntry.action == "login.failed") & AuditEntry.summary.startswith(f"{person.staff_no}：", autoescape=True),
        )).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return Sheet("登录记录", ["时间", "结果", "地址", "说明"], [
        [moment(e.at), "登录成功" if e.action == "login.success" else "登录失败", e.address,
         "" if e.action == "login.success" else e.summary.partition("：")[2]]
        for e in rows], f"审计日志保留 {current_app.config['AUDIT_RETENTION_DAYS']} 天，更早的登录记录已按规定删除。")
