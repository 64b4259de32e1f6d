"""Certificates (证书): issue from honours, pairings, lessons and events; print as PDF; verify by QR."""
import os

from blueprints.core.features import Feature, NavItem

from .cli import certificates_cli
from .health import check_on_startup
from .jobs import KEEP_DAYS
from .models import KINDS, Certificate, CertificateJob, SerialCounter
from .views import bp


@bp.record_once
def _configure(state) -> None:
    # Environment first (like the other settings), explicit config (tests) wins.
    state.app.config.setdefault("CERTIFICATE_JOB_KEEP_DAYS",
                                int(os.environ.get("CERTIFICATE_JOB_KEEP_DAYS", str(KEEP_DAYS))))
    state.app.cli.add_command(certificates_cli)
    check_on_startup(state.app)


FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("证书", "certificates.index", order=60, active_prefix="certificates.")],
)

__all__ = ["Certificate", "CertificateJob", "SerialCounter", "KINDS", "FEATURE", "bp"]
