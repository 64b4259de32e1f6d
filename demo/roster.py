"""The 146 demo staff: who they are, what they teach, their titles, backbone flags and Party status."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from blueprints.accounts.models import GRADE_BANDS, PARTY_STATUSES, TITLES
from demo.names import MULTI_READING_SURNAMES, NameMaker

#: Ages, titles and arrivals are reckoned from this year.
THIS_YEAR = 2026
#: The first day of the current semester, when this year's newly arrived teachers start.
NEWCOMER_ARRIVAL = date(2026, 9, 1)
#: Nobody arrived before the school opened.
SCHOOL_OPENED = 2004

#: (subject, people, of whom women). English is strong: it is a foreign-language school.
SUBJECT_PLAN = [
    ("语文", 42, 32), ("数学", 35, 18), ("英语", 20, 16), ("科学", 8, 3), ("道德与法治", 5, 3),
    ("音乐", 6, 5), ("体育", 8, 2), ("美术", 5, 3), ("信息科技", 3, 0), ("心理健康", 2, 2),
    ("劳动", 2, 0), ("行政", 6, 3), ("后勤", 4, 1),
]
NON_TEACHING = ("行政", "后勤")

#: This semester's newly arrived teachers (subject, gender, birth year): most straight from
#: university, three transferred from other schools.
NEWCOMERS = [
    ("语文", "F", 2003), ("语文", "F", 2002), ("语文", "M", 1996), ("数学", "F", 2003),
    ("数学", "M", 1998), ("英语", "F", 2002), ("英语", "F", 1995), ("科学", "M", 2003),
]

#: Birth years of everyone else (neither a named person nor a newcomer): a young staff room.
BIRTH_BUCKETS = [((1998, 2003), 32), ((1993, 1997), 28), ((1980, 1992), 44), ((1968, 1979), 26)]

#: Backbone (骨干) and famous (名师) teachers chosen from the generated staff, by subject; the named
#: people below add five backbone and two famous teachers, so 20 and 6 in all.
BACKBONE_PLAN = {"语文": 4, "数学": 5, "英语": 3, "科学": 1, "音乐": 1, "体育": 1}
FAMOUS_PLAN = {"语文": 1, "数学": 1, "英语": 1, "音乐": 1}

PARTY_MEMBERS = 23  #: as the seed document reports
PROBATIONARY_MEMBERS = 2  #: young teachers admitted this year (预备党员)
LEAGUE_MEMBERS = 30  #: 团员 among the teachers under 28

#: Staff numbers T0001 and T0002 go to the two administrators; the rest follow arrival order.
PINNED_KEYS = ["secretary", "office"]


@dataclass
class Person:
    """One demo staff member before it becomes a Staff row."""

    gender: str
    subject: str
    birth_date: date
    arrival_date: date
    name: str = ""
    key: str = ""  #: the named part this person plays ("secretary", "women_lead", ...), "" for others
    grade_band: str = ""
    title: str = ""
    political_status: str = "群众"
    role: str = "teacher"
    is_backbone: bool = False
    is_famous: bool = False
    is_special_grade: bool = False
    phone: str = ""

    @property
    def birth_year(self) -> int:
        return self.birth_date.year

    @property
    def is_newcomer(self) -> bool:
        return self.arrival_date == NEWCOMER_ARRIVAL


def key_people() -> list[Person]:
    """The people the demo (and its logins) refer to by their part."""
    return [
        Person("M", "行政", date(1970, 3, 14), date(2005, 8, 26), "余国华", "secretary",
               title="高级教师", political_status="正式党员", role="admin"),
        Person("F", "行政", date(1979, 11, 2), date(2008, 8, 27), "方丽萍", "office",
               title="一级教师", political_status="正式党员", role="admin"),
        Person("F", "语文", date(1972, 5, 18), date(2006, 8, 28), "郑慧琴", "special_grade", "高段",
               "正高级教师", "正式党员", is_backbone=True, is_famous=True, is_special_grade=True),
        Person("M", "数学", date(1976, 9, 9), date(2007, 8, 28), "叶志明", "famous_lead", "高段",
               "高级教师", "正式党员", is_backbone=True, is_famous=True),
        Person("M", "语文", date(1971, 12, 3), date(2005, 8, 26), "汪志强", "mentor_lead", "中段",
               "高级教师", "正式党员", is_backbone=True),
        Person("F", "英语", date(1984, 7, 21), date(2009, 8, 28), "吴晓燕", "women_lead", "中段",
               "高级教师", "正式党员", is_backbone=True),
        Person("M", "体育", date(1975, 4, 30), date(2006, 8, 28), "姜国平", "union_lead", "高段",
               "高级教师", "正式党员"),
        # The seed names her first among the eight young teachers who grew fast.
        Person("F", "语文", date(1997, 4, 12), date(2019, 8, 28), "程菲", "cheng_fei", "低段",
               "一级教师", "正式党员", is_backbone=True),
    ]


def build_people(rng: random.Random) -> list[Person]:
    """Everyone on the staff, in staff-number order; the same list for the same generator state."""
    people = key_people()
    slots = [(subject, gender) for subject, count, women in SUBJECT_PLAN
             for gender in ["F"] * women + ["M"] * (count - women)]
    for person in people:
        slots.remove((person.subject, person.gender))
    for subject, gender, year in NEWCOMERS:
        slots.remove((subject, gender))
        people.append(Person(gender, subject, _day_in(rng, year), NEWCOMER_ARRIVAL))
    years = [rng.randint(low, high) for (low, high), count in BIRTH_BUCKETS for _ in range(count)]
    rng.shuffle(years)
    for (subject, gender), year in zip(slots, years, strict=True):
        if gender == "F" and year < 1971:
            year = rng.randint(1971, 1979)  # women teachers retire at 55
        people.append(Person(gender, subject, _day_in(rng, year), _arrival(rng, year)))

    _assign_backbone(people, rng)
    _assign_politics(people, rng)
    _fill_details(people, rng)
    _assign_names(people, rng)
    pinned = [next(p for p in people if p.key == key) for key in PINNED_KEYS]
    others = sorted((p for p in people if p.key not in PINNED_KEYS), key=lambda p: p.arrival_date)
    return pinned + others


def _day_in(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _arrival(rng: random.Random, birth_year: int) -> date:
    """Joined after university (about 22) and after the school opened; earlier years more likely."""
    first = max(SCHOOL_OPENED, birth_year + 22)
    year = min(2025, first + int((2026 - first) * rng.random() ** 1.5))
    if year > birth_year + 22 and rng.random() < 0.1:
        return date(year, 2, 20)  # a few came at the spring semester
    return date(year, 8, 28)


def _generated(people: list[Person]) -> list[Person]:
    """People with no named part who are not this semester's newcomers."""
    return [p for p in people if not p.key and not p.is_newcomer]


def _assign_backbone(people: list[Person], rng: random.Random) -> None:
    generated = _generated(people)
    for subject, count in BACKBONE_PLAN.items():
        pool = sorted((p for p in generated if p.subject == subject), key=lambda p: p.birth_date)
        experienced = [p for p in pool if p.birth_year <= 1992]
        chosen = rng.sample(experienced, count) if len(experienced) >= count else pool[:count]
        for person in chosen:
            person.is_backbone = True
    for subject, count in FAMOUS_PLAN.items():
        pool = [p for p in generated if p.subject == subject and p.is_backbone]
        for person in rng.sample(pool, count):
            person.is_famous = True


def _assign_politics(people: list[Person], rng: random.Random) -> None:
    """Exactly 23 Party members (2 probationary), four on their way in, 30 League members."""
    generated = _generated(people)
    named_members = sum(p.political_status in PARTY_STATUSES for p in people)
    for person in rng.sample([p for p in generated if 1998 <= p.birth_year <= 2000], PROBATIONARY_MEMBERS):
        person.political_status = "预备党员"
    full = rng.sample([p for p in generated if p.is_backbone], 8)  # most backbone teachers are members
    full += rng.sample([p for p in generated if p.subject == "行政"], 1)
    seasoned = [p for p in generated if p.birth_year <= 1990 and not p.is_backbone and p.subject != "行政"]
    full += rng.sample(seasoned, PARTY_MEMBERS - PROBATIONARY_MEMBERS - named_members - len(full))
    for person in full:
        person.political_status = "正式党员"

    hopefuls = [p for p in generated if p.political_status == "群众" and 1988 <= p.birth_year <= 1999]
    for person, status in zip(rng.sample(hopefuls, 4), ["发展对象", "发展对象", "入党积极分子", "入党积极分子"]):
        person.political_status = status
    young = [p for p in people if p.political_status == "群众" and p.birth_year >= THIS_YEAR - 28]
    for person in rng.sample(young, min(LEAGUE_MEMBERS, len(young))):
        person.political_status = "团员"


def _fill_details(people: list[Person], rng: random.Random) -> None:
    phones: set[str] = set()
    teachers = [p for p in people if not p.key and p.subject not in NON_TEACHING]
    bands = [GRADE_BANDS[i % len(GRADE_BANDS)] for i in range(len(teachers))]  # evenly spread
    rng.shuffle(bands)
    for person, band in zip(teachers, bands):
        person.grade_band = band
    for person in people:
        if not person.key:
            person.title = _title(person, rng)
        while not person.phone or person.phone in phones:
            person.phone = "1" + rng.choice("358") + "".join(rng.choice("0123456789") for _ in range(9))
        phones.add(person.phone)


def _title(person: Person, rng: random.Random) -> str:
    """A title that fits the years since university; backbone teachers are at least 一级教师."""
    if person.subject == "后勤":
        return ""
    years = THIS_YEAR - person.birth_year - 22
    if years <= 1 or (person.is_newcomer and years <= 3):
        title = "未定级"
    elif years <= 6:
        title = "二级教师"
    elif years <= 13:
        title = "一级教师" if rng.random() < 0.8 else "二级教师"
    elif years <= 22:
        title = "高级教师" if rng.random() < 0.25 else "一级教师"
    else:
        title = "高级教师" if rng.random() < 0.6 else "一级教师"
    if person.is_backbone:
        title = "高级教师" if years >= 14 else max(title, "一级教师", key=TITLES.index)
    return title



def _assign_names(people: list[Person], rng: random.Random) -> None:
    # 程畅 is the pupil the seed names; keep the staff list free of him.
    names = NameMaker(rng, reserved=[p.name for p in people if p.name] + ["程畅"])
    unnamed = [p for p in people if not p.name]
    special = dict(zip(map(id, rng.sample(_generated(people), len(MULTI_READING_SURNAMES))), MULTI_READING_SURNAMES))
    for person in unnamed:
        person.name = names.make(person.gender, person.birth_year, surname=special.get(id(person)))
