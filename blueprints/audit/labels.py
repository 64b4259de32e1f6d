"""How the audit page reads: Chinese names of fields, code values as their labels, staff ids as names,
stored UTC times as Beijing time. Entries keep raw values; only the page translates them."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select

from app import db
from blueprints.core.clock import to_local

FIELD_LABELS = {
    "staff_no": "工号", "name": "名称", "gender": "性别", "birth_date": "出生日期", "phone": "电话",
    "subject": "学科", "grade_band": "年级段", "title": "名称", "is_backbone": "骨干教师", "is_famous": "名师",
    "is_special_grade": "特级教师", "political_status": "政治面貌", "arrival_date": "到校日期", "role": "角色",
    "is_active_member": "账号启用", "password_hash": "密码", "kind": "类别", "description": "简介",
    "is_active": "启用", "group_id": "组织", "staff_id": "人员", "is_leader": "负责人",
    "start_date": "开始日期", "end_date": "结束日期", "is_current": "当前学期",
    "semester_id": "学期", "mentor_id": "师傅", "apprentice_id": "徒弟", "state": "状态", "note": "备注",
    "started_on": "开始日期", "ended_on": "结束日期", "pairing_id": "师徒结对", "author_id": "填写人",
    "held_on": "日期", "duration_minutes": "时长（分钟）", "content": "内容", "next_steps": "下一步",
    "confirmed_by_id": "确认人", "confirmed_at": "确认时间", "answer": "回复", "side": "填写方",
    "scores": "评分", "comment": "评语", "metric": "指标", "target": "目标", "max_apprentices": "师傅带徒上限",
    "quiet_days": "提醒天数", "teacher_id": "执教", "class_name": "班级", "topic": "课题", "lesson_date": "上课日期",
    "period": "节次", "room_id": "教室", "seats": "座位", "plan": "教学简案", "reflection": "教学反思",
    "lesson_id": "公开课", "status": "状态", "invited_by_id": "邀请人", "observer_id": "评课人",
    "strengths": "亮点", "suggestions": "建议", "declare_from": "申报开始", "declare_until": "申报截止",
    "min_observers": "最少听课人数", "observe_target": "听课目标", "feedback_days": "评课期限（天）",
    "names_visible": "评课实名", "number": "节次", "starts_at": "开始", "ends_at": "结束", "position": "顺序",
    "dimension": "讲坛维度", "place": "地点", "audience": "对象", "capacity": "名额",
    "registration_opens_at": "报名开始", "registration_closes_at": "报名截止", "walk_ins_allowed": "允许现场签到",
    "training_hours": "学时", "summary": "纪要", "cancel_reason": "取消原因", "rrule": "重复规则",
    "dtstart": "首次开始", "until": "截止日期", "count": "次数", "event_id": "活动", "guest_name": "嘉宾",
    "guest_affiliation": "嘉宾单位", "added_by_id": "代报名人", "source": "方式", "signed_in_at": "签到时间",
    "recorded_by_id": "登记人", "label": "事项", "done_at": "完成时间", "done_by_id": "完成人",
    "revoked_at": "停用时间", "token": "链接密钥", "recipient_kind": "获奖者类别", "recipient_name": "获奖者",
    "pupil_class": "班级", "category": "类别", "level": "级别", "grade": "等次", "issuer": "颁奖单位",
    "awarded_on": "获奖日期", "year": "年度", "nominate_from": "提名开始", "nominate_until": "提名截止",
    "vote_from": "投票开始", "vote_until": "投票截止", "award_on": "颁奖日期", "votes_per_voter": "每人票数",
    "closed_at": "提前截止", "selection_id": "评选", "nominee_id": "被提名人",
    "nominator_id": "提名人", "decision_reason": "审核意见", "candidate_id": "候选人", "reason": "理由",
    "award_id": "荣誉", "generation": "第几版", "issued_by_id": "发放人", "code": "签到码",
    "serial": "证书编号", "sentence": "证书内容", "issued_on": "颁发日期", "revoke_reason": "撤销原因",
    "opens_minutes_before": "提前开放（分钟）", "closes_minutes_after": "结束后保留（分钟）",
}
#: Where one field name means something else on one model.
FIELD_OVERRIDES = {
    ("Staff", "name"): "姓名", ("Staff", "title"): "职称", ("Selection", "confirmed_at"): "确认当选",
    ("Event", "title"): "标题", ("EventSeries", "title"): "标题", ("Award", "title"): "名称",
    ("Kiosk", "revoked_at"): "关闭时间", ("Certificate", "revoked_at"): "撤销时间", ("Certificate", "staff_id"): "获证人",
}

#: Fields whose value is a staff id: shown as the person's name.
STAFF_FIELDS = {
    "staff_id", "mentor_id", "apprentice_id", "author_id", "confirmed_by_id", "teacher_id", "invited_by_id",
    "observer_id", "added_by_id", "recorded_by_id", "done_by_id", "nominee_id", "nominator_id", "issued_by_id",
}
#: Stored naive Beijing times (everything else with a clock time is naive UTC).
LOCAL_TIME_FIELDS = {("EventSeries", "dtstart")}
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


@lru_cache(maxsize=1)
def value_labels() -> dict[tuple[str, str], dict]:
    """{(object type, field): {code: label}}, read from the features once (they import nothing of audit)."""
    from blueprints.accounts.models import GENDERS, GROUP_KINDS, ROLES
    from blueprints.calendars.models import HOLIDAY_KINDS
    from blueprints.certificates.models import KINDS as CERTIFICATE_KINDS
    from blueprints.events.models import (
        ATTENDANCE_SOURCES, AUDIENCES, EVENT_KINDS, EVENT_STATUSES, LECTURE_DIMENSIONS, REGISTRATION_STATUSES,
    )
    from blueprints.honours.models import AWARD_LEVELS, RECIPIENT_KINDS
    from blueprints.open_lessons.models import OBSERVER_STATUSES
    from blueprints.pairings.models import LOG_KINDS, METRICS, SIDES, STATES
    from blueprints.selection.models import NOMINATION_STATUSES

    return {
        ("Staff", "gender"): GENDERS, ("Staff", "role"): ROLES, ("Group", "kind"): GROUP_KINDS,
        ("Pairing", "state"): STATES, ("MentoringLog", "kind"): LOG_KINDS, ("Evaluation", "side"): SIDES,
        ("PairingTarget", "metric"): {k: v[0] for k, v in METRICS.items()},
        ("LessonObserver", "status"): OBSERVER_STATUSES,
        ("Event", "kind"): EVENT_KINDS, ("Event", "status"): EVENT_STATUSES, ("Event", "audience"): AUDIENCES,
        ("Event", "dimension"): LECTURE_DIMENSIONS, ("EventSeries", "kind"): EVENT_KINDS,
        ("Registration", "status"): REGISTRATION_STATUSES, ("Attendance", "source"): ATTENDANCE_SOURCES,
        ("Holiday", "kind"): HOLIDAY_KINDS, ("Award", "level"): AWARD_LEVELS, ("Award", "recipient_kind"): RECIPIENT_KINDS,
        ("Nomination", "status"): NOMINATION_STATUSES, ("Certificate", "kind"): CERTIFICATE_KINDS,
    }


def field_label(object_type: str, field: str) -> str:
    """The Chinese name of a recorded field."""
    return FIELD_OVERRIDES.get((object_type, field)) or FIELD_LABELS.get(field, field)


def staff_names(entries) -> dict[int, str]:
    """Names of every person a page of entries refers to by id, in one query."""
    from blueprints.accounts.models import Staff

    ids = {pair[i] for e in entries for name, pair in (e.changes or {}).items() if name in STAFF_FIELDS
           for i in (0, 1) if isinstance(pair[i], int)}
    if not ids:
        return {}
    return dict(db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())


def readable(object_type: str, field: str, value, names: dict[int, str]) -> str:
    """One recorded value as people read it: 是/否, — for nothing, labels for codes, names, Beijing time."""
    if value is None or value == "":
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if field in STAFF_FIELDS and isinstance(value, int):
        return f"{names[value]}（#{value}）" if value in names else f"#{value}"
    if field.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    labels = value_labels().get((object_type, field))
    if labels and value in labels:
        return labels[value]
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        moment = datetime.fromisoformat(value)
        if (object_type, field) not in LOCAL_TIME_FIELDS:
            moment = to_local(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)
