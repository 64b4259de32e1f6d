"""The accounts blueprint: login, staff, groups, semesters, the colleague search, roster import."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import auth, groups, personal_data, roster, search, semesters, staff, staff_groups  # noqa: E402,F401  (routes register on import)
