"""The pairings blueprint: the board, a pairing's page, logs, evaluations, awards, my mentor and apprentices."""
from flask import Blueprint

bp = Blueprint("pairings", __name__, url_prefix="/pairings")

from . import awards, board, evaluations, logs, mine, pairing  # noqa: E402,F401  (routes register on import)
