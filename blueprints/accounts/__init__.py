from blueprints.core.features import Feature, NavItem

from .views import bp


def _is_admin(user) -> bool:
    return user.is_admin


FEATURE = Feature(
    blueprint=bp,
    nav=[
        NavItem("教职工", "accounts.staff_index", order=80, active_prefix="accounts.staff"),
        NavItem("群团组织", "accounts.group_index", order=85, active_prefix="accounts.group"),
        NavItem("学期", "accounts.semester_index", order=90, visible=_is_admin, active_prefix="accounts.semester"),
        NavItem("名册导入", "accounts.roster_import", order=95, visible=_is_admin, active_prefix="accounts.roster"),
    ],
)

__all__ = ["bp", "FEATURE"]
