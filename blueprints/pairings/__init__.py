"""师徒结对: pairings of newly arrived teachers with mentors, two-way mentoring logs, targets, outcomes."""
from blueprints.core.features import Feature, HomeSection, NavItem

from .access import is_coordinator, sides_held
from .home import build_coordinator, build_my_apprentices, build_my_mentor, build_todo, todo_figures
from .views import bp


def _is_mentor(user) -> bool:
    return "mentor" in sides_held(user)


def _is_apprentice(user) -> bool:
    return "apprentice" in sides_held(user)


FEATURE = Feature(
    blueprint=bp,
    nav=[
        NavItem("师徒结对", "pairings.board", order=20, visible=is_coordinator, active_prefix="pairings.board"),
        NavItem("我的徒弟", "pairings.mentoring", order=21, visible=_is_mentor, active_prefix="pairings.mentoring"),
        NavItem("我的师傅", "pairings.my_mentor", order=22, visible=_is_apprentice, active_prefix="pairings.my_mentor"),
    ],
    home=[
        HomeSection("pairings/_home_todo.html", build_todo, order=20, figures=todo_figures),
        HomeSection("pairings/_home_my_mentor.html", build_my_mentor, order=21),
        HomeSection("pairings/_home_my_apprentices.html", build_my_apprentices, order=22),
        HomeSection("pairings/_home_coordinator.html", build_coordinator, order=23),
    ],
)

__all__ = ["bp", "FEATURE"]
