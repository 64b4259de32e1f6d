"""The base form: WTForms' own messages (a date it cannot read, a missing field) come out in Chinese."""
from __future__ import annotations

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        locales = ("zh",)

    def populate_obj(self, obj) -> None:
        """Copy the fields onto a model, never the CSRF token."""
        for name, field in self._fields.items():
            if name != "csrf_token":
                field.populate_obj(obj, name)


def clean_prose(value: str | None) -> str | None:
    """Trim the edges of free text (full-width spaces included) but keep Chinese punctuation as typed."""
    if value is None:
        return None
    return value.strip().strip("\u3000").strip()
