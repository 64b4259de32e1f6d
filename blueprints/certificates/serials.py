"""Serial numbers TD-<year>-<nnnn>: taken from a per-year counter row under a row lock, never reused."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.core.locking import lock_rows

from .models import SERIAL_PREFIX, SerialCounter


def format_serial(year: int, number: int) -> str:
    """TD-2026-0042 (more digits once a year passes 9999)."""
    return f"{SERIAL_PREFIX}-{year}-{number:04d}"


def _counter_id(year: int) -> int:
    """The id of the year's counter row, created on first use (a racing creator loses to the unique year)."""
    found = db.session.scalar(select(SerialCounter.id).where(SerialCounter.year == year))
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            row = SerialCounter(year=year, last=0)
            db.session.add(row)
        return row.id
    except IntegrityError:
        return db.session.scalar(select(SerialCounter.id).where(SerialCounter.year == year))


def next_serials(year: int, count: int = 1) -> list[str]:
    """`count` fresh serials of the year; the counter stays locked until the caller commits."""
    counter_id = _counter_id(year)
    lock_rows((SerialCounter, counter_id))
    counter = db.session.scalars(
        select(SerialCounter).where(SerialCounter.id == counter_id).execution_options(populate_existing=True)
    ).one()
    first = counter.last + 1
    counter.last += count
    db.session.flush()
    return [format_serial(year, n) for n in range(first, first + count)]
