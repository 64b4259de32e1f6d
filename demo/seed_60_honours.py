"""Demo honours register: three years of awards in the orders of magnitude the school reports.

Young teachers: 7 county-level and 3 city-level first prizes from 2024 to 2026, won by 8 young teachers
(three of them come from the pairings' demo, which runs first); the studio's famous teachers (县级名师
2025, 市级名师 2026); the women teachers' choir's county first places; 100+ pupils' essays published a
year, each with class, publication, date and guiding teacher. The 最美教师 honours come from the
selection's demo (seed_61). Deterministic: a fixed random seed."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Group, Staff
from blueprints.honours.models import ESSAY_CATEGORY, TITLE_CATEGORY, UNGRADED, Award
from demo.names import NameMaker

SEED = 2026_0910
LAST_DAY = date(2026, 11, 24)  #: the demo's "yesterday"
COUNTY, CITY = "开化县教育局", "衢州市教育局"

#: The young teachers' first prizes (with the pairings' three: 7 county-level, 3 city-level in all).
FIRST_PRIZES = [
    ("T0073", "开化县小学语文青年教师优质课评比", "优质课评比", "县", date(2024, 5, 17), COUNTY),
    ("T0058", "开化县小学数学青年教师教学比武", "教学比武", "县", date(2024, 11, 8), COUNTY),
    ("T0073", "衢州市小学语文青年教师课堂教学评比", "教学比武", "市", date(2024, 12, 6), CITY),
    ("T0076", "开化县小学语文青年教师教学基本功比赛", "基本功比赛", "县", date(2025, 4, 18), COUNTY),
    ("T0093", "开化县中小学优秀多媒体课件评比", "课件评比", "县", date(2025, 6, 13), COUNTY),
    ("T0087", "开化县教育教学论文评比", "论文案例", "县", date(2025, 10, 24), COUNTY),
    ("T0058", "衢州市小学数学优质课评比", "优质课评比", "市", date(2025, 11, 21), CITY),
]
#: Other prizes of teachers: second and third prizes at county and city level, school-level contests.
OTHER_PRIZES = [
    ("T0104", "开化县小学语文优质课评比", "优质课评比", "县", "二等奖", date(2024, 5, 17), COUNTY),
    ("T0108", "开化县小学数学青年教师教学比武", "教学比武", "县", "二等奖", date(2024, 11, 8), COUNTY),
    ("T0092", "开化县小学英语教学论文评比", "论文案例", "县", "三等奖", date(2024, 10, 18), COUNTY),
    ("T0051", "开化县中小学音乐优质课评比", "优质课评比", "县", "二等奖", date(2024, 4, 26), COUNTY),
    ("T0050", "衢州市小学科学实验教学说课比赛", "教学比武", "市", "三等奖", date(2024, 12, 13), CITY),
    ("T0064", "校青年教师教学比武", "教学比武", "校", "一等奖", date(2024, 10, 30), "开化县天地外国语学校"),
    ("T0087", "校青年教师教学比武", "教学比武", "校", "二等奖", date(2024, 10, 30), "开化县天地外国语学校"),
    ("T0065", "开化县小学语文教学案例评比", "论文案例", "县", "二等奖", date(2025, 6, 20), COUNTY),
    ("T0062", "开化县中小学优秀多媒体课件评比", "课件评比", "县", "二等奖", date(2025, 6, 13), COUNTY),
    ("T0110", "开化县小学英语青年教师基本功比赛", "基本功比赛", "县", "三等奖", date(2025, 4, 18), COUNTY),
    ("T0085", "开化县中小学体育优质课评比", "优质课评比", "县", "二等奖", date(2025, 5, 9), COUNTY),
    ("T0029", "衢州市小学语文教学论文评比", "论文案例", "市", "二等奖", date(2025, 12, 5), CITY),
    ("T0105", "校青年教师教学比武", "教学比武", "校", "一等奖", date(2025, 10, 29), "开化县天地外国语学校"),
    ("T0117", "校青年教师教学比武", "教学比武", "校", "二等奖", date(2025, 10, 29), "开化县天地外国语学校"),
    ("T0069", "开化县小学数学课题成果评比", "课题成果", "县", "三等奖", date(2026, 3, 27), COUNTY),
    ("T0096", "开化县小学语文青年教师优质课评比", "优质课评比", "县", "二等奖", date(2026, 5, 22), COUNTY),
    ("T0121", "开化县中小学音乐青年教师基本功比赛", "基本功比赛", "县", "三等奖", date(2026, 4, 24), COUNTY),
    ("T0083", "衢州市中小学优秀课件评比", "课件评比", "市", "二等奖", date(2026, 6, 19), CITY),
    ("T0074", "校青年教师教学比武", "教学比武", "校", "一等奖", date(2026, 10, 28), "开化县天地外国语学校"),
    ("T0131", "校青年教师教学比武", "教学比武", "校", "二等奖", date(2026, 10, 28), "开化县天地外国语学校"),
    ("T0130", "校青年教师教学比武", "教学比武", "校", "三等奖", date(2026, 10, 28), "开化县天地外国语学校"),
]
#: Titles: the studio's famous teachers and a subject leader.
TITLES = [
    ("T0013", "县级学科带头人", "县", date(2024, 9, 10), COUNTY),
    ("T0073", "县级教坛新秀", "县", date(2025, 9, 10), COUNTY),
    ("T0017", "县级名师", "县", date(2025, 9, 10), COUNTY),
    ("T0016", "市级名师", "市", date(2026, 4, 28), CITY),
]
#: The choir: county first place three times, twice on to the city's contest.
CHOIR = [
    ("开化县中小学教师合唱比赛", "县", "一等奖", date(2022, 6, 10)),
    ("开化县中小学教师合唱比赛", "县", "一等奖", date(2024, 5, 31)),
    ("衢州市中小学教师合唱比赛", "市", "三等奖", date(2024, 11, 22)),
    ("开化县中小学教师合唱比赛", "县", "一等奖", date(2026, 5, 29)),
    ("衢州市中小学教师合唱比赛", "市", "二等奖", date(2026, 10, 30)),
]
VOLLEYBALL = [("开化县教职工气排球比赛", "县", "二等奖", date(2025, 11, 14))]

ESSAYS_PER_YEAR = {2024: 108, 2025: 116, 2026: 104}
#: Where essays appear: (publication, level, share).
PUBLICATIONS = [("《今日开化》", "县", 48), ("《衢州日报》", "市", 18), ("《衢州晚报》", "市", 12),
                ("《小学生时代》", "省", 16), ("《中国少年报》", "国家", 6)]
ESSAY_TITLES = [
    "我家门前的钱江源", "国家公园里的小松鼠", "爷爷的茶园", "第一次包粽子", "我的老师", "春游根宫佛国", "家乡的龙顶茶",
    "雨中的古田山", "妈妈的手", "我学会了骑自行车", "校园里的桂花树", "一次难忘的升旗仪式", "我是国家公园小小讲解员",
    "住校的第一个晚上", "给远方的爸爸写信", "秋天的稻田", "外婆家的小狗", "我们班的“小书虫”", "钱江源头的清水鱼",
    "红旗下的誓言", "运动会上的接力赛", "做一回小老师", "家乡的清水鱼", "夜晚的星空", "我的好朋友", "种向日葵",
    "难忘的红色研学", "奶奶的菜园", "学做青团", "大雪过后", "我为国家公园代言", "英语角里的笑声",
]
CONTESTS = [
    ("开化县小学生现场作文比赛", "县"), ("开化县小学生英语口语比赛", "县"), ("开化县中小学生书法比赛", "县"),
    ("衢州市小学生科技创新大赛", "市"), ("开化县小学生讲故事比赛", "县"),
]
GRADES_OF_CLASSES = {"一": 5, "二": 5, "三": 6, "四": 5, "五": 6, "六": 5}  #: 32 classes


def _at(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=2), time(9, 0))


def _school_day(rng: random.Random, year: int) -> date:
    """A weekday in term time (no summer or winter holiday), not after the demo's yesterday."""
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        holiday = (day.month == 7 and day.day > 5) or day.month == 8 or (day.month == 2 and day.day < 20)
        if day.weekday() < 5 and not holiday and day <= LAST_DAY:
            return day


def seed(session: Session) -> str:
    """Add the register; flushes, the caller commits."""
    rng = random.Random(SEED)
    staff = {s.staff_no: s for s in session.scalars(select(Staff))}
    admin = staff["T0002"]  # the school office keeps the register
    choir = session.scalar(select(Group).where(Group.name == "女教师合唱团"))
    volleyball = session.scalar(select(Group).where(Group.name == "女教师排球队"))
    awards: list[Award] = []

    def teacher(no, title, category, level, grade, day, issuer):
        awards.append(Award(recipient_kind="teacher", staff_id=staff[no].id, title=title, category=category, level=level,
                            grade=grade, awarded_on=day, issuer=issuer, created_by=admin, created_at=_at(day)))

    for no, title, category, level, day, issuer in FIRST_PRIZES:
        teacher(no, title, category, level, "一等奖", day, issuer)
    for no, title, category, level, grade, day, issuer in OTHER_PRIZES:
        teacher(no, title, category, level, grade, day, issuer)
    for no, title, level, day, issuer in TITLES:
        teacher(no, title, TITLE_CATEGORY, level, UNGRADED, day, issuer)
    for group, entries, category in ((choir, CHOIR, "文艺比赛"), (volleyball, VOLLEYBALL, "体育比赛")):
        for title, level, grade, day in entries:
            awards.append(Award(recipient_kind="group", group_id=group.id, title=title, category=category, level=level,
                                grade=grade, awarded_on=day, issuer=COUNTY if level == "县" else CITY,
                                created_by=admin, created_at=_at(day)))

    chinese = sorted((s for s in staff.values() if s.subject == "语文" and s.arrival_date < date(2026, 9, 1)),
                     key=lambda s: s.staff_no)
    classes = [f"{grade}（{n}）班" for grade, count in GRADES_OF_CLASSES.items() for n in range(1, count + 1)]
    guide_of = {name: rng.choice(chinese) for name in classes}
    writers = [c for c in classes if c[0] in "三四五六"]
    names = NameMaker(rng, reserved=[s.name for s in staff.values()])
    places, weights = [p[:2] for p in PUBLICATIONS], [p[2] for p in PUBLICATIONS]
    essays = contests = 0
    for year, count in ESSAYS_PER_YEAR.items():
        for _ in range(count):
            pupil_class = rng.choice(writers)
            publication, level = rng.choices(places, weights)[0]
            day = _school_day(rng, year)
            born = year - 7 - "一二三四五六".index(pupil_class[0])
            awards.append(Award(
                recipient_kind="pupil", recipient_name=names.make(rng.choice("FM"), born), pupil_class=pupil_class,
                staff_id=guide_of[pupil_class].id, title=rng.choice(ESSAY_TITLES), category=ESSAY_CATEGORY, level=level,
                grade=UNGRADED, issuer=publication, awarded_on=day, created_by=admin, created_at=_at(day),
            ))
            essays += 1
        for title, level in CONTESTS:
            for grade in ("一等奖", "二等奖", "三等奖")[: rng.randint(1, 3)]:
                pupil_class = rng.choice(classes)
                day = _school_day(rng, year)
                awards.append(Award(
                    recipient_kind="pupil", recipient_name=names.make(rng.choice("FM"), year - 9), pupil_class=pupil_class,
                    staff_id=guide_of[pupil_class].id, title=title, category="学生竞赛", level=level, grade=grade,
                    issuer=COUNTY if level == "县" else CITY, awarded_on=day, created_by=admin, created_at=_at(day),
                ))
                contests += 1
    session.add_all(awards)
    session.flush()
    teachers = len(FIRST_PRIZES) + len(OTHER_PRIZES) + len(TITLES)
    return (f"荣誉册：教师获奖与称号 {teachers} 项（含青年教师县级一等奖 5 项、市级一等奖 2 项，另 3 项来自师徒结对），"
            f"团队获奖 {len(CHOIR) + len(VOLLEYBALL)} 项（合唱团县级一等奖 3 次），学生发表作文 {essays} 篇、竞赛获奖 {contests} 项")
