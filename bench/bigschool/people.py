"""The big school's people: the demo's 146 plus generated staff, ten times the groups, their memberships,
and a kiosk sign-in code for everyone. Staff follow the demo roster's plans (subjects, ages, titles)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from blueprints.accounts.models import GRADE_BANDS, Group, Membership, Staff
from blueprints.accounts.pinyin import search_keys
from blueprints.kiosk.codes import ALPHABET, CODE_LENGTH, DIGITS
from blueprints.kiosk.models import SignInCode
from demo.names import NameMaker
from demo.roster import BIRTH_BUCKETS, NON_TEACHING, SUBJECT_PLAN, Person, _arrival, _title

from .rows import NOW, Rows, chance

BANDS_OF_GRADES = {"一": "低段", "二": "低段", "三": "中段", "四": "中段", "五": "高段", "六": "高段"}
CLUBS = ["教师书法社", "教师摄影协会", "教师羽毛球队", "教师篮球队", "教师乒乓球队", "教师舞蹈队", "男教师合唱团",
         "教师读书会", "教师太极拳社", "教师棋艺社", "教工足球队", "教师朗诵团", "教师茶艺社", "教师手工坊", "教师跑团",
         "教师瑜伽社"]
NUMERALS = "一二三四五六七八九十"


@dataclass
class Member:
    """What the generators need to know of a person, without an ORM object."""

    id: int
    name: str
    gender: str
    birth: date | None
    subject: str
    band: str
    arrival: date | None
    status: str
    backbone: bool
    famous: bool
    active: bool

    @property
    def grade_band(self) -> str:  # the demo's helpers ask a Staff for this
        return self.band

    @property
    def teaches(self) -> bool:
        return self.subject not in NON_TEACHING and bool(self.band)

    @property
    def party(self) -> bool:
        return self.status in ("预备党员", "正式党员")

    def here_on(self, day: date) -> bool:
        """Working at the school that day (arrived; the few who left are taken to have left this year)."""
        return self.arrival is not None and self.arrival <= day and (self.active or day.year < 2026)


def load_members(session) -> list[Member]:
    """Everyone on the staff, in staff-number order."""
    return [Member(s.id, s.name, s.gender, s.birth_date, s.subject, s.grade_band, s.arrival_date, s.political_status,
                   s.is_backbone, s.is_famous or s.is_special_grade, s.is_active_member)
            for s in session.scalars(select(Staff).order_by(Staff.staff_no))]


def add_staff(rows: Rows, rng: random.Random, total: int) -> int:
    """Staff numbers after the demo's up to `total` people, like the demo roster; returns how many were added."""
    session = rows.session
    existing = list(session.scalars(select(Staff).order_by(Staff.staff_no)))
    template = existing[0].password_hash  # everyone's demo password (hashing 1,400 times would take minutes)
    names = NameMaker(rng, reserved=[s.name for s in existing])
    phones = {s.phone for s in existing}
    slots = [(subject, gender) for subject, count, women in SUBJECT_PLAN
             for gender in ["F"] * women + ["M"] * (count - women)]
    buckets = [bucket for bucket, count in BIRTH_BUCKETS for _ in range(count)]
    added = 0
    for number in range(len(existing) + 1, total + 1):
        subject, gender = rng.choice(slots)
        low, high = rng.choice(buckets)
        year = rng.randint(low, high)
        if gender == "F" and year < 1971:
            year = rng.randint(1971, 1979)
        person = Person(gender, subject, date(year, 1, 1).replace(day=rng.randint(1, 28), month=rng.randint(1, 12)),
                        _arrival(rng, year))
        if rng.random() < 0.05:
            person.arrival_date = date(2026, 9, 1)  # this semester's newcomers, about as many as in the demo
        person.grade_band = "" if subject in NON_TEACHING else rng.choice(GRADE_BANDS)
        person.is_backbone = subject not in NON_TEACHING and year <= 1992 and chance(rng, 0.22)
        person.is_famous = person.is_backbone and chance(rng, 0.25)
        person.title = _title(person, rng)
        person.political_status = _politics(rng, year)
        person.name = names.make(gender, year)
        while not person.phone or person.phone in phones:
            person.phone = "1" + rng.choice("358") + "".join(rng.choice("0123456789") for _ in range(9))
        phones.add(person.phone)
        full, initials = search_keys(person.name)
        rows.add(Staff, staff_no=f"T{number:04d}", name=person.name, gender=gender, birth_date=person.birth_date,
                 phone=person.phone, subject=subject, grade_band=person.grade_band, title=person.title,
                 is_backbone=person.is_backbone, is_famous=person.is_famous, is_special_grade=False,
                 political_status=person.political_status, arrival_date=person.arrival_date, role="teacher",
                 password_hash=template, must_change_password=False, is_active_member=not chance(rng, 0.03),
                 failed_logins=0, pinyin_full=full, pinyin_initials=initials, created_at=NOW, updated_at=NOW)
        added += 1
    rows.flush()
    return added


def _politics(rng: random.Random, year: int) -> str:
    """About one in six a Party member, young ones often League members, as in the demo."""
    roll = rng.random()
    if roll < 0.15:
        return "正式党员"
    if roll < 0.17 and year >= 1995:
        return "预备党员"
    if roll < 0.2:
        return rng.choice(["入党积极分子", "发展对象"])
    if year >= 1998 and roll < 0.55:
        return "团员"
    return "群众"


def add_groups(rows: Rows, rng: random.Random, members: list[Member], total: int) -> int:
    """Teaching-research and grade groups, Party cells, studios and clubs up to `total` groups, with members."""
    session = rows.session
    groups = {g.name: g.id for g in session.scalars(select(Group))}
    taken = {(m.group_id, m.staff_id) for m in session.scalars(select(Membership))}
    active = [m for m in members if m.active]

    def join(group_id: int, people: list[Member], leader: Member | None = None) -> None:
        for person in ([leader] if leader else []) + people:
            if (group_id, person.id) not in taken:
                taken.add((group_id, person.id))
                rows.add(Membership, group_id=group_id, staff_id=person.id, is_leader=person is leader, created_at=NOW)

    def group(name: str, kind: str, description: str) -> int:
        groups[name] = rows.add(Group, name=name, kind=kind, description=description, is_active=True, created_at=NOW)
        return groups[name]

    # The demo's mass organisations take in the new staff as the demo's rules would.
    join(groups["党支部"], [m for m in active if m.party])
    join(groups["工会"], [m for m in active if m.arrival and m.arrival < date(2026, 9, 1)])
    join(groups["妇委会"], [m for m in active if m.gender == "F"])
    join(groups["团支部"], [m for m in active if m.status == "团员"])
    teachers = [m for m in active if m.teaches]
    for subject in sorted({m.subject for m in teachers}):
        for band in GRADE_BANDS:
            people = [m for m in teachers if m.subject == subject and m.band == band]
            if people:
                lead = next((m for m in people if m.backbone), people[0])
                join(group(f"{subject}{band}教研组", "team", f"{subject}学科{band}的集体备课与教研。"),
                     [m for m in people if m is not lead], lead)
    for grade, band in BANDS_OF_GRADES.items():
        people = [m for m in teachers if m.band == band and (m.id % 2 == 0) == (grade in "二四六")]
        join(group(f"{grade}年级组", "team", f"{grade}年级的任课教师。"), people[1:], people[0])
    party = [m for m in active if m.party]
    for cell in range(10):
        people = party[cell::10]
        join(group(f"第{NUMERALS[cell]}党小组", "party", "党支部下设的党小组。"), people[1:], people[0])
    for lead in [m for m in teachers if m.famous][:20]:
        young = [m for m in teachers if m.subject == lead.subject and m.birth and m.birth.year >= 1993]
        join(group(f"{lead.name}名师工作室", "studio", "名师领衔，带教青年教师。"), rng.sample(young, min(10, len(young))), lead)
    for name in CLUBS:
        people = rng.sample(active, rng.randint(12, 30))
        join(group(name, "arts", "教职工文体社团。"), people[1:], people[0])
    cohort = 0
    while len(groups) < total:
        cohort += 1
        year = 2025 - (cohort - 1) % 12
        people = [m for m in teachers if m.arrival and m.arrival.year == year]
        if len(people) < 2:
            people = rng.sample(teachers, 12)
        join(group(f"青年教师成长营第{cohort}期", "team", f"{year}年入职教师的三年成长计划。"), people[1:], people[0])
    rows.flush()
    return len(groups)


def add_codes(rows: Rows, rng: random.Random, members: list[Member]) -> None:
    """A personal kiosk sign-in code for every active person who has none yet."""
    session = rows.session
    have = set(session.scalars(select(SignInCode.staff_id)))
    codes = set(session.scalars(select(SignInCode.code)))
    for person in members:
        if person.id in have or not person.active:
            continue
        code = ""
        while not code or code in codes or not any(ch in DIGITS for ch in code):
            code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        codes.add(code)
        rows.add(SignInCode, staff_id=person.id, code=code, issued_at=NOW, generation=1)
    rows.flush()
