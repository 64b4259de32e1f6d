"""What every spreadsheet import shows before it writes: rows sorted by what would happen to them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class ImportPreview:
    """Rows with an `action`; a subclass names its actions and which of them change the database."""

    ACTIONS: ClassVar[dict[str, str]] = {}
    CHANGING: ClassVar[tuple[str, ...]] = ("create",)

    rows: list
    notes: list[str] = field(default_factory=list)

    def having(self, action: str) -> list:
        return [row for row in self.rows if row.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {action: counted.get(action, 0) for action in self.ACTIONS}

    @property
    def has_errors(self) -> bool:
        return any(row.action == "error" for row in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(row.action in self.CHANGING for row in self.rows)
