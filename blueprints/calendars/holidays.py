"""Holidays: which days they cover, and which events fall on one so their organisers can move them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import Date, DateTime, and_, bindparam, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.calendars.models import HOLIDAY_KINDS, Holiday
from blueprints.core.sqltime import local_day, local_last_day
from blueprints.events.access import organisable_groups
from blueprints.events.clock import local_date, to_utc
from blueprints.events.models import SCHEDULED, Event
from blueprints.events.operations import MAX_DURATION

#: A holiday longer than this is almost always a typing mistake in the year (the summer break is about 60 days).
MAX_HOLIDAY_DAYS = 70
#: How far ahead the organiser's home panel looks for events on a holiday.
LOOK_AHEAD = timedelta(days=120)


def holidays_between(first: date, last: date) -> list[Holiday]:
    """Holidays touching the days first..last (inclusive), earliest first."""
    return list(db.session.scalars(
        select(Holiday).where(Holiday.start_date <= last, Holiday.end_date >= first)
        .order_by(Holiday.start_date, Holiday.id)
    ))


@dataclass(frozen=True)
class DayOff:
    """A holiday as plain values, kept between requests (an ORM object belongs to one request's session)."""

    name: str
    kind: str
    start_date: date
    end_date: date


def day_offs_between(first: date, last: date) -> list[DayOff]:
    """Holidays touching the days first..last (inclusive), earliest first, as plain values."""
    return [DayOff(*row) for row in db.session.execute(
        select(Holiday.name, Holiday.kind, Holiday.start_date, Holiday.end_date)
        .where(Holiday.start_date <= last, Holiday.end_date >= first)
        .order_by(Holiday.start_date, Holiday.id)
    )]


def holiday_days(holidays: list[Holiday] | list[DayOff], first: date, last: date) -> dict[date, Holiday]:
    """Each day first..last that lies in a holiday, with that holiday (a public one wins over a school one)."""
    days: dict[date, Holiday] = {}
    for holiday in sorted(holidays, key=lambda h: h.kind != "public"):
        day = max(holiday.start_date, first)
        while day <= min(holiday.end_date, last):
            days.setdefault(day, holiday)
            day += timedelta(days=1)
    return days


def event_days(event: Event) -> list[date]:
    """The Beijing days an event spans (most take one)."""
    first, last = local_date(event.starts_at), local_date(event.ends_at - timedelta(seconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def holiday_of(event: Event, days: dict[date, Holiday]) -> Holiday | None:
    """The holiday an event falls on, if any of its days is one."""
    return next((days[d] for d in event_days(event) if d in days), None)


@dataclass(frozen=True)
class Clash:
    """An event that falls on a holiday."""

    event: Event
    holiday: Holiday


def clashes(events: list[Event], holidays: list[Holiday] | None = None) -> list[Clash]:
    """The scheduled events among these that fall on a holiday; the holidays are read (one query) unless given
    (any that touch the events' days, earliest first)."""
    live = [e for e in events if e.status == SCHEDULED]
    if not live:
        return []
    first = min(local_date(e.starts_at) for e in live)
    last = max(local_date(e.ends_at) for e in live)
    days = holiday_days(holidays_between(first, last) if holidays is None else holidays, first, last)
    return [Clash(e, h) for e in live if (h := holiday_of(e, days)) is not None]


def clashes_for_organiser(person: Staff, now: datetime) -> list[Clash]:
    """Coming events of the groups this person organises that fall on a holiday (one query, reading only the
    events ahead and the holidays they touch, however many events the school has had)."""
    params = {"now": now, "until": now + LOOK_AHEAD, "first_day": local_date(now),
              "last_day": local_date(now + LOOK_AHEAD + MAX_DURATION)}
    if not person.is_admin:
        params["groups"] = [g.id for g in organisable_groups(person)]
        if not params["groups"]:
            return []
    rows = db.session.execute(_clash_statement(person.is_admin), params).all()
    events = list(dict.fromkeys(row.Event for row in rows))
    holidays = sorted({row.Holiday for row in rows}, key=lambda h: (h.start_date, h.id))
    return clashes(events, holidays)


@cache
def _clash_statement(for_admin: bool):
    """Built once for each kind of organiser (building it cost more than running it): the admin organises every
    active group (organisable_groups), asked inside the query; anyone else the groups given as `groups`."""
    ahead = select(Event.id, Event.starts_at, Event.ends_at).where(
        Event.status == SCHEDULED, Event.starts_at >= bindparam("now", type_=DateTime),
        Event.starts_at < bindparam("until", type_=DateTime))
    if for_admin:
        ahead = ahead.join(Group, Group.id == Event.group_id).where(Group.is_active.is_(True))
    else:
        # "+ 0": by the time index, a few months of events; SQLite otherwise read each group's every event, years of them.
        ahead = ahead.where((Event.group_id + 0).in_(bindparam("groups", expanding=True)))
    # Both sides materialised first, then matched: joined directly, SQLite read the holidays first and indexed
    # every event of the school's history to match them.
    ahead = ahead.cte("ahead").prefix_with("MATERIALIZED")
    breaks = select(Holiday.id, Holiday.start_date, Holiday.end_date).where(
        Holiday.end_date >= bindparam("first_day", type_=Date), Holiday.start_date <= bindparam("last_day", type_=Date),
    ).cte("breaks").prefix_with("MATERIALIZED")
    return (
        select(Event, Holiday).select_from(ahead)
        .join(breaks, and_(breaks.c.end_date >= local_day(ahead.c.starts_at),
                           breaks.c.start_date <= local_last_day(ahead.c.ends_at)))
        .join(Event, Event.id == ahead.c.id).join(Holiday, Holiday.id == breaks.c.id)
        .options(joinedload(Event.group)).order_by(Event.starts_at, Event.id)
    )


def holiday_problems(values: dict, *, except_id: int | None = None) -> dict[str, str]:
    """Field errors of a holiday across fields: dates in order, not absurdly long, not entered twice."""
    errors: dict[str, str] = {}
    first, last = values.get("start_date"), values.get("end_date")
    if values.get("kind") not in HOLIDAY_KINDS:
        errors["kind"] = "请选择假期类型。"
    if first and last:
        if last < first:
            errors["end_date"] = "最后一天不能早于第一天。"
        elif (last - first).days + 1 > MAX_HOLIDAY_DAYS:
            errors["end_date"] = f"假期最长 {MAX_HOLIDAY_DAYS} 天，请检查日期。"
    if first and values.get("name"):
        statement = select(Holiday.id).where(Holiday.name == values["name"], Holiday.start_date == first)
        if except_id is not None:
            statement = statement.where(Holiday.id != except_id)
        if db.session.scalar(statement) is not None:
            errors["name"] = "这一天开始的同名假期已经录入过了。"
    return errors


def save_holiday(holiday: Holiday, values: dict) -> Holiday:
    """Copy the form's values onto a (new or existing) holiday and flush."""
    for name in ("name", "kind", "start_date", "end_date"):
        setattr(holiday, name, values[name])
    db.session.add(holiday)
    db.session.flush()
    return holiday


def event_counts(holidays: list[Holiday]) -> dict[int, int]:
    """{holiday id: scheduled events starting during it}, in one query whatever the number of holidays."""
    if not holidays:
        return {}
    first = min(h.start_date for h in holidays)
    last = max(h.end_date for h in holidays)
    starts = db.session.scalars(
        select(Event.starts_at).where(
            Event.status == SCHEDULED,
            Event.starts_at >= to_utc(datetime.combine(first, time.min)),
            Event.starts_at < to_utc(datetime.combine(last + timedelta(days=1), time.min)),
        )
    ).all()
    days = [local_date(s) for s in starts]
    return {h.id: sum(h.covers(d) for d in days) for h in holidays}
