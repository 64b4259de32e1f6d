"""Start-up check: without HarfBuzz's subsetting library WeasyPrint subsets fonts in Python, ~40x slower."""
from __future__ import annotations

import ctypes.util
import logging

log = logging.getLogger(__name__)


def harfbuzz_subset_available() -> bool:
    """True when libharfbuzz-subset (Debian libharfbuzz-subset0) can be loaded, as WeasyPrint does."""
    name = ctypes.util.find_library("harfbuzz-subset")
    if name is None:
        return False
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def check_on_startup(app) -> None:
    """Remember the result on the app (the admin page shows it) and warn loudly in the log when missing."""
    ok = harfbuzz_subset_available()
    app.extensions["certificates_harfbuzz_subset"] = ok
    if not ok:
        app.logger.error(
            "PDF: libharfbuzz-subset is NOT available — WeasyPrint falls back to Python font subsetting "
            "(~9 s per certificate instead of ~0.2 s). Install it: apt-get install libharfbuzz-subset0 "
            "(bash scripts/setup.sh)."
        )
