"""Who may do what with pairings: small named predicates, and `require_*` helpers that abort 403."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import exists

from blueprints.accounts.models import Staff
from blueprints.accounts.services import person_facts, register_person_flag
from blueprints.pairings.models import Pairing

#: The school's mentoring team; its leaders organise pairings beside the admin.
TEAM_GROUP_NAME = "师徒帮扶工作队"


@dataclass(frozen=True)
class Roles:
    leads_team: bool  #: leads the 师徒帮扶工作队 group
    sides: frozenset[str]  #: "mentor" / "apprentice": the sides the person has in any pairing


register_person_flag("pairings_mentor", lambda staff_id: exists().where(Pairing.mentor_id == staff_id))
register_person_flag("pairings_apprentice", lambda staff_id: exists().where(Pairing.apprentice_id == staff_id))


def roles_of(staff: Staff) -> Roles:
    """What the person is in pairings, read with their memberships (accounts' person facts, once per request)."""
    facts = person_facts(staff)
    leads_team = any(
        m.is_leader and m.group.name == TEAM_GROUP_NAME and m.group.is_active for m in facts.memberships
    )
    held = (("mentor", facts.flags.get("pairings_mentor")), ("apprentice", facts.flags.get("pairings_apprentice")))
    return Roles(leads_team, frozenset(side for side, flag in held if flag))


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

