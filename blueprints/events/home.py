"""The events' panels on the home page: notices (moved up, cancelled) and the person's next events."""
from __future__ import annotations

from blueprints.events import clock
from blueprints.events.access import organisable_groups
from blueprints.events.queries import EventFilters, list_events, next_events_for, notices_for, standings_for

SUGGESTIONS = 3


def build_notices(user) -> dict | None:
    """Notices for the home page, or None when there is nothing to tell."""
    notices = notices_for(user, clock.now())
    return {"notices": notices} if notices else None


def build_next_events(user) -> dict:
    """The person's coming events, and a few open ones they could still join."""
    now = clock.now()
    mine = next_events_for(user, now)
    taken = {r.event_id for r in mine}
    candidates = [e for e in list_events(EventFilters(scope="open"), user, now, limit=20) if e.id not in taken]
    standings = standings_for(candidates, user, now)
    open_now = [standings[e.id] for e in candidates if standings[e.id].can_register][:SUGGESTIONS]
    return {"mine": mine, "open_now": open_now, "may_create": bool(organisable_groups(user))}
