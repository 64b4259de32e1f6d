from blueprints.core.features import Feature, NavItem

from .backup import backup_cli
from .views import bp

bp.record_once(lambda state: state.app.cli.add_command(backup_cli))

FEATURE = Feature(blueprint=bp, nav=[NavItem("首页", "core.index", order=0, active_prefix="core.index")])

__all__ = ["bp", "FEATURE"]
