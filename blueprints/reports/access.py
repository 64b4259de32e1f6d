"""Who reads which reports: the admin everything; a group leader their groups' 签到表, compliance and members'
成长档案; every teacher their own 成长档案. Leadership comes from the person's facts the request has already
read (accounts.services.person_facts), so the menu asking on every page costs no query of its own."""
from __future__ import annotations

from blueprints.accounts.models import Staff
from blueprints.accounts.services import groups_led, groups_of


def reads_others(user) -> bool:
    """The admin or a leader of an active group: the 报表 menu, and 成长档案 of colleagues (not only one's own)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or bool(groups_led(user))


def may_read_archive(reader: Staff, person: Staff) -> bool:
    """Oneself, the admin, or a leader of an active group the person belongs to."""
    if reader.id == person.id or reader.is_admin:
        return True
    led = {group.id for group in groups_led(reader)}
    return bool(led) and any(m.group_id in led for m in groups_of(person))
