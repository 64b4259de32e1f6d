"""SQL for the school's calendar day of a stored time (naive UTC), on SQLite and on PostgreSQL.

Each database computes dates its own way, so the expressions are compiled per dialect. Beijing has had no
daylight saving since 1991: SQLite adds eight hours; PostgreSQL converts through the time zone all the same."""
from __future__ import annotations

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class local_day(FunctionElement):
    """The Beijing calendar day of a stored time: `local_day(Event.starts_at)`."""

    type = Date()
    name = "local_day"
    inherit_cache = True


class local_last_day(FunctionElement):
    """The Beijing day of the last second before a stored end time: the last day an event takes up (one that
    ends at midnight does not take up the next day)."""

    type = Date()
    name = "local_last_day"
    inherit_cache = True


def _postgresql(stamp: str) -> str:
    return f"CAST(({stamp} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS DATE)"


@compiles(local_day)
def _local_day(element, compiler, **kw):
    return _postgresql(compiler.process(element.clauses, **kw))


@compiles(local_last_day)
def _local_last_day(element, compiler, **kw):
    return _postgresql(f"({compiler.process(element.clauses, **kw)} - INTERVAL '1 second')")


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(local_last_day, "sqlite")
def _local_last_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours', '-1 seconds')"
