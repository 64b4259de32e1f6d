"""Series of events: create one with all its occurrences, and change "this and all following" occurrences.

Each occurrence is an Event row with series_id and original_starts_at (the start the rule gave it), so it can be
changed, moved or cancelled on its own with the events pages and keeps its identity. Functions flush but never
commit; the view owns the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, or_, select, text

from app import db
from blueprints.accounts.models import Staff
from blueprints.calendars.recurrence import (
    Pattern, Schedule, anchored, expand, occurrence_starts, parse_rule, rule_text, with_end,
)
from blueprints.events.clock import to_local, to_utc
from blueprints.events.models import CANCELLED, REGISTERED, WAITLISTED, Attendance, Event, EventSeries, Registration
from blueprints.events.operations import cancel_event, create_event, update_event

#: Said to the people registered for an occurrence that a change of the series removed.
DROPPED_REASON = "活动系列调整，此次不再举行"


def occurrence_values(template: dict, start: datetime, schedule: Schedule, opens_days_before: int | None) -> dict:
    """The event values of one occurrence starting at `start` (Beijing): times in UTC, registration window relative."""
    return {
        **template,
        "starts_at": to_utc(start),
        "ends_at": to_utc(start + schedule.duration),
        "registration_opens_at": to_utc(start - timedelta(days=opens_days_before)) if opens_days_before else None,
        "registration_closes_at": None,
    }


def _describe_on(series: EventSeries, template: dict, schedule: Schedule, first: datetime, opens_days_before) -> None:
    series.group_id = template["group_id"]
    series.kind = template["kind"]
    series.title = template["title"]
    series.dtstart = first
    series.rrule = rule_text(schedule.pattern, first)
    series.duration_minutes = int(schedule.duration.total_seconds() // 60)
    series.until = schedule.pattern.until
    series.count = schedule.pattern.count
    series.opens_days_before = opens_days_before


def _add_occurrence(series: EventSeries, template: dict, start: datetime, schedule: Schedule,
                    opens_days_before: int | None, by: Staff, now: datetime) -> Event:
    event = create_event(occurrence_values(template, start, schedule, opens_days_before), by, now)
    event.series_id = series.id
    event.original_starts_at = to_utc(start)
    return event


def create_series(template: dict, schedule: Schedule, opens_days_before: int | None, by: Staff, now: datetime) -> EventSeries:
    """A new series and every occurrence its schedule gives (the schedule was checked by schedule_problems)."""
    first, _ = anchored(schedule)
    series = EventSeries(created_by_id=by.id, created_at=now)
    _describe_on(series, template, schedule, first, opens_days_before)
    db.session.add(series)
    db.session.flush()
    for start in occurrence_starts(schedule):
        _add_occurrence(series, template, start, schedule, opens_days_before, by, now)
    db.session.flush()
    return series


def lock_series(series: EventSeries) -> None:
    """Take the series' row lock for the rest of the transaction (as registration.lock_event does for events)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE event_series SET id = id WHERE id = :id"), {"id": series.id})
        db.session.refresh(series)
    else:
        db.session.execute(
            select(EventSeries).where(EventSeries.id == series.id).with_for_update()
            .execution_options(populate_existing=True)
        )


@dataclass
class Plan:
    """How the occurrences from the pivot on meet the new starts: kept (matched by day), created, dropped."""

    keep: list[tuple[Event, datetime]] = field(default_factory=list)
    create: list[datetime] = field(default_factory=list)
    drop: list[Event] = field(default_factory=list)


def plan_following(existing: list[Event], starts: list[datetime]) -> Plan:
    """Match occurrences to new starts by the Beijing day of their original start, so a changed time or room keeps
    the registrations; days no longer in the rule are dropped and new days are created."""
    by_day = {to_local(e.original_starts_at).date(): e for e in existing}
    plan = Plan()
    for start in starts:
        event = by_day.pop(start.date(), None)
        if event is None:
            plan.create.append(start)
        else:
            plan.keep.append((event, start))
    plan.drop = sorted(by_day.values(), key=lambda e: e.original_starts_at)
    return plan


def remaining_pattern(series: EventSeries, pivot: Event) -> Pattern:
    """The series' pattern as the form shows it from the pivot on: a count becomes the occurrences left."""
    pattern = parse_rule(series.rrule)
    if pattern.count is None:
        return pattern
    left = [s for s in expand(series.rrule, series.dtstart) if to_utc(s) >= pivot.original_starts_at]
    return with_end(pattern, count=max(len(left), 1))


@dataclass
class FollowingResult:
    series: EventSeries | None = None
    kept: int = 0
    created: int = 0
    cancelled: int = 0
    removed: int = 0
    problem: str | None = None


def _has_people(event: Event) -> bool:
    return bool(db.session.scalar(select(or_(
        exists().where(Registration.event_id == event.id, Registration.status.in_((REGISTERED, WAITLISTED))),
        exists().where(Attendance.event_id == event.id),
    ))))


def edit_following(pivot: Event, template: dict, schedule: Schedule, opens_days_before: int | None,
                   by: Staff, now: datetime) -> FollowingResult:
    """Apply new details and a new schedule to this occurrence and all following ones.

    From the first occurrence the series changes in place; later, it is split: the old series ends the day before
    and a new one (previous_id) takes over. Occurrences already under way or over are never touched; one cancelled
    on its own stays cancelled; one moved on its own keeps its own time but takes the other changes.
    """
    series = pivot.series
    lock_series(series)
    db.session.refresh(pivot)
    if pivot.series_id != series.id:
        return FollowingResult(problem="这个系列刚刚被别人修改过，请刷新页面后重试。")
    if now >= pivot.starts_at:
        return FollowingResult(problem="这一次活动已经开始或结束，只能修改以后尚未开始的场次。")
    occurrences = list(db.session.scalars(
        select(Event).where(Event.series_id == series.id).order_by(Event.original_starts_at)
        .execution_options(populate_existing=True)
    ))
    earlier = [e for e in occurrences if e.original_starts_at < pivot.original_starts_at]
    following = [e for e in occurrences if e.original_starts_at >= pivot.original_starts_at and now < e.starts_at]
    first, _ = anchored(schedule)
    if to_utc(first) <= now:
        return FollowingResult(problem="新的首次时间已经过去，请选择以后的时间。")
    if earlier:
        cut = to_local(pivot.original_starts_at).date() - timedelta(days=1)
        old = with_end(parse_rule(series.rrule), until=cut)
        series.rrule = rule_text(old, series.dtstart)
        series.until, series.count = cut, None
        target = EventSeries(created_by_id=by.id, created_at=now, previous_id=series.id)
        db.session.add(target)
    else:
        target = series
    _describe_on(target, template, schedule, first, opens_days_before)
    db.session.flush()

    plan = plan_following(following, occurrence_starts(schedule))
    result = FollowingResult(series=target)
    for event, start in plan.keep:
        moved = event.is_moved
        event.series_id, event.original_starts_at = target.id, to_utc(start)
        if event.status != CANCELLED:
            values = occurrence_values(template, start, schedule, opens_days_before)
            if moved:  # its own time stays; the other changes still apply
                values = {k: v for k, v in values.items() if k not in ("starts_at", "ends_at", "registration_opens_at")}
            update_event(event, values, now)
        result.kept += 1
    for event in plan.drop:
        if event.status == CANCELLED:
            continue
        if _has_people(event):
            cancel_event(event, now, DROPPED_REASON)
            result.cancelled += 1
        else:
            db.session.delete(event)
            result.removed += 1
    db.session.flush()
    for start in plan.create:
        _add_occurrence(target, template, start, schedule, opens_days_before, by, now)
        result.created += 1
    db.session.flush()
    return result


def first_upcoming(series: EventSeries, now: datetime) -> Event | None:
    """The next occurrence not yet started: where "change the coming ones" starts from."""
    return db.session.scalars(
        select(Event).where(Event.series_id == series.id, Event.starts_at > now)
        .order_by(Event.original_starts_at).limit(1)
    ).first()


def day_of(event: Event) -> date:
    """The Beijing day the rule gave an occurrence."""
    return to_local(event.original_starts_at or event.starts_at).date()
