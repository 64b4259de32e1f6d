"""Demo 最美教师 selections: 2025 and 2026 finished in September (10 confirmed honours each), and the
2027 selection with its year-round nomination window open now (demo "today" is 2026-11-25).

Why 2027 and not 2026: Teachers' Day (10 September) is behind the demo's today, so a realistic school
has finished this year's selection; the school opens next year's nominations early and keeps them open
until summer, so colleagues can put someone forward whenever they see something worth telling. The
admin has already reviewed some of them: accepted (two merged into one candidacy), refused, waiting."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Staff
from blueprints.core.clock import to_utc
from blueprints.selection.models import ACCEPTED, PENDING, REFUSED, Ballot, Candidate, Nomination, Selection, Vote
from blueprints.selection.results import confirm
from blueprints.selection.rules import default_settings
from demo.school import SCHOOL_NAME

SEED = 2026_0909
NOTE = ("每年教师节前评选校级最美教师 10 名。被提名人须为在岗教职工，校级领导不参评；当选者两年内不重复参评。"
        "每位教职工最多投 10 票，每位候选人最多一票，投票保密。")

REASONS = [
    "担任寄宿班班主任{n}年，每天晚上查寝到十点，孩子生病总是第一个陪着去医院。",
    "带的班级是全校有名的书香班，每天中午陪孩子们读书，班里孩子{n}人次在报刊发表习作。",
    "主动承担留守儿童结对帮扶，周末常把家远的孩子接到家里吃饭、辅导作业。",
    "作为师傅悉心带教{n}名新教师，听课、磨课、改教案从不推辞，徒弟们都在县里的比赛中获奖。",
    "课堂幽默风趣，学生最喜欢上她的课；坚持每天批改日记并写评语。",
    "身体不适仍坚持上完一学期的课，从不耽误学生一节课，同事们都很感动。",
    "组织学生参加“国家公园小小讲解员”活动，带着孩子们走进古田山，用心培养学生热爱家乡。",
    "默默承担学校最多的课时和晚自习值班，任劳任怨，是年轻老师眼中的“定海神针”。",
    "对学困生从不放弃，利用课余时间一对一辅导，班上{n}名学生成绩明显进步。",
    "带领学生社团在县里的比赛中获奖，训练常常持续到天黑。",
]

#: Candidates by staff number, with the total votes each received (ties on purpose, none at the 10th seat).
RESULTS = {
    2025: [("T0040", 101), ("T0005", 96), ("T0023", 92), ("T0019", 84), ("T0066", 84), ("T0045", 77), ("T0101", 71),
           ("T0010", 66), ("T0089", 60), ("T0073", 57), ("T0053", 51), ("T0057", 44), ("T0036", 38), ("T0085", 31),
           ("T0029", 25)],
    2026: [("T0022", 104), ("T0063", 95), ("T0011", 95), ("T0007", 88), ("T0049", 81), ("T0027", 77), ("T0024", 70),
           ("T0093", 70), ("T0118", 63), ("T0058", 59), ("T0087", 54), ("T0033", 48), ("T0047", 40), ("T0076", 36)],
}
REFUSED_NOMINEES = {
    2025: [("T0012", "赵斌老师为学校中层行政，按评选方案不参评，感谢您的推荐。")],
    2026: [("T0001", "校级领导不参评最美教师，感谢您的推荐。"), ("T0040", "李月琴老师已获评2025年度校级最美教师，按方案两年内不重复参评。")],
}
#: 2027, nominations open now: (nominee, nominators, status, refusal).
OPEN_NOMINATIONS = [
    ("T0095", ["T0093", "T0105"], PENDING, ""),
    ("T0114", ["T0115"], PENDING, ""),
    ("T0120", ["T0051"], PENDING, ""),
    ("T0059", ["T0080"], ACCEPTED, ""),
    ("T0104", ["T0065", "T0103"], ACCEPTED, ""),
    ("T0008", ["T0073"], ACCEPTED, ""),
    ("T0022", ["T0067"], REFUSED, "吴晓燕老师已获评2026年度校级最美教师，按方案两年内不重复参评。"),
]


def _at(day: date, hour: int = 10) -> datetime:
    return to_utc(datetime.combine(day, time(hour, 0)))


def _reason(rng: random.Random) -> str:
    return rng.choice(REASONS).format(n=rng.randint(2, 12))


def _selection(year: int) -> Selection:
    s = default_settings(year)
    return Selection(year=year, title=s.title, nominate_from=s.nominate_from, nominate_until=s.nominate_until,
                     vote_from=s.vote_from, vote_until=s.vote_until, award_on=s.award_on, votes_per_voter=10, seats=10,
                     note=NOTE, created_at=_at(date(year, 8, 15)))


def _nominate(session, rng, selection, nominee, nominators, status, admin, day, refusal="", candidate=None):
    for nominator in nominators:
        session.add(Nomination(
            selection_id=selection.id, nominee_id=nominee.id, nominator_id=nominator.id, reason=_reason(rng),
            status=status, candidate=candidate, decision_reason=refusal, created_at=_at(day, rng.randint(8, 21)),
            decided_by_id=admin.id if status != PENDING else None,
            decided_at=_at(day + timedelta(days=1), 16) if status != PENDING else None,
        ))


def _votes(session: Session, rng: random.Random, selection: Selection, totals: list[tuple[Candidate, int]], voters: list[Staff]) -> int:
    """Hand out exactly each candidate's total among the voters: at most 10 each, one per candidate, never oneself."""
    left = {v.id: selection.votes_per_voter for v in voters}
    rows = []
    for candidate, total in totals:
        pool = [v for v in voters if v.id != candidate.staff_id and left[v.id]]
        rng.shuffle(pool)
        pool.sort(key=lambda v: -left[v.id])  # the fullest ballots first: every total fits
        for voter in pool[:total]:
            left[voter.id] -= 1
            rows.append({"selection_id": selection.id, "voter_id": voter.id, "candidate_id": candidate.id})
    session.execute(insert(Vote), rows)
    used = {v.id: selection.votes_per_voter - left[v.id] for v in voters}
    session.execute(insert(Ballot), [
        {"selection_id": selection.id, "voter_id": voter_id, "votes_cast": n, "updated_at": _at(selection.vote_from, 12)}
        for voter_id, n in used.items() if n
    ])
    return len(rows)


def _finished(session, rng, year: int, staff: dict[str, Staff], admin: Staff) -> int:
    selection = _selection(year)
    session.add(selection)
    session.flush()
    active = [s for s in staff.values() if s.arrival_date and s.arrival_date <= date(year, 8, 31)]
    candidates = []
    for no, _total in RESULTS[year]:
        nominee = staff[no]
        candidate = Candidate(selection_id=selection.id, staff=nominee, reason=_reason(rng), created_at=_at(date(year, 9, 1), 8))
        session.add(candidate)
        nominators = rng.sample([s for s in active if s is not nominee], rng.randint(1, 4))
        _nominate(session, rng, selection, nominee, nominators, ACCEPTED, admin, date(year, 8, rng.randint(20, 28)),
                  candidate=candidate)
        candidates.append(candidate)
    for no, refusal in REFUSED_NOMINEES[year]:
        nominee = staff[no]
        _nominate(session, rng, selection, nominee, rng.sample([s for s in active if s is not nominee], 1), REFUSED,
                  admin, date(year, 8, 25), refusal=refusal)
    session.flush()
    # About nine in ten colleagues vote; a few use fewer than their ten votes.
    voters = rng.sample(active, round(len(active) * 0.88))
    votes = _votes(session, rng, selection, list(zip(candidates, (t for _no, t in RESULTS[year]))), voters)
    session.flush()
    chosen = {c.id for c, (_no, _t) in zip(candidates, RESULTS[year][:selection.seats])}
    confirm(selection, chosen, admin=admin, school=SCHOOL_NAME, today=date(year, 9, 8), now=_at(date(year, 9, 8), 15))
    return votes


def seed(session: Session) -> str:
    """Add the three selections; flushes, the caller commits."""
    rng = random.Random(SEED)
    staff = {s.staff_no: s for s in session.scalars(select(Staff).where(Staff.is_active_member.is_(True)))}
    admin = staff["T0001"]
    votes = {year: _finished(session, rng, year, staff, admin) for year in (2025, 2026)}

    upcoming = _selection(2027)
    upcoming.title = "2027年度校级最美教师评选"
    upcoming.nominate_from, upcoming.nominate_until = date(2026, 11, 16), date(2027, 6, 30)
    upcoming.note = NOTE + "本届起提名全年开放：身边的好老师，随时提名。"
    upcoming.created_at = _at(date(2026, 11, 13))
    session.add(upcoming)
    session.flush()
    for index, (no, nominators, status, refusal) in enumerate(OPEN_NOMINATIONS):
        nominee = staff[no]
        candidate = None
        if status == ACCEPTED:
            candidate = Candidate(selection_id=upcoming.id, staff=nominee, reason=_reason(rng), created_at=_at(date(2026, 11, 20)))
            session.add(candidate)
        _nominate(session, rng, upcoming, nominee, [staff[n] for n in nominators], status, admin,
                  date(2026, 11, 16 + index), refusal=refusal, candidate=candidate)
    session.flush()
    return (f"最美教师：2025、2026 年度评选已完成（各当选 10 名，投票 {votes[2025]}、{votes[2026]} 票），"
            f"2027 年度提名进行中（{sum(len(n) for _no, n, *_r in OPEN_NOMINATIONS)} 条提名）")
