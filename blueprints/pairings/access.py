"""Who may do what with pairings: small named predicates, and `require_*` helpers that abort 403."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, has_request_context, request
from sqlalchemy import exists, select

from app import db
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.pairings.models import Pairing

#: The school's mentoring team; its leaders organise pairings beside the admin.
TEAM_GROUP_NAME = "师徒帮扶工作队"


@dataclass(frozen=True)
class Roles:
    leads_team: bool  #: leads the 师徒帮扶工作队 group
    sides: frozenset[str]  #: "mentor" / "apprentice": the sides the person has in any pairing


def roles_of(staff: Staff) -> Roles:
    """What the person is in pairings, in one query, remembered for the rest of the request (menu, panels, views)."""
    cache = getattr(request, "_pairing_roles", None) if has_request_context() else None
    if cache is not None and staff.id in cache:
        return cache[staff.id]
    leads = exists().where(
        Membership.staff_id == staff.id,
        Membership.is_leader.is_(True),
        Membership.group_id == Group.id,
        Group.name == TEAM_GROUP_NAME,
        Group.is_active.is_(True),
    )
    mentors = exists().where(Pairing.mentor_id == staff.id)
    learns = exists().where(Pairing.apprentice_id == staff.id)
    leads_team, is_mentor, is_apprentice = db.session.execute(select(leads, mentors, learns)).one()
    roles = Roles(bool(leads_team), frozenset(side for side, held in (("mentor", is_mentor), ("apprentice", is_apprentice)) if held))
    if has_request_context():
        if cache is None:
            cache = request._pairing_roles = {}  # type: ignore[attr-defined]
        cache[staff.id] = roles
    return roles


def leads_mentoring_team(staff: Staff) -> bool:
    """Whether the person leads the 师徒帮扶工作队 group."""
    return roles_of(staff).leads_team


def sides_held(staff: Staff) -> frozenset[str]:
    """The sides ('mentor', 'apprentice') the person has in any pairing."""
    return roles_of(staff).sides


def is_coordinator(staff: Staff) -> bool:
    """The admin or a leader of the mentoring team: sees the board, pairs people, moves pairings on."""
    return staff.is_authenticated and (staff.is_admin or leads_mentoring_team(staff))


def side_of(staff: Staff, pairing: Pairing) -> str | None:
    """'mentor' or 'apprentice' when the person is one of the two, else None."""
    if staff.id == pairing.mentor_id:
        return "mentor"
    if staff.id == pairing.apprentice_id:
        return "apprentice"
    return None


def can_view(staff: Staff, pairing: Pairing) -> bool:
    """The two people, the admin and the team's leaders see a pairing and its logs; nobody else."""
    return side_of(staff, pairing) is not None or is_coordinator(staff)


def can_add_award(staff: Staff, pairing: Pairing) -> bool:
    """The admin or the mentor attaches the apprentice's awards to a pairing."""
    return staff.is_admin or staff.id == pairing.mentor_id


def require_can_view(staff: Staff, pairing: Pairing) -> None:
    """Abort 403 unless the person may see the pairing."""
    if not can_view(staff, pairing):
        abort(403)


def require_coordinator(staff: Staff) -> None:
    """Abort 403 unless the person is the admin or leads the mentoring team."""
    if not is_coordinator(staff):
        abort(403)


def require_side(staff: Staff, pairing: Pairing) -> str:
    """The person's side of the pairing; 403 for anyone else (the admin included)."""
    side = side_of(staff, pairing)
    if side is None:
        abort(403)
    return side

