"""The reports blueprint: 签到表, open-lesson compliance, semester summary, growth archive — PDF and Excel."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import archive, events, lessons, summary  # noqa: E402,F401  (routes register on import)
