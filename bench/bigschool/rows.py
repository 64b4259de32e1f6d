"""Bulk rows for the big school: ids handed out ahead, rows collected per table, written with executemany.

The ORM would cost a Python object, an identity-map entry and a flush per row: fine for the demo's few
thousand rows, minutes for the big school's million. Here a row is a dict written straight into its table,
with its id chosen beforehand so that other rows can point at it before anything is written.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from blueprints.core.clock import to_utc

#: The demo's "now" (Beijing): records after it do not exist yet; the current semester runs across it.
NOW_LOCAL = datetime(2026, 11, 25, 10, 0)
NOW = to_utc(NOW_LOCAL)
TODAY = NOW_LOCAL.date()
CHUNK = 20_000


class Rows:
    """Rows waiting to be written, by table, and the next free id of each table."""

    def __init__(self, session: Session):
        self.session = session
        self.pending: dict[Table, list[dict]] = defaultdict(list)
        self.next_ids: dict[Table, int] = {}
        self.written: dict[str, int] = defaultdict(int)

    def new_id(self, model) -> int:
        """The id the next row of this model's table will have."""
        table = model.__table__
        if table not in self.next_ids:
            self.next_ids[table] = (self.session.scalar(select(func.max(table.c.id))) or 0) + 1
        self.next_ids[table] += 1
        return self.next_ids[table] - 1

    def add(self, model, **values) -> int | None:
        """Queue one row (with a fresh id when the table has an id column); the id, for rows that point here."""
        table = model if isinstance(model, Table) else model.__table__
        if "id" in table.c and "id" not in values:
            values["id"] = self.new_id(model)
        self.pending[table].append(values)
        if len(self.pending[table]) >= CHUNK:
            self.flush()
        return values.get("id")

    def flush(self) -> None:
        """Write everything queued, parents first (tables in dependency order)."""
        connection = self.session.connection()
        for table in table_order(self.pending):
            rows = self.pending.pop(table)
            for group in _by_columns(rows).values():
                connection.execute(table.insert(), group)
            self.written[table.name] += len(rows)


def table_order(pending: dict[Table, list[dict]]) -> list[Table]:
    """The pending tables sorted so that a table comes after the tables it refers to."""
    from app import db

    order = {table: index for index, table in enumerate(db.metadata.sorted_tables)}
    return sorted(pending, key=order.__getitem__)


def _by_columns(rows: list[dict]) -> dict[tuple, list[dict]]:
    """executemany wants the same keys in every row: group rows by their keys."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append(row)
    return groups


@dataclass(frozen=True)
class Term:
    """A semester of the big school: its row id, dates, and whether it runs across the demo's now."""

    id: int
    name: str
    start: date
    end: date

    @property
    def is_current(self) -> bool:
        return self.start <= TODAY <= self.end

    @property
    def is_past(self) -> bool:
        return self.end < TODAY


def school_days(first: date, last: date) -> list[date]:
    """Weekdays from first to last, without the National Day week."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and not (day.month == 10 and day.day <= 7):
            days.append(day)
        day += timedelta(days=1)
    return days


def local(day: date, clock: str) -> datetime:
    """A Beijing wall-clock time on a day, as stored for events (naive UTC)."""
    return to_utc(datetime.combine(day, time.fromisoformat(clock)))


def chance(rng: random.Random, share: float) -> bool:
    return rng.random() < share
