from blueprints.core.features import Feature, NavItem

from .views import bp


def _is_admin(user) -> bool:
    return user.is_admin


FEATURE = Feature(
    blueprint=bp,
    nav=[
        NavItem("教职工", "accounts.staff_index", order=80, active_prefix="accounts.staff"),
        NavItem("群团组织", "accounts.group_index", order=85, active_prefix="accounts.group"),
        NavItem(
            "学期", "accounts.semester_index", order=90, visible=_is_admin, active_prefix="accounts.semester",
            tool=True, description="学年学期的起止日期，设定当前学期。",
        ),
        NavItem(
            "名册导入", "accounts.roster_import", order=95, visible=_is_admin, active_prefix="accounts.roster",
            tool=True, description="从 Excel 或 CSV 导入、更新教职工名册；导出名册。",
        ),
    ],
)

__all__ = ["bp", "FEATURE"]
