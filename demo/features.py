"""Demo data of each feature, after the school itself: every module demo/seed_*.py has
`seed(session) -> str`, run in file-name order inside the same transaction; the string is a one-line summary."""
from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy.orm import Session


def seed_features(session: Session) -> list[str]:
    import demo

    lines = []
    for module in sorted(m.name for m in pkgutil.iter_modules(demo.__path__) if m.name.startswith("seed_")):
        lines.append(importlib.import_module(f"demo.{module}").seed(session))
    return lines
