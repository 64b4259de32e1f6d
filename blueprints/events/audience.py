"""Who an event is for: everyone, women, Party members, young teachers, or members of some groups."""
from __future__ import annotations

from datetime import date

from blueprints.accounts.models import Staff
from blueprints.accounts.services import groups_of
from blueprints.events.clock import local_date
from blueprints.events.models import Event


def age_on(birth: date, day: date) -> int:
    """Full years of age on a day (the birthday itself counts)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def group_ids_of(person: Staff) -> set[int]:
    """Ids of the active groups a person belongs to (read once per request with the person's facts)."""
    return {m.group_id for m in groups_of(person)}


def audience_problem(event: Event, person: Staff, group_ids: set[int]) -> str | None:
    """Why a person is outside the event's audience, or None when they belong to it."""
    if not person.is_active_member:
        return "账号已停用。"
    if event.audience == "women" and person.gender != "F":
        return "本活动面向女教职工。"
    if event.audience == "party" and not person.is_party_member:
        return "本活动面向党员。"
    if event.audience == "young":
        if person.birth_date is None:
            return "本活动面向青年教师，您的档案中没有出生日期，请联系管理员。"
        if age_on(person.birth_date, local_date(event.starts_at)) > event.young_max_age:
            return f"本活动面向 {event.young_max_age} 周岁及以下的青年教师。"
    if event.audience == "groups" and not group_ids & {g.id for g in event.audience_groups}:
        return f"本活动面向{'、'.join(g.name for g in event.audience_groups)}成员。"
    return None
