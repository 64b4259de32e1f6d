"""Demo pairings: last semester's completed ones, this semester's at every stage, a semester of logs both ways.

Demo "today" is 2026-11-25: logs run up to the day before, the last few still waiting for confirmation.
Three of the eight newcomers still lack a mentor (one of them after a dissolved pairing)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Semester, Staff
from blueprints.honours.models import Award
from blueprints.pairings.models import EVALUATION_ITEMS, Evaluation, MentoringLog, Pairing, PairingEvent, PairingSettings, PairingTarget

SEED = 2026_1125
LAST_DAY = date(2026, 11, 24)  #: the demo's "yesterday"
#: Logs on or after this day are still waiting for the other side.
PENDING_FROM = date(2026, 11, 17)

#: (apprentice, mentor) by staff number. Last semester, all completed; 张宏宇's continues.
LAST_TERM = [("T0127", "T0024"), ("T0129", "T0022"), ("T0130", "T0049"), ("T0133", "T0101"), ("T0136", "T0019"), ("T0128", "T0053")]
CONTINUED = "T0128"
#: This semester: apprentice, mentor, state, note, last confirmed day for a quiet pairing.
THIS_TERM = [
    ("T0139", "T0017", "active", "同教中段语文，徐玉兰老师是县级名师，擅长阅读教学。", None),
    ("T0140", "T0040", "active", "同教低段语文，重点指导识字写字教学和一年级常规。", None),
    ("T0142", "T0016", "active", "同教中段数学，谢丽娟老师是市级名师。", date(2026, 10, 16)),
    ("T0144", "T0100", "active", "同教低段英语，单洁老师负责校英语教研组。", None),
    ("T0145", "T0118", "draft", "黄雅静为外校调入的二级教师，拟请仇秀兰老师带教，待双方沟通后生效。", None),
    ("T0141", "T0039", "dissolved", "同教语文，李玉兰老师为校骨干教师。", None),
]
DISSOLVE_REASON = "李玉兰老师10月中旬起休产假，无法继续带教，需另行安排师傅。"

LESSONS = {
    ("语文", "低段"): ["《小蝌蚪找妈妈》", "《我是什么》", "《植物妈妈有办法》", "《曹冲称象》", "《坐井观天》", "《日月潭》"],
    ("语文", "中段"): ["《秋天的雨》", "《去年的树》", "《搭船的鸟》", "《总也倒不了的老屋》", "《司马光》", "《金色的草地》"],
    ("数学", "中段"): ["《倍的认识》", "《长方形和正方形》", "《分数的初步认识》", "《多位数乘一位数》", "《测量》"],
    ("数学", "高段"): ["《分数乘法》", "《位置与方向》", "《比》", "《圆的认识》", "《百分数》"],
    ("数学", "低段"): ["《认识钟表》", "《20以内的进位加法》", "《认识图形》", "《找规律》"],
    ("英语", "低段"): ["Unit 2 Colours", "Unit 3 Look at me", "Unit 4 We love animals", "Unit 5 Let's eat"],
    ("英语", "中段"): ["Unit 1 My classroom", "Unit 3 My friends", "Unit 4 My home", "Unit 6 Meet my family"],
    ("科学", "中段"): ["《水结冰了》", "《空气能占据空间吗》", "《声音是怎样产生的》"],
    ("体育", "高段"): ["《立定跳远》", "《耐久跑》", "《篮球行进间运球》"],
}
FOCUS = ["提问的层次", "小组合作的组织", "板书设计", "课堂节奏和时间分配", "朗读指导", "作业分层设计", "评价语言", "学生的课堂常规"]
STRENGTH = ["教态自然，和学生互动好", "目标清楚，环节完整", "导入有趣，学生兴趣高", "语言亲切，注意了后进生"]
ISSUE = ["提问偏多且零碎", "练习时间不够", "小结略显仓促", "板书条理还不够清楚", "对学生的回答追问不够"]
TALKS = [
    "聊寄宿制班级的晚间管理，怎样让孩子按时就寝又不哭闹",
    "聊和家长沟通的分寸，一起梳理了本周要联系的三位家长",
    "聊新学期的适应和压力，约好每周五放学后碰一次",
    "聊对入党的认识，鼓励徒弟向党组织靠拢，按时写思想汇报",
    "聊准备公开课的心态，先把教学设计写扎实再谈花样",
]
ANSWERS = {
    "apprentice": ["谢谢师傅，已按建议修改教案。", "收到，下周二第三节请师傅再来听。", "记下了，提问会精简到三个主问题。", "谢谢师傅的耐心指导！"],
    "mentor": ["记录属实，进步很明显，继续加油。", "确认。板书还可以再精简一些。", "确认，下次把学生的作业也带来一起看。", "很好，课后反思写得很具体。"],
}


def _fill(rng: random.Random, text: str, lessons: list[str]) -> str:
    return text.format(lesson=rng.choice(lessons), focus=rng.choice(FOCUS), strength=rng.choice(STRENGTH),
                       issue=rng.choice(ISSUE), talk=rng.choice(TALKS), n=rng.randint(2, 4))


#: kind, who writes it, what was done, what comes next.
SESSIONS = [
    ("observe_apprentice", "mentor", "听徒弟执教{lesson}。{strength}；{issue}。课后交流了二十分钟，重点讨论{focus}。", "徒弟修改教学设计后重上一次，师傅再听。"),
    ("observe_mentor", "apprentice", "听师傅执教{lesson}，重点学习{focus}，记了两页听课笔记。", "在自己班上试用，下周请师傅来听。"),
    ("lesson_prep", "mentor", "一起备{lesson}：梳理教学目标，修改教学设计第{n}稿，重点推敲{focus}。", "徒弟周四前交定稿。"),
    ("marking_review", "mentor", "批阅徒弟本周的教案和学生作业，圈出{issue}的地方，当面讲评。", "下周教案先交师傅看过再上课。"),
    ("observe_apprentice", "apprentice", "请师傅来听{lesson}。师傅指出{issue}，建议在{focus}上多下功夫。", "按建议调整后在平行班再上一次。"),
    ("demo_lesson", "mentor", "师傅上示范课{lesson}，徒弟全程听课，课后一起复盘{focus}。", "徒弟模仿上一节同课异构。"),
    ("observe_mentor", "apprentice", "听师傅的{lesson}，对照自己上周的课，找到了{issue}的原因。", "写一篇听课反思交给师傅。"),
    ("talk", "mentor", "谈心：{talk}。", ""),
]


def _staff(session: Session) -> dict[str, Staff]:
    return {s.staff_no: s for s in session.scalars(select(Staff))}


def _semesters(session: Session) -> tuple[Semester, Semester]:
    rows = list(session.scalars(select(Semester).order_by(Semester.start_date)))
    return rows[-2], rows[-1]


def _at(day: date, hour: int = 16, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _pairing(semester: Semester, apprentice: Staff, mentor: Staff, actor: Staff, created: date, note: str = "") -> Pairing:
    pairing = Pairing(semester=semester, apprentice=apprentice, mentor=mentor, state="draft", note=note,
                      created_by=actor, created_at=_at(created, 15, 30))
    pairing.events.append(PairingEvent(from_state=None, to_state="draft", actor=actor, at=_at(created, 15, 30)))
    return pairing


def _move(pairing: Pairing, to_state: str, actor: Staff, day: date, reason: str = "") -> None:
    pairing.events.append(PairingEvent(from_state=pairing.state, to_state=to_state, actor=actor, at=_at(day, 9, 10), reason=reason))
    pairing.state = to_state
    if to_state == "active":
        pairing.started_on = day
    else:
        pairing.ended_on = day


def _logs(rng: random.Random, pairing: Pairing, first: date, last: date, *, confirm_until: date) -> int:
    """Two sessions most school weeks, both ways; confirmed a day or two later unless too recent."""
    key = (pairing.apprentice.subject, pairing.apprentice.grade_band)
    lessons = LESSONS.get(key) or LESSONS[(pairing.apprentice.subject, "中段")]
    day, count, turn = first + timedelta(days=rng.randint(2, 4)), 0, rng.randrange(len(SESSIONS))
    while day <= last:
        if day.weekday() < 5:
            kind, side, text, next_steps = SESSIONS[turn % len(SESSIONS)]
            turn += 1
            author = pairing.mentor if side == "mentor" else pairing.apprentice
            log = MentoringLog(pairing=pairing, author=author, author_side=side, kind=kind, held_on=day,
                               duration_minutes=rng.choice([30, 40, 40, 45, 60, 90] if kind != "talk" else [20, 30]),
                               content=_fill(rng, text, lessons), next_steps=next_steps, created_at=_at(day, 17, rng.randint(0, 59)))
            confirm_on = day + timedelta(days=rng.randint(0, 2))
            if confirm_on <= confirm_until and day < PENDING_FROM:
                other = pairing.apprentice if side == "mentor" else pairing.mentor
                log.confirmed_by, log.confirmed_at = other, _at(confirm_on, 20, rng.randint(0, 59))
                log.answer = rng.choice(ANSWERS["apprentice" if side == "mentor" else "mentor"]) if rng.random() < 0.6 else ""
            count += 1
        day += timedelta(days=rng.choice([2, 3, 3, 4, 5]))
    return count


def _evaluations(rng: random.Random, pairing: Pairing, day: date) -> None:
    comments = {
        "mentor": "一学期来进步很快：教学设计越写越扎实，课堂上能关注每一个孩子。下学期重点练习课堂评价语言。",
        "apprentice": "师傅每周都来听课，指导具体、耐心，示范课让我看到了好课的样子。感谢师傅手把手的带教。",
    }
    for side, items in EVALUATION_ITEMS.items():
        author = pairing.mentor if side == "mentor" else pairing.apprentice
        pairing.evaluations.append(Evaluation(side=side, author=author, comment=comments[side],
                                              scores={key: rng.choice([4, 5, 5]) for key in items},
                                              created_at=_at(day, 19), updated_at=_at(day, 19)))


def _targets(session: Session, semester: Semester, values: tuple[int, int, int, int]) -> None:
    session.add(PairingSettings(semester_id=semester.id, max_apprentices=2, quiet_days=30))
    for metric, target in zip(("mentor_observes", "apprentice_observes", "plan_reviews", "talks"), values):
        session.add(PairingTarget(semester_id=semester.id, metric=metric, target=target))


def seed(session: Session) -> str:
    """Add the demo pairings; flushes, the caller commits."""
    rng = random.Random(SEED)
    staff = _staff(session)
    last_term, this_term = _semesters(session)
    admin, team_lead = staff["T0001"], staff["T0005"]
    _targets(session, last_term, (6, 6, 4, 2))
    _targets(session, this_term, (8, 8, 4, 2))
    logs = 0

    previous: dict[str, Pairing] = {}
    for apprentice_no, mentor_no in LAST_TERM:
        pairing = _pairing(last_term, staff[apprentice_no], staff[mentor_no], team_lead, date(2026, 2, 20))
        _move(pairing, "active", admin, last_term.start_date)
        logs += _logs(rng, pairing, last_term.start_date, date(2026, 6, 30), confirm_until=date(2026, 7, 5))
        _evaluations(rng, pairing, date(2026, 7, 3))
        reason = f"延续至{this_term.name}" if apprentice_no == CONTINUED else ""
        _move(pairing, "completed", admin, date(2026, 7, 8), reason)
        session.add(pairing)
        previous[apprentice_no] = pairing

    continued = _pairing(this_term, staff[CONTINUED], previous[CONTINUED].mentor, admin, date(2026, 8, 30),
                         "上学期进步明显，应双方要求继续结对一学期。")
    continued.previous = previous[CONTINUED]
    _move(continued, "active", admin, this_term.start_date)
    logs += _logs(rng, continued, this_term.start_date, LAST_DAY, confirm_until=LAST_DAY)
    session.add(continued)

    states = {"draft": 0, "active": 1, "dissolved": 0}
    for apprentice_no, mentor_no, state, note, quiet_since in THIS_TERM:
        created = date(2026, 11, 20) if state == "draft" else date(2026, 8, 28)
        pairing = _pairing(this_term, staff[apprentice_no], staff[mentor_no], team_lead, created, note)
        states[state] += 1
        if state != "draft":
            _move(pairing, "active", admin, this_term.start_date)
            until = date(2026, 10, 9) if state == "dissolved" else LAST_DAY
            logs += _logs(rng, pairing, this_term.start_date, quiet_since or until, confirm_until=quiet_since or LAST_DAY)
        if quiet_since:
            # Quiet since mid-October: one recent log the mentor has not confirmed yet.
            pairing.logs.append(MentoringLog(author=pairing.apprentice, author_side="apprentice", kind="observe_mentor",
                                             held_on=date(2026, 11, 20), duration_minutes=40,
                                             content="听师傅执教《分数的初步认识》，重点学习用折纸引出几分之一。",
                                             next_steps="下周请师傅来听我的《分数的简单计算》。", created_at=_at(date(2026, 11, 20), 17)))
            logs += 1
        if state == "dissolved":
            _move(pairing, "dissolved", admin, date(2026, 10, 12), DISSOLVE_REASON)
        session.add(pairing)
    session.flush()

    awards = [
        (previous["T0129"], "开化县小学英语青年教师优质课评比", "优质课评比", "县", "一等奖", date(2026, 5, 22), "开化县教育局"),
        (previous["T0127"], "开化县小学数学教师教学基本功比赛", "基本功比赛", "县", "一等奖", date(2026, 4, 17), "开化县教育局"),
        (previous["T0128"], "衢州市小学数学青年教师课堂教学评比", "教学比武", "市", "一等奖", date(2026, 6, 12), "衢州市教育局"),
        (continued, "开化县“一师一优课”评比", "优质课评比", "县", "二等奖", date(2026, 11, 13), "开化县教育局"),
    ]
    for pairing, title, category, level, grade, day, issuer in awards:
        session.add(Award(recipient_kind="teacher", staff_id=pairing.apprentice_id, title=title, category=category,
                          level=level, grade=grade, awarded_on=day, issuer=issuer, pairing_id=pairing.id,
                          created_by=pairing.mentor, created_at=_at(day + timedelta(days=3), 10)))
    session.flush()
    return (f"师徒结对：上学期已完成 {len(LAST_TERM)} 对，本学期进行中 {states['active']} 对、草稿 {states['draft']} 对、"
            f"已解除 {states['dissolved']} 对，帮扶记录 {logs} 条，获奖 {len(awards)} 项")
