"""Demo open lessons for the current semester: the settings, nine rooms, and about a hundred lessons in every state.

Demo "today" is 2026-11-25. Lessons up to the day before were held: most are complete (five or more
observers wrote feedback and the teacher reflected), last week's still have feedback owed, a few never
reached five observers. Lessons from the 26th on are still to come, some 已达标, some "2/5 待邀请" with
invitations waiting. About a quarter of the teachers have not declared. Everything goes through the
services, so the demo obeys the same rules as the app."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Semester, Staff
from blueprints.open_lessons.models import CONFIRMED, OpenLesson
from blueprints.open_lessons.services import (
    TEACHING_SUBJECTS, LessonDetails, RuleBroken, declare_lesson, invite, respond, rooms_of, rubric_of, save_room,
    save_settings, sign_up, write_feedback, write_reflection,
)
from demo.school import demo_logins

SEED = 2026_1125
TODAY = date(2026, 11, 25)  #: the demo's "today": held lessons end the day before, upcoming ones start the day after
MORNING = datetime(2026, 11, 25, 7, 0)  #: nothing written in the demo is later than this
FIRST_DAY, LAST_DAY = date(2026, 9, 21), date(2026, 12, 25)
HOLIDAY = (date(2026, 10, 1), date(2026, 10, 8))  #: 国庆假期
SHARE_DECLARED = 0.74

ROOMS = [("录播教室（一）", 12), ("录播教室（二）", 12), ("阶梯教室", 60), ("科学实验室", 10), ("音乐教室", 10),
         ("美术教室", 8), ("计算机教室", 6), ("体育馆", 20), ("心理辅导室", 6)]
SUBJECT_ROOMS = {"科学": "科学实验室", "音乐": "音乐教室", "美术": "美术教室", "信息科技": "计算机教室",
                 "体育": "体育馆", "心理健康": "心理辅导室", "劳动": "科学实验室"}
GENERAL_ROOMS = ["录播教室（一）", "录播教室（二）", "阶梯教室"]
GRADES = {"低段": "一二", "中段": "三四", "高段": "五六", "": "一二三四五六"}

#: Topics by subject, then by grade band where it matters ("" for any band); "、" separates them.
TOPICS = {
    "语文": {"低段": "小蝌蚪找妈妈、雪地里的小画家、乌鸦喝水、坐井观天、寒号鸟、曹冲称象、植物妈妈有办法、葡萄沟、日月潭、狐假虎威",
             "中段": "秋天的雨、富饶的西沙群岛、望天门山、司马光、观潮、爬山虎的脚、蟋蟀的住宅、精卫填海、麻雀、海滨小城",
             "高段": "少年中国说、草船借箭、桥、将相和、圆明园的毁灭、狼牙山五壮士、开国大典、落花生、桂花雨、七律·长征"},
    "数学": {"低段": "认识钟表、20以内的进位加法、认识图形、100以内的加法和减法、表内乘法、认识人民币、角的初步认识",
             "中段": "分数的初步认识、两位数乘两位数、长方形和正方形的周长、小数的意义、三角形的内角和、平行与垂直、年月日",
             "高段": "圆的面积、平行四边形的面积、分数乘法、百分数的意义、比的认识、圆柱的体积、鸡兔同笼、可能性"},
    "英语": {"低段": "Unit 2 Colours、Unit 3 Animals、Unit 4 Numbers、Unit 5 Let's eat",
             "中段": "Unit 3 My friends、Unit 2 My schoolbag、Unit 5 Dinner's ready、Unit 4 At the farm、Unit 6 Meet my family",
             "高段": "Unit 3 My weekend plan、Unit 1 How can I get there、Unit 4 What can you do、Unit 2 Ways to go to school"},
    "科学": {"": "空气能占据空间吗、声音是怎样产生的、水沸腾了、观察月相、种子的萌发、电路出故障了、地球的形状、磁铁能吸引什么"},
    "道德与法治": {"": "我们的公共生活、学会沟通交流、家人的爱、我们班四岁了、安全记心上、公共利益人人享"},
    "音乐": {"": "彝家娃娃真幸福、大海啊故乡、童年、小白船、茉莉花、我是小音乐家"},
    "体育": {"": "立定跳远、前滚翻、50米快速跑、篮球原地运球、跳短绳、排球正面双手垫球"},
    "美术": {"": "色彩的渐变、有趣的纸条、剪纸中的人物、家乡的桥、线描写生"},
    "信息科技": {"": "在线学习与生活、数据编码探秘、用图表呈现数据、身边的算法"},
    "心理健康": {"": "情绪小怪兽、我的优点树、学会说“不”"},
    "劳动": {"": "整理我的书包、采茶与制茶——开化龙顶、种植小番茄、包饺子"},
}
STRENGTHS = [
    "导入新颖，很快激发了学生的学习兴趣。", "教学目标明确，重难点突出，环节紧凑。", "小组合作分工明确，学生参与面广。",
    "板书设计简洁清晰，帮学生梳理了知识脉络。", "教师语言亲切，评价及时具体，课堂氛围好。", "练习设计有梯度，照顾到不同层次的学生。",
    "课件演示恰到好处，直观地突破了难点。", "注重学习方法的指导，学生会学、乐学。", "联系生活实际，学生体验真切。",
]
SUGGESTIONS = [
    "小组讨论时间可再充分一些，让更多学生有表达的机会。", "对学困生的关注还可以更多一些。", "课堂节奏前松后紧，拓展环节略显仓促。",
    "提问可以更开放，给学生留出思考的空间。", "板书可以再精炼，突出关键词。", "评价语言可以更有针对性，避免笼统的“很好”。",
    "练习的反馈可以更及时，当堂订正。", "教师讲得稍多，可以多放手让学生自主探究。",
]
REFLECTIONS = [
    "本节课基本达成了预设目标，学生参与积极。听课老师指出{0}，下次教学中我会先在教案里把这一环节写细。",
    "课后重看录像，发现{0}。感谢各位老师的中肯建议，我将在下一单元的教学中改进。",
    "这是我第一次在录播教室上公开课，比较紧张。老师们提醒{0}，我会请师傅再来听一次。",
]
PERIOD_WEIGHTS = [2, 3, 4, 3, 2, 3, 2, 1]  #: mornings are favoured for open lessons


def _school_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and not HOLIDAY[0] <= day < HOLIDAY[1]:
            days.append(day)
        day += timedelta(days=1)
    return days


def _topic(rng: random.Random, person: Staff) -> tuple[str, str]:
    by_band = TOPICS[person.subject]
    band = person.grade_band if person.grade_band in by_band else ""
    topics = (by_band.get(band) or next(iter(by_band.values()))).split("、")
    grade = rng.choice(GRADES[person.grade_band if person.grade_band in GRADES else ""])
    return rng.choice(topics), f"{grade}年级（{rng.randint(1, 5)}）班"


def _declare(session, rng, semester, settings, teacher, day, rooms) -> OpenLesson | None:
    """Declare on that day in a free room and period, or give up after a few tries."""
    topic, class_name = _topic(rng, teacher)
    preferred = SUBJECT_ROOMS.get(teacher.subject)
    for _ in range(12):
        room = rooms[preferred if preferred and rng.random() < 0.8 else rng.choice(GENERAL_ROOMS)]
        period = rng.choices(range(1, 9), PERIOD_WEIGHTS)[0]
        details = LessonDetails(teacher.subject, class_name, topic, day, period, room.id,
                                "1. 情境导入；2. 自主学习，小组交流；3. 精讲点拨，突破难点；4. 分层练习；5. 总结延伸。")
        try:
            with session.begin_nested():
                return declare_lesson(semester, settings, teacher, details, now=datetime.combine(FIRST_DAY, datetime.min.time()),
                                      by_admin=True)
        except RuleBroken:
            continue
    return None


def _fill(session, rng, lesson, pool, observed, want: int, *, pending: int = 0) -> list[Staff]:
    """Seat up to `want` observers (invited and accepted, or signed up), then leave `pending` invitations open.
    Colleagues of the same subject come first, and among them those who have observed least."""
    before = lesson.starts_at - timedelta(days=rng.randint(2, 9))
    candidates = sorted(pool, key=lambda p: (p.subject != lesson.subject, observed.get(p.id, 0), rng.random()))
    seated, waiting = [], 0
    for person in candidates:
        if len(seated) >= want and waiting >= pending:
            break
        try:
            with session.begin_nested():
                if len(seated) >= want:
                    invite(lesson, person, inviter=lesson.teacher, now=before)
                    waiting += 1
                    continue
                if rng.random() < 0.6:
                    invite(lesson, person, inviter=lesson.teacher, now=before)
                    row = respond(lesson, person, accept=rng.random() > 0.06, now=before + timedelta(hours=5))
                else:
                    row = sign_up(lesson, person, now=before)
        except RuleBroken:
            continue
        if row.status == CONFIRMED:
            seated.append(person)
            observed[person.id] = observed.get(person.id, 0) + 1
    return seated


def _review(session, rng, lesson, settings, rubric, observers, *, share: float, reflect: float) -> int:
    """Observers write feedback the day after (a share of them); the teacher reflects (with some probability)."""
    quality = rng.uniform(3.4, 4.7)
    written = 0
    for person in observers:
        if rng.random() > share:
            continue
        scores = {item.id: max(1, min(5, round(rng.gauss(quality, 0.6)))) for item in rubric}
        when = min(lesson.ends_at + timedelta(hours=rng.randint(2, 40)), MORNING)
        write_feedback(lesson, settings, person, scores=scores, strengths=rng.choice(STRENGTHS),
                       suggestions=rng.choice(SUGGESTIONS), rubric=rubric, now=when)
        written += 1
    if rng.random() < reflect:
        hint = rng.choice(SUGGESTIONS).rstrip("。")
        write_reflection(lesson, rng.choice(REFLECTIONS).format(hint), now=min(lesson.ends_at + timedelta(days=1), MORNING))
    return written


def seed(session: Session) -> str:
    """Settings, rooms and lessons of the current semester; returns a one-line summary."""
    rng = random.Random(SEED)
    semester = session.scalars(select(Semester).where(Semester.is_current.is_(True))).one()
    settings = save_settings(semester, {"declare_from": date(2026, 9, 1), "declare_until": date(2026, 12, 4), "min_observers": 5,
                                        "observe_target": 4, "feedback_days": 7, "names_visible": True})
    for name, seats in ROOMS:
        save_room(semester, name, seats)
    rooms = {room.name: room for room in rooms_of(semester)}
    rubric = rubric_of(semester)
    staff = list(session.scalars(select(Staff).where(Staff.is_active_member.is_(True)).order_by(Staff.staff_no)))
    teachers = [p for p in staff if p.subject in TEACHING_SUBJECTS]
    logins = {login.label: session.scalars(select(Staff).where(Staff.staff_no == login.staff_no)).one()
              for login in demo_logins(session)}
    newcomer, leader, admin = (next((p for label, p in logins.items() if label.startswith(start)), None)
                               for start in ("教师", "小组负责人", "管理员"))
    declaring = [t for t in teachers if t is not newcomer and rng.random() < SHARE_DECLARED]
    if leader is not None and leader in teachers and leader not in declaring:
        declaring.append(leader)
    past_days, future_days = _school_days(FIRST_DAY, TODAY - timedelta(days=1)), _school_days(TODAY + timedelta(days=1), LAST_DAY)
    pool = teachers + ([admin] if admin is not None else [])
    observed: dict[int, int] = {}
    held = upcoming = reached = feedback = 0
    rng.shuffle(declaring)
    if leader in declaring:  # the women's committee chair gave hers early: a complete lesson to look at
        declaring.remove(leader)
        declaring.insert(0, leader)
    split = round(len(declaring) * 0.62)
    for index, teacher in enumerate(declaring):
        is_past = index < split
        day = past_days[min(len(past_days) - 1, int(len(past_days) * index / split))] if is_past else rng.choice(future_days)
        if index == 0:
            day = past_days[5]
        lesson = _declare(session, rng, semester, settings, teacher, day, rooms)
        if lesson is None:
            continue
        others = [p for p in pool if p is not teacher]
        if is_past:
            held += 1
            want = rng.choice([3, 4]) if rng.random() < 0.08 else rng.randint(5, min(8, lesson.seats))
            seated = _fill(session, rng, lesson, others, observed, want)
            recent = lesson.lesson_date >= TODAY - timedelta(days=settings.feedback_days)
            share = 0.5 if recent else (1.0 if index == 0 else 0.93)
            feedback += _review(session, rng, lesson, settings, rubric, seated, share=share,
                                reflect=1.0 if index == 0 else (0.4 if recent else 0.88))
        else:
            upcoming += 1
            want = rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 7])
            seated = _fill(session, rng, lesson, others, observed, min(want, lesson.seats),
                           pending=rng.choice([0, 1, 2]) if want < 5 else 0)
        reached += len(seated) >= settings.min_observers
    _demo_logins_have_something_to_do(session, rng, semester, newcomer, leader, admin)
    session.flush()
    return (f"公开课：{len(declaring)}/{len(teachers)} 位教师已申报，已上课 {held} 节、待上课 {upcoming} 节，"
            f"{reached} 节听课人数已达标，评课 {feedback} 份")


def _demo_logins_have_something_to_do(session, rng, semester, newcomer, leader, admin) -> None:
    """Invitations waiting for the three demo accounts, so their home pages show the open-lesson to-dos."""
    upcoming = list(session.scalars(select(OpenLesson).where(OpenLesson.semester_id == semester.id,
                                                             OpenLesson.lesson_date > TODAY).order_by(OpenLesson.starts_at)))
    for person, wanted in ((newcomer, 2), (leader, 1), (admin, 1)):
        if person is None:
            continue
        sent = 0
        for lesson in upcoming:
            if sent >= wanted:
                break
            try:
                with session.begin_nested():
                    invite(lesson, person, inviter=lesson.teacher, now=datetime.combine(TODAY, datetime.min.time()))
                sent += 1
            except RuleBroken:
                continue
