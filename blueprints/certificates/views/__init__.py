"""The certificates blueprint: 我的证书, issuing and revoking, batches, the public verification page."""
from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/certificates")

from . import batch, issue, manage, mine, verify  # noqa: E402,F401  (routes register on import)
