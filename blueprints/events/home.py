"""The events' panels on the home page: notices (moved up, cancelled) and the person's next events.

Both panels read the person's registrations from one query, and the events open to them come with their
seats in another, so the panels cost the same few queries whatever the number of events."""
from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import DateTime, Integer, and_, bindparam, exists, or_, select
from sqlalchemy.orm import contains_eager

from app import db
from blueprints.accounts.models import Group
from blueprints.accounts.services import groups_led
from blueprints.core.features import Figures, home_figures, per_request
from blueprints.events import clock
from blueprints.events.audience import group_ids_of
from blueprints.events.models import SCHEDULED, Event, Registration
from blueprints.events.queries import (
    ACTIVE, NOTICE_DAYS, joinable_events_params, joinable_events_statement, standing_from,
)

SUGGESTIONS = 3
#: How many coming events the panel lists, and how many joinable ones it loads for its suggestions (a few more than
#: it shows: the age rule of events for young teachers is checked after loading).
MINE_SHOWN = 5
JOINABLE_LOADED = 8


def home_registrations(user, now: datetime) -> list[Registration]:
    """The person's registrations either panel mentions, soonest event first, with event and group; once per request."""
    return per_request(f"events_home_registrations:{user.id}", lambda: list(db.session.scalars(
        _registrations_statement(), {"staff_id": user.id, "now": now, "notices_since": now - NOTICE_DAYS})))


@cache
def _registrations_statement():
    """Built once (building it cost more than running it); the person and the moment are given when run."""
    now, since = bindparam("now", type_=DateTime), bindparam("notices_since", type_=DateTime)
    notice = and_(Registration.notice_pending.is_(True), Event.ends_at >= since)
    coming = and_(Registration.status.in_(ACTIVE), Event.status == SCHEDULED, Event.ends_at >= now)
    return (
        select(Registration).join(Registration.event)
        .where(Registration.staff_id == bindparam("staff_id", type_=Integer), or_(notice, coming))
        .options(contains_eager(Registration.event).joinedload(Event.group))
        .order_by(Event.starts_at)
    )


def notice_figures(user) -> Figures:
    """Whether the person has a notice waiting (so a person without one costs no query)."""
    return Figures(_notice_expressions(), {"events_person": user.id, "events_notices_since": clock.now() - NOTICE_DAYS})


@cache
def _notice_expressions() -> dict:
    return {"events_notices": exists().where(
        Registration.event_id == Event.id, Registration.staff_id == bindparam("events_person", type_=Integer),
        Registration.notice_pending.is_(True), Event.ends_at >= bindparam("events_notices_since", type_=DateTime))}


def build_notices(user) -> dict | None:
    """Notices for the home page, or None when there is nothing to tell."""
    if not home_figures(user, notice_figures)["events_notices"]:
        return None
    now = clock.now()
    notices = [r for r in home_registrations(user, now) if r.notice_pending and r.event.ends_at >= now - NOTICE_DAYS]
    return {"notices": notices} if notices else None


def next_figures(user) -> Figures:
    """For the admin, whether any group is active (they may then create events); leaders' groups come with their facts."""
    return Figures(_any_group_expressions() if user.is_admin else {})


@cache
def _any_group_expressions() -> dict:
    return {"events_any_group": exists().where(Group.is_active.is_(True))}


def build_next_events(user) -> dict:
    """The person's coming events, and a few open ones they could still join."""
    now = clock.now()
    mine = [r for r in home_registrations(user, now)
            if r.status in ACTIVE and r.event.status == SCHEDULED and r.event.ends_at >= now][:MINE_SHOWN]
    group_ids = group_ids_of(user)
    open_now = []
    rows = db.session.execute(joinable_events_statement(JOINABLE_LOADED), joinable_events_params(user, group_ids, now))
    for row in rows.unique():
        standing = standing_from(row[0], row, user, now, group_ids)
        if standing.can_register and len(open_now) < SUGGESTIONS:
            open_now.append(standing)
    may_create = home_figures(user, next_figures)["events_any_group"] if user.is_admin else bool(groups_led(user))
    return {"mine": mine, "open_now": open_now, "may_create": bool(may_create)}
