"""Who may issue, revoke and see certificates: the admin; a group leader for their own group's events."""
from __future__ import annotations

from blueprints.accounts.services import leads_group
from blueprints.events.access import may_organise

from .models import Certificate


def may_issue_for_event(user, event) -> bool:
    """The admin, or a leader of the group that organised the event."""
    return may_organise(user, event)


def may_manage(user, cert: Certificate) -> bool:
    """Revoke it: the admin, or a leader of the organising group when it certifies an event."""
    if user.is_admin:
        return True
    return cert.event is not None and leads_group(user, cert.event.group_id)


def may_see(user, cert: Certificate) -> bool:
    """Download it: its recipient, or whoever may manage it."""
    return cert.staff_id == user.id or may_manage(user, cert)
