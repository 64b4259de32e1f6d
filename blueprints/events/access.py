"""Who organises what: the admin every event, a group's leaders their group's events."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort
from flask_login import current_user
from app import login_manager
from blueprints.accounts.models import Group, Staff
from blueprints.accounts.services import active_groups, groups_led, leads_group
from blueprints.core.access import custom_access
from blueprints.events.models import Event


def may_organise(person: Staff, event: Event) -> bool:
    """The admin, or a leader of the event's organising group."""
    return person.is_admin or leads_group(person, event.group_id)


def organisable_groups(person: Staff) -> list[Group]:
    """Groups this person may create events for: all active ones for the admin, else those they lead."""
    return active_groups() if person.is_admin else groups_led(person)


def organiser_required(view: Callable) -> Callable:
    """A logged-in organiser of the event in the URL; the view receives the loaded event instead of its id."""
    from blueprints.events.queries import load_event_with_group

    @wraps(view)
    def wrapped(event_id: int, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        event = load_event_with_group(event_id)
        if event is None:
            abort(404)
        if not may_organise(current_user, event):
            abort(403)
        return view(event, **kwargs)

    return custom_access("group-leader")(wrapped)


def any_organiser_required(view: Callable) -> Callable:
    """A logged-in admin or leader of at least one group (who may create events)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not organisable_groups(current_user):
            abort(403)
        return view(*args, **kwargs)

    return custom_access("group-leader")(wrapped)
