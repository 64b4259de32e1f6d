"""Ten years of the honours register, at the demo's yearly rate times the scale: teachers' prizes and titles,
the teams' prizes, pupils' published essays and contest prizes with their guiding teacher (as seed_60)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from blueprints.honours.models import ESSAY_CATEGORY, TITLE_CATEGORY, UNGRADED, Award
from demo.names import NameMaker
from demo.seed_60_honours import CONTESTS, ESSAY_TITLES, FIRST_PRIZES, OTHER_PRIZES, PUBLICATIONS, TITLES

from .people import Member
from .rows import TODAY, Rows

#: Per year and unit of scale, as the demo's three years have them.
TEACHER_AWARDS, TEAM_AWARDS, ESSAYS, CONTEST_PRIZES = 11, 2, 110, 7
ISSUERS = {"校": "开化县天地外国语学校", "县": "开化县教育局", "市": "衢州市教育局", "省": "浙江省教育厅", "国家": "教育部"}
CLASSES = [f"{grade}（{n}）班" for grade in "三四五六" for n in range(1, 6)]


def _day(rng: random.Random, year: int) -> date:
    """A term-time weekday of the year, not after the demo's yesterday."""
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        holiday = (day.month == 7 and day.day > 5) or day.month == 8 or (day.month == 2 and day.day < 20)
        if day.weekday() < 5 and not holiday and day < TODAY:
            return day


def add_honours(rows: Rows, rng: random.Random, members: list[Member], team_ids: list[int], scale: int,
                admin_id: int, years: range) -> int:
    """The register's entries for the given years; returns how many were added."""
    contests = [(title, category, level) for _no, title, category, level, *_rest in FIRST_PRIZES + OTHER_PRIZES]
    added = 0

    def award(day: date, **values) -> None:
        nonlocal added
        rows.add(Award, awarded_on=day, note="", created_by_id=admin_id, pupil_class=values.pop("pupil_class", ""),
                 recipient_name=values.pop("recipient_name", ""), issuer=ISSUERS[values["level"]],
                 created_at=datetime.combine(day + timedelta(days=2), time(9)), **values)
        added += 1

    for year in years:
        teachers = [m for m in members if m.teaches and m.here_on(date(year, 1, 1))]
        for _ in range(TEACHER_AWARDS * scale):
            title, category, level = rng.choice(contests)
            award(_day(rng, year), recipient_kind="teacher", staff_id=rng.choice(teachers).id, title=title,
                  category=category, level=level, grade=rng.choice(["一等奖", "二等奖", "二等奖", "三等奖"]))
        for _no, title, level, _day_of, _issuer in TITLES:
            if rng.random() < scale / 4:
                award(_day(rng, year), recipient_kind="teacher", staff_id=rng.choice(teachers).id, title=title,
                      category=TITLE_CATEGORY, level=level, grade=UNGRADED)
        for _ in range(TEAM_AWARDS * scale):
            award(_day(rng, year), recipient_kind="group", group_id=rng.choice(team_ids), title="开化县教职工文体比赛",
                  category=rng.choice(["文艺比赛", "体育比赛"]), level=rng.choice(["县", "市"]), grade=rng.choice(["一等奖", "二等奖", "三等奖"]))
        guides = {c: rng.choice(teachers).id for c in CLASSES}
        names = NameMaker(rng)  # pupils' names: unique within a year is enough (the pool would run dry over ten)
        places, weights = [p[:2] for p in PUBLICATIONS], [p[2] for p in PUBLICATIONS]
        for _ in range(ESSAYS * scale):
            pupil_class = rng.choice(CLASSES)
            publication, level = rng.choices(places, weights)[0]
            rows.add(Award, recipient_kind="pupil", recipient_name=names.make(rng.choice("FM"), year - 10),
                     pupil_class=pupil_class, staff_id=guides[pupil_class], title=rng.choice(ESSAY_TITLES),
                     category=ESSAY_CATEGORY, level=level, grade=UNGRADED, issuer=publication,
                     awarded_on=_day(rng, year), note="", created_by_id=admin_id,
                     created_at=datetime.combine(date(year, 12, 31), time(9)))
            added += 1
        for _ in range(CONTEST_PRIZES * scale):
            title, level = rng.choice(CONTESTS)
            pupil_class = rng.choice(CLASSES)
            award(_day(rng, year), recipient_kind="pupil", recipient_name=names.make(rng.choice("FM"), year - 10),
                  pupil_class=pupil_class, staff_id=guides[pupil_class], title=title, category="学生竞赛",
                  level=level, grade=rng.choice(["一等奖", "二等奖", "三等奖"]))
    rows.flush()
    return added
