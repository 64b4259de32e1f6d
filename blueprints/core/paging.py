"""Lists shown a page at a time: where a page sits in the whole list, and the ?page= asked for, read leniently."""
from __future__ import annotations

from dataclasses import dataclass

#: Longest page number read from a query string: more digits than any list here could need.
MAX_PAGE_DIGITS = 5


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
