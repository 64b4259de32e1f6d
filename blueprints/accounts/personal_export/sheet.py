"""One sheet of the personal-data workbook, and how stored values read in it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from blueprints.core.clock import to_local


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""  #: a line under the table: what is left out and why


def moment(value: datetime | None) -> datetime | None:
    """Stored naive UTC as Beijing wall-clock time for the reader."""
    return to_local(value) if value is not None else None


def yes(value: bool) -> str:
    return "是" if value else "否"
