"""Which models the audit trail captures by itself, which of their fields it shows before → after, and
how each row is named in the trail. Deliberately left out, and why:

- Ballot and Vote (最美教师 voting): the vote is secret, even from the admin (see selection/models.py);
  an entry per vote would tell the admin who voted for whom.
- Certificate and Kiosk: their services record explicit entries (颁发/撤销证书, 开启/关闭签到机) instead.
- KioskRequest, CertificateJob, SerialCounter, FeedbackScore, AuditEntry: logs, jobs, counters and
  per-item scores that are themselves records of something already captured (or pure bookkeeping).
- Tokens and codes (CalendarFeed.token, SignInCode.code, Kiosk.token) and password hashes: never as
  values; a password change shows only as "已修改".

Describers read only the row's own columns as already loaded (a missing one reads as None), so naming
an entry never costs a query."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Watch:
    label: str  #: what the object is called on the audit page
    fields: tuple[str, ...]  #: shown as before → after
    describe: Callable[[object], str] = lambda obj: ""
    secret: tuple[str, ...] = ()  #: changes recorded, values never


def _person(prefix: str, staff_id) -> str:
    return f"{prefix} #{staff_id}" if staff_id else ""


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


WATCHED: dict[str, Watch] = {
    "Staff": Watch("教职工", (
        "staff_no", "name", "gender", "birth_date", "phone", "subject", "grade_band", "title", "is_backbone",
        "is_famous", "is_special_grade", "political_status", "arrival_date", "role", "is_active_member",
    ), lambda o: f"{o.name}（{o.staff_no}）" if o.name else "", secret=("password_hash",)),
    "Group": Watch("群团组织", ("name", "kind", "description", "is_active"), lambda o: o.name),
    "Membership": Watch("组织成员", ("group_id", "staff_id", "is_leader"),
                        lambda o: f"成员 #{o.staff_id} · 组织 #{o.group_id}" + ("（负责人）" if o.is_leader else "")),
    "Semester": Watch("学期", ("name", "start_date", "end_date", "is_current"), lambda o: o.name),
    # 师徒结对
    "Pairing": Watch("师徒结对", ("semester_id", "mentor_id", "apprentice_id", "state", "note", "started_on", "ended_on"),
                     lambda o: f"师傅 #{o.mentor_id} · 徒弟 #{o.apprentice_id}"),
    "MentoringLog": Watch("帮扶记录", (
        "pairing_id", "author_id", "kind", "held_on", "duration_minutes", "content", "next_steps",
        "confirmed_by_id", "confirmed_at", "answer",
    ), lambda o: _join(f"结对 #{o.pairing_id}", str(o.held_on or ""))),
    "Evaluation": Watch("期末评价", ("pairing_id", "side", "author_id", "scores", "comment"),
                        lambda o: f"结对 #{o.pairing_id}"),
    "PairingTarget": Watch("结对目标", ("semester_id", "pairing_id", "metric", "target"),
                           lambda o: f"结对 #{o.pairing_id}" if o.pairing_id else f"学期 #{o.semester_id}"),
    "PairingSettings": Watch("结对设置", ("semester_id", "max_apprentices", "quiet_days"),
                             lambda o: f"学期 #{o.semester_id}"),
    # 公开课
    "OpenLesson": Watch("公开课", (
        "semester_id", "teacher_id", "subject", "class_name", "topic", "lesson_date", "period", "room_id", "seats",
        "plan", "reflection",
    ), lambda o: _join(f"《{o.topic}》" if o.topic else "", _person("执教", o.teacher_id))),
    "LessonObserver": Watch("听课", ("lesson_id", "staff_id", "status", "invited_by_id"),
                            lambda o: f"公开课 #{o.lesson_id} · 听课人 #{o.staff_id}"),
    "LessonFeedback": Watch("评课", ("lesson_id", "observer_id", "strengths", "suggestions"),
                            lambda o: f"公开课 #{o.lesson_id} · 评课人 #{o.observer_id}"),
    "LessonSettings": Watch("公开课设置", (
        "semester_id", "declare_from", "declare_until", "min_observers", "observe_target", "feedback_days",
        "names_visible",
    ), lambda o: f"学期 #{o.semester_id}"),
    "LessonPeriod": Watch("节次", ("semester_id", "number", "starts_at", "ends_at"),
                          lambda o: f"学期 #{o.semester_id} · 第{o.number}节"),
    "LessonRoom": Watch("教室", ("semester_id", "name", "seats", "is_active"), lambda o: o.name),
    "RubricItem": Watch("评课量表项", ("semester_id", "name", "position", "is_active"), lambda o: o.name),
    # 活动与日历
    "Event": Watch("活动", (
        "kind", "dimension", "group_id", "title", "place", "starts_at", "ends_at", "audience", "capacity",
        "registration_opens_at", "registration_closes_at", "walk_ins_allowed", "training_hours", "status",
        "summary", "cancel_reason",
    ), lambda o: o.title),
    "EventSeries": Watch("重复活动", ("group_id", "kind", "title", "rrule", "dtstart", "duration_minutes", "until", "count"),
                         lambda o: o.title),
    "Speaker": Watch("主讲人", ("event_id", "staff_id", "guest_name", "guest_affiliation", "topic"),
                     lambda o: _join(f"活动 #{o.event_id}", o.guest_name or _person("主讲", o.staff_id))),
    "Registration": Watch("活动报名", ("event_id", "staff_id", "status", "added_by_id"),
                          lambda o: f"活动 #{o.event_id} · 报名人 #{o.staff_id}"),
    "Attendance": Watch("活动签到", ("event_id", "staff_id", "source", "signed_in_at", "recorded_by_id"),
                        lambda o: f"活动 #{o.event_id} · 签到人 #{o.staff_id}"),
    "ChecklistItem": Watch("“八个一”清单", ("event_id", "label", "done_at", "done_by_id"),
                           lambda o: _join(f"活动 #{o.event_id}", o.label)),
    "Holiday": Watch("假期", ("name", "kind", "start_date", "end_date"), lambda o: o.name),
    "CalendarFeed": Watch("日历订阅", ("staff_id", "revoked_at"), lambda o: _person("订阅人", o.staff_id),
                          secret=("token",)),
    # 荣誉与评选
    "Award": Watch("荣誉", (
        "recipient_kind", "staff_id", "group_id", "recipient_name", "pupil_class", "title", "category", "level",
        "grade", "issuer", "awarded_on", "pairing_id",
    ), lambda o: o.title),
    "Selection": Watch("最美教师评选", (
        "year", "title", "nominate_from", "nominate_until", "vote_from", "vote_until", "award_on",
        "votes_per_voter", "seats", "closed_at", "confirmed_at",
    ), lambda o: o.title),
    "Nomination": Watch("提名", ("selection_id", "nominee_id", "nominator_id", "status", "decision_reason", "candidate_id"),
                        lambda o: f"被提名人 #{o.nominee_id} · 提名人 #{o.nominator_id}"),
    "Candidate": Watch("候选人", ("selection_id", "staff_id", "reason", "award_id"),
                       lambda o: f"评选 #{o.selection_id} · 候选人 #{o.staff_id}"),
    # 签到码: who has a code and its generation, never the code itself.
    "SignInCode": Watch("签到码", ("staff_id", "generation", "issued_by_id"), lambda o: _person("本人", o.staff_id),
                        secret=("code",)),
}

#: Objects recorded by explicit entries (not captured), named on the audit page all the same.
EXPLICIT_LABELS = {"Kiosk": "签到机", "Certificate": "证书"}

#: Object labels for the audit page and its filter: captured models, then the explicit ones.
OBJECT_LABELS = {name: watch.label for name, watch in WATCHED.items()} | EXPLICIT_LABELS
