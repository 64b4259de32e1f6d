"""The base form: WTForms' own messages (a date it cannot read, a missing field) come out in Chinese."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Optional


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


class ColleagueField(StringField):
    """The id of a colleague picked with the shared colleague search (macros/colleague_picker.html).

    The picker draws the hidden input itself. This is deliberately not a HiddenField: form.hidden_tag()
    would draw a second, empty input of the same name, and the browser would send the empty one first."""

    def __init__(self, label: str = "", required_message: str | None = None, **kwargs):
        validators = [DataRequired(required_message)] if required_message else [Optional()]
        super().__init__(label, validators=validators + list(kwargs.pop("validators", [])), **kwargs)

    @property
    def staff_id(self) -> int | None:
        """The picked id as a number, or None when nothing (or nonsense) was posted."""
        value = (self.data or "").strip()
        return int(value) if value.isdigit() else None
