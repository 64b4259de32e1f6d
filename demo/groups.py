"""The ten demo groups — Party branch, mass organisations, studios, teams — with leaders and members."""
from __future__ import annotations

import random
from collections.abc import Callable

from blueprints.accounts.models import Group, Membership, Staff
from demo.roster import NEWCOMER_ARRIVAL, THIS_YEAR

#: name, kind, one sentence in the spirit of the seed document.
GROUPS = [
    ("党支部", "party", "以青春党建为主题，整合工青妇群团资源，构建“双引领双互助”帮带模式。"),
    ("工会", "union", "党建带工建：组织趣味运动会、野外拓展训练，让青年教师成为校园里最靓丽的音符。"),
    ("妇委会", "women", "党建带妇建：举办每月一次的妇女之家活动，丰富青年女教师的业余生活。"),
    ("团支部", "youth", "实施“星火计划”，把优秀青年紧紧凝聚在党组织周围。"),
    ("少先队大队", "pioneers", "党建带队建：青年教师带领少先队员争做国家公园形象使者。"),
    ("特级教师工作室", "studio", "定期举办“教师成长沙龙”，增强青年教师驾驭课堂的能力。"),
    ("名师工作室", "studio", "通过“名师微讲坛”和“分享收获大舞台”，从思想引领、教学研究、教育管理、教育见闻四个维度分享教育智慧。"),
    ("女教师合唱团", "arts", "青年女教师合唱团，曾3次荣获全县第一名，两次代表开化参加市级比赛。"),
    ("女教师排球队", "arts", "女教师排球队：在训练和比赛中强健体魄、凝聚团队。"),
    ("师徒帮扶工作队", "team", "开学初为每位新调入的教师量身选定一名师德高尚、业务精湛的师傅，手把手指导业务成长。"),
]

CHOIR_SIZE = 25
VOLLEYBALL_SIZE = 12
PIONEER_TEAM_SIZE = 12
SPECIAL_STUDIO_SIZE = 10
FAMOUS_STUDIO_SIZE = 12


def build_groups(staff: list[Staff], named: dict[str, Staff], rng: random.Random) -> list[Group]:
    """The groups with their memberships; `named` maps a part ("secretary", ...) to the person playing it."""
    pick = _Picker(staff, rng)
    women = [s for s in staff if s.gender == "F"]
    backbone = [s for s in staff if s.is_backbone]
    newcomers = [s for s in staff if s.arrival_date == NEWCOMER_ARRIVAL]
    special_lead, famous_lead = named["special_grade"], named["famous_lead"]
    youth_lead = pick.first(lambda s: s.political_status == "预备党员")  # keeps League membership
    choir_lead = pick.first(lambda s: s.gender == "F" and s.subject == "音乐" and not s.is_famous)
    volleyball_lead = pick.first(lambda s: s.gender == "F" and s.subject == "体育")
    pioneer_lead = pick.first(lambda s: _teaches(s, "语文", "数学") and 1995 <= _born(s) <= 2000)

    members = {
        "党支部": (named["secretary"], [s for s in staff if s.is_party_member]),
        "工会": (named["union_lead"], [s for s in staff if s.arrival_date != NEWCOMER_ARRIVAL]),
        "妇委会": (named["women_lead"], women),
        "团支部": (youth_lead, [s for s in staff if s.political_status == "团员"]),
        "少先队大队": (pioneer_lead, pick.some(
            lambda s: s is not pioneer_lead and _teaches(s, "语文", "数学", "英语", "道德与法治") and _born(s) >= 1990,
            PIONEER_TEAM_SIZE - 1,
        )),
        "特级教师工作室": (special_lead, _team(
            special_lead,
            [named["cheng_fei"]] + [s for s in backbone if s.subject == special_lead.subject],
            pick.some(lambda s: s.subject == special_lead.subject and _born(s) >= 1995, SPECIAL_STUDIO_SIZE),
            SPECIAL_STUDIO_SIZE,
        )),
        "名师工作室": (famous_lead, _team(
            famous_lead,
            [s for s in staff if s.is_famous and not s.is_special_grade]
            + pick.some(lambda s: s.is_backbone and not s.is_famous and _teaches(s, "数学", "英语"), 3),
            pick.some(lambda s: _teaches(s) and _born(s) >= 1993, FAMOUS_STUDIO_SIZE),
            FAMOUS_STUDIO_SIZE,
        )),
        "女教师合唱团": (choir_lead, _team(
            choir_lead,
            [s for s in women if s.subject == "音乐"],
            pick.some(lambda s: s.gender == "F" and _born(s) >= 1990, CHOIR_SIZE),
            CHOIR_SIZE,
        )),
        "女教师排球队": (volleyball_lead, pick.some(
            lambda s: s is not volleyball_lead and s.gender == "F" and 1985 <= _born(s) <= 2001,
            VOLLEYBALL_SIZE - 1,
        )),
        "师徒帮扶工作队": (named["mentor_lead"], backbone + newcomers),
    }

    groups = []
    for name, kind, description in GROUPS:
        leader, people = members[name]
        group = Group(name=name, kind=kind, description=description)
        group.memberships.append(Membership(staff=leader, is_leader=True))
        for person in _unique(p for p in people if p is not leader):
            group.memberships.append(Membership(staff=person, is_leader=False))
        groups.append(group)
    return groups


def _born(staff: Staff) -> int:
    return staff.birth_date.year if staff.birth_date else THIS_YEAR


# Identity, not ==: Flask-Login's UserMixin compares people by id, and before a flush every id is None.
def _unique(people) -> list[Staff]:
    seen: dict[int, Staff] = {}
    for person in people:
        seen.setdefault(id(person), person)
    return list(seen.values())


def _teaches(staff: Staff, *subjects: str) -> bool:
    """A class teacher (not office or support staff), of one of the subjects if any are given."""
    return bool(staff.grade_band) and (not subjects or staff.subject in subjects)


def _team(leader: Staff, core: list[Staff], extra: list[Staff], size: int) -> list[Staff]:
    """The leader's team of `size`: the core people first, topped up from `extra`."""
    return _unique([leader] + core + extra)[:size]


class _Picker:
    """Deterministic choices from the staff list (which is in staff-number order)."""

    def __init__(self, staff: list[Staff], rng: random.Random) -> None:
        self.staff = staff
        self.rng = rng

    def first(self, wanted: Callable[[Staff], bool]) -> Staff:
        return next(s for s in self.staff if wanted(s) and s.role != "admin")

    def some(self, wanted: Callable[[Staff], bool], count: int) -> list[Staff]:
        pool = [s for s in self.staff if wanted(s)]
        return self.rng.sample(pool, min(count, len(pool)))
