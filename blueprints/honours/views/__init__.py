"""The honours blueprint: the register's list with filters, entry by hand, Excel import and export."""
from flask import Blueprint

bp = Blueprint("honours", __name__, url_prefix="/honours")

from . import edit, imports, register  # noqa: E402,F401  (routes register on import)
