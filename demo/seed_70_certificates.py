"""Demo certificates: the 2025 最美教师 (issued on Teachers' Day 2025), both sides of completed pairings,
the speakers of held events this semester, attendance of the first held salon; one revoked by mistake.
The 2026 ten are left for the admin to issue as a batch."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from blueprints.accounts.models import Staff
from blueprints.certificates.issuing import IssueError, for_attendance, for_award, for_pairing, for_speakers, issue_many, revoke
from blueprints.events.models import Attendance, Event, Speaker
from blueprints.honours.models import Award
from blueprints.pairings.models import Pairing
from blueprints.selection.models import Candidate, Selection


def seed(session: Session) -> str:
    """Issue the demo's certificates; flushes, the caller commits."""
    admin = session.scalars(select(Staff).where(Staff.staff_no == "T0001")).one()
    counts = {}
    awards = session.scalars(select(Award).join(Candidate, Candidate.award_id == Award.id)
                             .join(Selection, Selection.id == Candidate.selection_id)
                             .where(Selection.year == 2025).order_by(Award.id)).all()
    if awards:
        counts["荣誉证书"] = len(issue_many([for_award(a) for a in awards], issued_by=admin,
                                           today=date(2025, 9, 10), now=datetime(2025, 9, 10, 1, 0)))
    pairings = session.scalars(select(Pairing).where(Pairing.state == "completed").order_by(Pairing.id)).all()
    if pairings:
        counts["结业证书"] = len(issue_many([s for p in pairings for s in for_pairing(p)], issued_by=admin,
                                           today=date(2026, 11, 20), now=datetime(2026, 11, 20, 2, 0)))
    events = session.scalars(select(Event).where(Event.status == "held").order_by(Event.starts_at).options(
        selectinload(Event.speakers).selectinload(Speaker.staff),
        selectinload(Event.attendances).selectinload(Attendance.staff))).all()
    speakers = [s for e in events for s in for_speakers(e)]
    if speakers:
        counts["主讲证书"] = len(issue_many(speakers, issued_by=admin, today=date(2026, 11, 20),
                                           now=datetime(2026, 11, 20, 2, 30)))
    salon = next((e for e in events if e.attendances and e.training_hours > 0), None)
    if salon is not None:
        try:
            made = issue_many(for_attendance(salon), issued_by=admin, today=date(2026, 11, 21),
                              now=datetime(2026, 11, 21, 2, 0))
        except IssueError:
            made = []
        counts["参训证明"] = len(made)
        if made:
            revoke(made[-1], by=admin, reason="登记有误：该教师当天请假，签到为他人代签", now=datetime(2026, 11, 22, 3, 0))
    session.flush()
    return "证书：" + "，".join(f"{k} {v} 张" for k, v in counts.items()) + "（一张参训证明已撤销）"
