"""Demo events of the current semester (2026-09-01 .. 2027-01-22, "today" 2026-11-25): every kind, past ones
held with attendance and a summary, coming ones with registrations, one full with a waiting list, one
cancelled, a red-education trip under way with its 八个一 half ticked, and the monthly 妇女之家."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Group, Membership, Staff
from blueprints.events.audience import audience_problem
from blueprints.events.checklist import add_speaker, checklist_of, toggle_item
from blueprints.events.clock import to_utc
from blueprints.events.models import Event
from blueprints.events.operations import cancel_event, create_event, record_attendance, record_summary
from blueprints.events.registration import register, withdraw
from demo.school import demo_logins

SEED = 2026_30
#: The demo's "now": 2026-11-25 10:00 in Beijing.
DEMO_NOW = to_utc(datetime(2026, 11, 25, 10, 0))

# title, kind, group, day, start, end, place, audience (all/women/party/young/group names), capacity, hours, dimension
EVENTS = [
    ("教师成长沙龙：新学期，新课堂", "growth_salon", "特级教师工作室", "2026-09-09", "15:30", "17:00", "三楼录播室", "all", 40, "1.5", ""),
    ("妇女之家：中秋手作月饼", "womens_home", "妇委会", "2026-09-16", "15:30", "17:00", "教工之家", "women", 30, "0", ""),
    ("名师微讲坛：做有温度的教育", "micro_lecture", "名师工作室", "2026-09-23", "15:40", "16:40", "学术报告厅", "all", None, "1", "thought"),
    ("少先队建队日：红领巾心向党", "pioneer_activity", "少先队大队", "2026-10-13", "14:00", "15:30", "学校操场", "少先队大队", None, "0", ""),
    ("妇女之家：秋日瑜伽体验", "womens_home", "妇委会", "2026-10-14", "15:30", "17:00", "形体房", "women", 25, "0", ""),
    ("分享收获大舞台：我的第一次公开课", "sharing_stage", "名师工作室", "2026-10-15", "15:40", "17:00", "学术报告厅", "all", None, "1", ""),
    ("红色教育：重走红军创业路", "red_education", "党支部", "2026-10-17", "07:30", "17:30", "开化县苏庄镇革命老区", "party", 40, "6", ""),
    ("名师微讲坛：大单元教学设计", "micro_lecture", "名师工作室", "2026-10-21", "15:40", "16:40", "学术报告厅", "all", None, "1", "teaching"),
    ("读书沙龙：《给教师的建议》共读", "reading_salon", "特级教师工作室", "2026-10-28", "15:30", "17:00", "图书馆阅览室", "all", 25, "1.5", ""),
    ("工会活动：教职工趣味运动会", "union_activity", "工会", "2026-10-30", "13:30", "16:30", "学校操场", "all", None, "0", ""),
    ("青年论坛：教育工作者能为国家公园做些什么", "youth_forum", "团支部", "2026-11-04", "15:30", "17:00", "三楼会议室", "young", 40, "1.5", ""),
    ("拓展培训：野外拓展训练", "outward_training", "工会", "2026-11-07", "08:00", "16:00", "钱江源国家公园拓展基地", "all", 60, "4", ""),
    ("合唱团排练：《我和我的祖国》", "choir_rehearsal", "女教师合唱团", "2026-11-10", "16:30", "17:40", "音乐教室", "女教师合唱团", None, "0", ""),
    ("妇女之家：插花与茶艺", "womens_home", "妇委会", "2026-11-11", "15:30", "17:00", "教工之家", "women", 30, "0", ""),
    ("党员学习：重温入党誓词，学习党章", "party_study", "党支部", "2026-11-12", "15:40", "17:00", "党员活动室", "party", None, "1", ""),
    ("排球队训练：发球与一传", "volleyball_training", "女教师排球队", "2026-11-12", "16:30", "18:00", "体育馆", "女教师排球队", None, "0", ""),
    ("合唱团排练：声部合练", "choir_rehearsal", "女教师合唱团", "2026-11-17", "16:30", "17:40", "音乐教室", "女教师合唱团", None, "0", ""),
    ("名师微讲坛：班主任的一天", "micro_lecture", "名师工作室", "2026-11-18", "15:40", "16:40", "学术报告厅", "all", None, "1", "management"),
    ("排球队训练：比赛阵型", "volleyball_training", "女教师排球队", "2026-11-19", "16:30", "18:00", "体育馆", "女教师排球队", None, "0", ""),
    ("合唱团排练：比赛曲目走台", "choir_rehearsal", "女教师合唱团", "2026-11-24", "16:30", "17:40", "学术报告厅", "女教师合唱团", None, "0", ""),
    ("红色教育：“八个一”体验活动", "red_education", "党支部", "2026-11-25", "07:30", "17:30", "开化县革命烈士纪念馆", "party", 45, "6", ""),
    ("排球队训练：教工联赛热身", "volleyball_training", "女教师排球队", "2026-11-26", "16:30", "18:00", "体育馆", "女教师排球队", None, "0", ""),
    ("合唱团排练：县赛前最后一练", "choir_rehearsal", "女教师合唱团", "2026-12-01", "16:30", "17:40", "音乐教室", "女教师合唱团", None, "0", ""),
    ("教师成长沙龙：作业设计与减负提质", "growth_salon", "特级教师工作室", "2026-12-02", "15:30", "17:00", "三楼录播室", "all", 20, "1.5", ""),
    ("妇女之家：冬日暖心编织", "womens_home", "妇委会", "2026-12-09", "15:30", "17:00", "教工之家", "women", 30, "0", ""),
    ("工会活动：教职工篮球友谊赛", "union_activity", "工会", "2026-12-12", "14:00", "16:30", "体育馆", "all", None, "0", ""),
    ("名师微讲坛：赴杭州跟岗学习见闻", "micro_lecture", "名师工作室", "2026-12-16", "15:40", "16:40", "学术报告厅", "all", None, "1", "observation"),
    ("分享收获大舞台：师徒结对这一学期", "sharing_stage", "师徒帮扶工作队", "2026-12-23", "15:40", "17:00", "学术报告厅", "all", None, "1", ""),
    ("党员学习：年终组织生活会", "party_study", "党支部", "2026-12-30", "15:40", "17:30", "党员活动室", "party", None, "1.5", ""),
    ("读书沙龙：寒假共读书目推荐", "reading_salon", "团支部", "2027-01-08", "15:30", "16:30", "图书馆阅览室", "all", 30, "1", ""),
    ("妇女之家：新年茶话会", "womens_home", "妇委会", "2027-01-13", "15:30", "17:00", "教工之家", "women", None, "0", ""),
    ("少先队活动：争做国家公园形象使者", "pioneer_activity", "少先队大队", "2027-01-15", "14:00", "15:30", "学校操场", "少先队大队", None, "0", ""),
]

GUESTS = {
    "红色教育：重走红军创业路": ("周建华", "开化县党史研究室", "苏庄革命老区的红色故事"),
    "红色教育：“八个一”体验活动": ("余晓燕", "开化县革命烈士纪念馆", "党史党建知识现场教学"),
    "拓展培训：野外拓展训练": ("徐教练", "钱江源拓展基地", "团队协作与信任"),
}
BLURBS = {
    "growth_salon": "特级教师工作室定期举办的教师成长沙龙，给每位教师搭建发表意见、畅谈感受的平台。",
    "micro_lecture": "名师从思想引领、教学研究、教育管理、教育见闻四个维度之一阐述独到见解。",
    "sharing_stage": "校内骨干教师在“大舞台”上分享教育智慧，欢迎青年教师带着问题来。",
    "reading_salon": "共读一本书，交流心得，互相帮助，彼此鼓励。",
    "youth_forum": "青年教师围绕学校中心工作建言献策。",
    "outward_training": "党建带工建：在拓展训练中激发活力、凝聚团队。",
    "party_study": "党员集体学习，请带好党员学习笔记本。",
    "red_education": "全体党员赴革命老区开展“八个一”体验活动，统一乘车，请提前十分钟集合。",
    "union_activity": "工会组织的教职工活动，欢迎大家踊跃参加。",
    "womens_home": "每月一次的妇女之家活动，丰富女教职工的业余生活。",
    "choir_rehearsal": "青年女教师合唱团例行排练，请团员准时参加。",
    "volleyball_training": "女教师排球队例行训练，请穿运动鞋。",
    "pioneer_activity": "党建带队建：青年教师带领少先队员共同进步。",
}
SUMMARIES = {
    "growth_salon": "{n} 位老师参加。围绕“{t}”交流课堂实践，工作室领衔人逐一点评，约定下次沙龙带着课例来。",
    "micro_lecture": "主讲老师结合自身经历作了分享，{n} 位老师到场聆听并提问交流，讲稿已存入工作室资料库。",
    "sharing_stage": "{n} 位老师到场。青年教师分享了成长收获，骨干教师现场点评，营造相互督促、和谐共进的“家文化”。",
    "reading_salon": "{n} 位老师共读交流，每人分享一条对自己最有启发的建议，并写下本学期的读书计划。",
    "youth_forum": "{n} 位青年教师围绕主题畅所欲言，形成建议 12 条，已整理报党支部。",
    "outward_training": "{n} 位教职工参加野外拓展，完成信任背摔、毕业墙等项目，增强了团队凝聚力。",
    "party_study": "{n} 名党员参加。重温入党誓词，集体学习党章，并结合学校五年发展规划开展讨论。",
    "red_education": "{n} 名党员教师参加，完成“八个一”体验活动，现场聆听党史教学课，参观革命旧址陈列馆。",
    "union_activity": "{n} 位教职工参加，设拔河、跳绳、托球跑等项目，赛出了风格，也赛出了友谊。",
    "womens_home": "{n} 位女教职工参加，活动轻松温馨，大家纷纷表示期待下个月的妇女之家。",
    "choir_rehearsal": "{n} 位团员参加排练，完成声部合练，指挥提出了下一次排练的重点。",
    "volleyball_training": "{n} 位队员参加训练，重点练习了发球和一传，为教工联赛做准备。",
    "pioneer_activity": "青年教师带领少先队员开展活动，{n} 位辅导员老师到场指导。",
}


def _at(day: str, clock: str) -> datetime:
    return to_utc(datetime.combine(date.fromisoformat(day), time.fromisoformat(clock)))


def seed(session: Session) -> str:
    """Add the semester's events with registrations, attendance and summaries; returns a one-line summary."""
    rng = random.Random(SEED)
    groups = {g.name: g for g in session.scalars(select(Group))}
    staff = list(session.scalars(select(Staff).where(Staff.is_active_member.is_(True)).order_by(Staff.staff_no)))
    group_ids: dict[int, set[int]] = {}
    leaders: dict[int, Staff] = {}
    for m in session.scalars(select(Membership)):
        group_ids.setdefault(m.staff_id, set()).add(m.group_id)
        if m.is_leader:
            leaders.setdefault(m.group_id, m.staff)
    admin = next(s for s in staff if s.is_admin)
    famous = [s for s in staff if s.is_famous or s.is_special_grade]
    demo_teacher = session.scalar(select(Staff).where(Staff.staff_no == demo_logins(session)[-1].staff_no))
    counts = {"events": 0, "held": 0, "registrations": 0, "attendance": 0}

    for title, kind, group_name, day, start, end, place, audience, capacity, hours, dimension in EVENTS:
        group = groups[group_name]
        organiser = leaders.get(group.id, admin)
        starts_at, ends_at = _at(day, start), _at(day, end)
        values = {
            "kind": kind, "dimension": dimension, "group_id": group.id, "title": title, "place": place,
            "description": BLURBS[kind],
            "starts_at": starts_at, "ends_at": ends_at,
            "audience": audience if audience in ("all", "women", "party", "young") else "groups",
            "audience_group_ids": [] if audience in ("all", "women", "party", "young") else [groups[audience].id],
            "capacity": capacity, "walk_ins_allowed": capacity is None, "training_hours": Decimal(hours),
            "registration_opens_at": starts_at - timedelta(days=14) if kind == "party_study" else None,
        }
        event = create_event(values, organiser, starts_at - timedelta(days=21))
        _add_speakers(event, kind, title, organiser, famous, rng)
        counts["events"] += 1
        eligible = [s for s in staff if audience_problem(event, s, group_ids.get(s.id, set())) is None]
        counts["registrations"] += _register(event, eligible, demo_teacher, rng)
        if ends_at < DEMO_NOW:
            counts["attendance"] += _attend(event, eligible, organiser, rng)
            record_summary(event, SUMMARIES[kind].format(n=len(event.attendances), t=title.split("：")[-1]), True,
                           ends_at + timedelta(hours=2), organiser)
            counts["held"] += 1
        elif starts_at < DEMO_NOW:  # the red-education trip under way: half the 八个一 ticked so far
            counts["attendance"] += _attend(event, eligible, organiser, rng)
            for item in checklist_of(event)[:4]:
                toggle_item(item, starts_at + timedelta(minutes=30 + 40 * item.position), organiser)
        if title == "工会活动：教职工篮球友谊赛":
            cancel_event(event, DEMO_NOW - timedelta(hours=20), "体育馆屋顶维修，改期另行通知")
    session.flush()
    return (f"活动 {counts['events']} 个（已举行 {counts['held']} 个），报名 {counts['registrations']} 人次，"
            f"签到 {counts['attendance']} 人次；一个沙龙已满并有候补，一个活动已取消")


def _add_speakers(event: Event, kind: str, title: str, organiser: Staff, famous: list[Staff], rng: random.Random) -> None:
    if title in GUESTS:
        name, affiliation, topic = GUESTS[title]
        add_speaker(event, staff=None, guest_name=name, guest_affiliation=affiliation, topic=topic)
    elif kind == "micro_lecture":
        add_speaker(event, staff=rng.choice(famous), guest_name="", guest_affiliation="", topic=title.split("：")[-1])
    elif kind in ("growth_salon", "reading_salon", "sharing_stage", "party_study"):
        add_speaker(event, staff=organiser, guest_name="", guest_affiliation="", topic="主持与点评")


def _register(event: Event, eligible: list[Staff], demo_teacher: Staff, rng: random.Random) -> int:
    """Registrations a week or two before the event; the full salon gets a waiting list and one who moves up."""
    opens = event.registration_opens_at or event.starts_at - timedelta(days=14)
    if event.title == "教师成长沙龙：作业设计与减负提质":
        others = [s for s in eligible if s is not demo_teacher]
        people = rng.sample(others, event.capacity) + [demo_teacher] + rng.sample(others, 3)
        people = list(dict.fromkeys(people))
    else:
        share = 0.9 if event.audience in ("groups", "party") else rng.uniform(0.25, 0.6)
        wanted = min(len(eligible), int(len(eligible) * share), (event.capacity or 999) - rng.randint(0, 4))
        people = rng.sample(eligible, max(wanted, 0))
        if event.title == "工会活动：教职工篮球友谊赛" and demo_teacher not in people:
            people.append(demo_teacher)  # so the demo teacher also sees a cancellation notice
    for i, person in enumerate(people):
        register(event, person, opens + timedelta(minutes=37 * i))
    if event.title == "教师成长沙龙：作业设计与减负提质":
        withdraw(event, people[2], DEMO_NOW - timedelta(hours=1))  # the demo teacher moves up
    return len(people)


def _attend(event: Event, eligible: list[Staff], organiser: Staff, rng: random.Random) -> int:
    """Most registered people came, signed in by hand; some walk-ins where allowed."""
    seated = [r.staff for r in event.registrations if r.status == "registered"]
    came = [p for p in seated if rng.random() < 0.88]
    if event.walk_ins_allowed:
        came += rng.sample([p for p in eligible if p not in seated], min(3, len(eligible) - len(seated)))
    for i, person in enumerate(came):
        record_attendance(event, person, event.starts_at - timedelta(minutes=10) + timedelta(seconds=40 * i),
                          source="hand", by=organiser)
    return len(came)
