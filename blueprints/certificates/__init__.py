"""Certificates (证书): issue from honours, pairings, lessons and events; print as PDF; verify by QR."""
from blueprints.core.features import Feature, NavItem

from .health import check_on_startup
from .models import KINDS, Certificate, CertificateJob, SerialCounter
from .views import bp

bp.record_once(lambda state: check_on_startup(state.app))

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("证书", "certificates.index", order=60, active_prefix="certificates.")],
)

__all__ = ["Certificate", "CertificateJob", "SerialCounter", "KINDS", "FEATURE", "bp"]
