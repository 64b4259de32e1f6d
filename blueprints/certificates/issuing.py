"""What each certificate says and issuing it: one or many at once, each source certified once per person."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff
from blueprints.audit.services import record, record_many
from blueprints.core import clock
from blueprints.honours.models import TITLE_CATEGORY, Award

from .check_codes import new_check_code
from .models import HONOUR, LESSON, PAIRING, SPEAKER, TRAINING, Certificate
from .serials import next_serials

SOURCE_FIELDS = ("award_id", "pairing_id", "lesson_id", "event_id")


class IssueError(ValueError):
    """A certificate that cannot be issued (the pairing is not completed, nobody attended ...)."""


@dataclass(frozen=True)
class Spec:
    """One certificate to issue: to whom, which kind, the sentence, and what it is for."""

    kind: str
    staff: Staff
    sentence: str
    source: tuple[str, int]  #: ("award_id", 7)

    @property
    def key(self) -> tuple:
        return (self.kind, self.staff.id, self.source)


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def for_award(award: Award) -> Spec:
    """荣誉证书 for a teacher's award; a title (最美教师) is conferred, a prize is won."""
    if award.recipient_kind != "teacher" or award.staff is None:
        raise IssueError("只能为教师本人的获奖颁发证书。")
    if award.category == TITLE_CATEGORY:
        sentence = f"被授予“{award.summary}”荣誉称号。特发此证，以资鼓励。"
    else:
        sentence = f"在{award.title}中荣获{award.grade_label or '荣誉'}。特发此证，以资鼓励。"
    return Spec(HONOUR, award.staff, sentence, ("award_id", award.id))


def for_pairing(pairing) -> list[Spec]:
    """师徒结对结业证书 for both sides of a completed pairing."""
    if pairing.state != "completed":
        raise IssueError("师徒结对完成后才能颁发结业证书。")
    term = pairing.semester.name
    return [
        Spec(PAIRING, pairing.mentor,
             f"在{term}“青蓝工程”师徒结对中担任指导教师，悉心指导{pairing.apprentice.name}老师，圆满完成结对任务。特发此证。",
             ("pairing_id", pairing.id)),
        Spec(PAIRING, pairing.apprentice,
             f"在{term}“青蓝工程”师徒结对中拜{pairing.mentor.name}老师为师，认真完成结对任务，准予结业。特发此证。",
             ("pairing_id", pairing.id)),
    ]


def for_lesson(lesson, now: datetime) -> Spec:
    """公开课证书 for an open lesson that has been given."""
    if lesson.ends_at > now:
        raise IssueError("公开课上完后才能颁发证书。")
    return Spec(LESSON, lesson.teacher,
                f"于{_day(lesson.lesson_date)}在{lesson.class_name}执教{lesson.subject}公开课《{lesson.topic}》。特发此证。",
                ("lesson_id", lesson.id))


def for_speakers(event) -> list[Spec]:
    """主讲证书 for the colleagues who spoke at a held event (outside guests get none)."""
    if event.status != "held":
        raise IssueError("活动举行后才能颁发主讲证书。")
    specs = []
    for speaker in event.speakers:
        if speaker.staff is None:
            continue
        topic = f"，主讲《{speaker.topic}》" if speaker.topic else ""
        specs.append(Spec(SPEAKER, speaker.staff,
                          f"于{_day(clock.to_local(event.starts_at).date())}在“{event.title}”中担任主讲{topic}。特发此证。",
                          ("event_id", event.id)))
    return specs


def for_attendance(event) -> list[Spec]:
    """参训证明 with the event's training hours for everyone who signed in."""
    if event.status != "held":
        raise IssueError("活动举行后才能开具参训证明。")
    hours = f"{event.training_hours.normalize():f}"
    day = _day(clock.to_local(event.starts_at).date())
    return [Spec(TRAINING, a.staff, f"于{day}参加“{event.title}”培训活动，计{hours}学时。特此证明。", ("event_id", event.id))
            for a in sorted(event.attendances, key=lambda a: a.signed_in_at)]


def issue_many(specs: list[Spec], *, issued_by: Staff, today: date, now: datetime) -> list[Certificate]:
    """A certificate for each spec; one already issued and not revoked is returned instead of a second one."""
    if not specs:
        raise IssueError("没有可颁发证书的人员。")
    existing = {}
    for field in SOURCE_FIELDS:
        ids = {s.source[1] for s in specs if s.source[0] == field}
        if ids:
            rows = db.session.scalars(select(Certificate).where(
                getattr(Certificate, field).in_(ids), Certificate.revoked_at.is_(None)))
            existing.update({(c.kind, c.staff_id, (field, getattr(c, field))): c for c in rows})
    fresh = [s for s in dict((s.key, s) for s in specs).values() if s.key not in existing]
    serials = next_serials(today.year, len(fresh)) if fresh else []
    made = {}
    for spec, serial in zip(fresh, serials):
        # The check code is made here, not by the database, so a batch stays one multi-row INSERT.
        cert = Certificate(serial=serial, check_code=new_check_code(), kind=spec.kind, staff=spec.staff,
                           recipient_name=spec.staff.name, sentence=spec.sentence, issued_on=today,
                           issued_by=issued_by, issued_at=now, **{spec.source[0]: spec.source[1]})
        db.session.add(cert)
        made[spec.key] = cert
    db.session.flush()
    # One audit entry per new certificate, written in one INSERT with the certificates themselves.
    record_many(issued_by, "certificate.issue", [
        (cert, {"serial": (None, cert.serial), "kind": (None, cert.kind), "staff_id": (None, cert.staff_id),
                "sentence": (None, cert.sentence)}, f"{cert.serial} · {cert.recipient_name} · {cert.kind_label}")
        for cert in made.values()
    ])
    return [existing.get(s.key) or made[s.key] for s in dict((s.key, s) for s in specs).values()]


def revoke(cert: Certificate, *, by: Staff, reason: str, now: datetime) -> None:
    """Mark a certificate revoked; the row and its serial stay, so verification can say so."""
    if cert.revoked_at is not None:
        raise IssueError("该证书已经撤销。")
    cert.revoked_at = now
    cert.revoked_by = by
    cert.revoke_reason = reason
    record(by, "certificate.revoke", cert, {"revoked_at": (None, now), "revoke_reason": (None, reason)},
           summary=f"{cert.serial} · {cert.recipient_name} · {cert.kind_label}")

