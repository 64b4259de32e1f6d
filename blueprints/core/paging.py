"""Lists shown a page at a time: where a page sits in the whole list, and the ?page= asked for, read leniently;
for a list of people with a status filter and a name search, the whole view asked for."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Mapping

#: Longest page number read from a query string: more digits than any list here could need.
MAX_PAGE_DIGITS = 5
#: Longest name search kept: longer than any name or staff number (the rest of a pasted essay is dropped).
WHO_LENGTH = 50


def page_number(value: str | None) -> int:
    """The page asked for, or 1 when missing or not a sensible number (-1, abc, ², a 20-digit number)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_PAGE_DIGITS or int(text) < 1:
        return 1
    return int(text)


@dataclass(frozen=True)
class Page:
    """Where one page sits in a long list: its number (from 1), its size, and the length of the whole list."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, asked: int, size: int, total: int) -> "Page":
        """The page asked for, or the last one when the list is shorter than that page would start at."""
        return cls(min(max(asked, 1), max(1, -(-total // size))), size, total)

    @property
    def count(self) -> int:
        """How many pages the list takes (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_no(self) -> int:
        """The position in the whole list of the page's first item (from 1)."""
        return self.offset + 1

    @property
    def last_no(self) -> int:
        return min(self.total, self.offset + self.size)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


@dataclass(frozen=True)
class ListView:
    """What the person asked to see of a list of people, read leniently from a query string or a posted form: an
    unknown status, a page that is not a number, an overlong search fall back to something sensible, never an error.
    A list names its status filter's values (and labels) in STATUSES."""

    STATUSES: ClassVar[Mapping[str, str]] = {"": "全部"}

    status: str = ""
    who: str = ""
    page: int = 1

    @classmethod
    def from_values(cls, values):
        """The view from request.args or request.form."""
        status = values.get("status", "")
        return cls(
            status=status if status in cls.STATUSES else "",
            who=" ".join(values.get("who", "").split())[:WHO_LENGTH],
            page=page_number(values.get("page")),
        )

    def args(self, **changes) -> dict:
        """The view as query-string arguments (defaults left out), with some changed."""
        values = {"status": self.status, "who": self.who, "page": self.page} | changes
        return {name: value for name, value in values.items()
                if value not in ("", None) and (name, value) != ("page", 1)}
