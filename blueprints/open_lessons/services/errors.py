"""The one exception the rules raise: a message for the user, and the form field it belongs to."""
from __future__ import annotations


class RuleBroken(Exception):
    """A rule refused the change; nothing was written. `field` names the form field, None for the whole form."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
