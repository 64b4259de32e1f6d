"""A pairing's story in one list: state changes, evaluations, awards and a line per month of sessions, newest first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from blueprints.honours.models import Award
from blueprints.pairings.models import MentoringLog, Pairing


@dataclass(frozen=True)
class Entry:
    when: date
    order: datetime  #: to sort entries of the same day
    kind: str  #: state / log / evaluation / award, used as a CSS hook
    text: str
    detail: str = ""


def timeline_of(pairing: Pairing, logs: list[MentoringLog], awards: list[Award]) -> list[Entry]:
    """Merge everything that happened to a pairing into one list, newest first."""
    entries = []
    for event in pairing.events:
        who = event.actor.name if event.actor else "系统"
        text = f"{who} 创建结对（草稿）" if event.from_state is None else f"{who} 将结对设为「{event.to_label}」"
        entries.append(Entry(event.at.date(), event.at, "state", text, event.reason))
    entries.extend(_monthly(logs))
    for evaluation in pairing.evaluations:
        label = "师傅评价徒弟" if evaluation.side == "mentor" else "徒弟评价带教"
        entries.append(
            Entry(evaluation.updated_at.date(), evaluation.updated_at, "evaluation", f"{label}（平均 {evaluation.average} 分）")
        )
    for award in awards:
        entries.append(Entry(award.awarded_on, award.created_at, "award", f"获奖：{award.summary}", award.issuer))
    entries.sort(key=lambda e: (e.when, e.order), reverse=True)
    return entries


def _monthly(logs: list[MentoringLog]) -> list[Entry]:
    """One entry per month of sessions (the logs themselves are listed beside the timeline)."""
    months: dict[tuple[int, int], list[MentoringLog]] = {}
    for log in logs:
        months.setdefault((log.held_on.year, log.held_on.month), []).append(log)
    entries = []
    for (year, month), group in months.items():
        last = max(group, key=lambda log: (log.held_on, log.created_at))
        confirmed = sum(log.is_confirmed for log in group)
        minutes = sum(log.duration_minutes for log in group)
        by_mentor = sum(log.author_side == "mentor" for log in group)
        text = f"{month}月帮扶 {len(group)} 次，共 {minutes} 分钟（师傅记录 {by_mentor} 次，徒弟记录 {len(group) - by_mentor} 次）"
        detail = f"已确认 {confirmed} 次" + (f"，{len(group) - confirmed} 次待确认" if confirmed < len(group) else "")
        entries.append(Entry(last.held_on, last.created_at, "log", text, detail))
    return entries
