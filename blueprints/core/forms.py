"""The base form: WTForms' own messages (a date it cannot read, a missing field) come out in Chinese."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Optional


#: Characters that show nothing: zero-width space, non-joiner, joiner, word joiner, byte-order mark.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


#: Control characters no one types (tab and line breaks excepted); PostgreSQL cannot even store NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(value):
    """Remove control characters from posted text; they can only come from a script or a paste accident."""
    return CONTROL.sub("", value) if isinstance(value, str) else value


def blank_if_invisible(value):
    """Text made only of invisible characters and spaces counts as empty, so "required" refuses it."""
    if isinstance(value, str) and value and not value.strip(INVISIBLE + " \t\r\n\u3000"):
        return ""
    return value


class Form(FlaskForm):
    class Meta:
        locales = ("zh",)

        def bind_field(self, form, unbound_field, options):
            """Every text field first drops control characters and treats only invisible ones as empty."""
            if issubclass(unbound_field.field_class, StringField):
                filters = [drop_control_characters, blank_if_invisible, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)

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
        return parse_id(self.data)


#: The largest id a database integer column holds (PostgreSQL's INTEGER; SQLite overflows at 2**63).
MAX_ID = 2**31 - 1


def parse_id(value) -> int | None:
    """A row id posted as text: plain ASCII digits within the database's range, else None (never an error:
    "²".isdigit() is true but int() refuses it, and a 20-digit number overflows the database driver)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or int(text) > MAX_ID:
        return None
    return int(text)
