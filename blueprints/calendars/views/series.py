"""Repeating events: create a series with a live preview of its dates, see its occurrences, change the coming ones."""
from __future__ import annotations

from datetime import time, timedelta
from functools import wraps

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db, login_manager
from blueprints.accounts.services import current_semester, leads_group
from blueprints.calendars.forms import SeriesForm
from blueprints.calendars.holidays import clashes, holiday_days, holidays_between
from blueprints.calendars.recurrence import (
    Schedule, describe, describe_end, occurrence_starts, parse_rule, schedule_problems,
)
from blueprints.calendars.series import create_series, day_of, edit_following, first_upcoming, remaining_pattern
from blueprints.core.access import custom_access, login_required
from blueprints.core.clock import today
from blueprints.core.htmx import redirect_to
from blueprints.events import clock
from blueprints.events.access import any_organiser_required, may_organise, organisable_groups
from blueprints.events.models import Event, EventSeries
from blueprints.events.queries import seat_counts

from . import bp


def _groups_for(current_group=None) -> list:
    groups = organisable_groups(current_user)
    if current_group is not None and all(g.id != current_group.id for g in groups):
        groups = [current_group, *groups]
    return groups


def _new_form() -> SeriesForm:
    """A blank series form: tomorrow, 15:30–17:00, weekly on that weekday, until the semester ends."""
    groups = _groups_for()
    first = today() + timedelta(days=1)
    semester = current_semester()
    form = SeriesForm(groups=groups, group_id=groups[0].id if len(groups) == 1 else None)
    if not form.is_submitted():
        form.first_day.data, form.start_time.data, form.end_time.data = first, time(15, 30), time(17, 0)
        form.weekdays.data, form.nth_weekday.data = [first.weekday()], first.weekday()
        form.until.data = semester.end_date if semester and semester.end_date > first else first + timedelta(days=120)
    return form


@bp.route("/series/new", methods=["GET", "POST"])
@any_organiser_required
def series_create():
    """Create a repeating event for a group one leads: 每月第二个周三, 每周二、四, with an end date or a count."""
    form = _new_form()
    if form.validate_on_submit():
        series = create_series(form.details(), form.schedule(), form.opens_days_before.data, current_user, clock.now())
        db.session.commit()
        flash(f"已创建重复活动「{series.title}」，共 {len(series.occurrences)} 次。", "success")
        return redirect_to(url_for("calendars.series_detail", series_id=series.id))
    return render_template("calendars/series_form.html", form=form, pivot=None, series=None)


@bp.post("/series/preview")
@any_organiser_required
def series_preview():
    """The dates a schedule gives, with the holidays they fall on (shown live beside the form)."""
    form = SeriesForm(groups=_groups_for())
    form.validate()  # fills .data; only the schedule's own problems matter here
    problem, starts, flags = None, [], {}
    if not (form.first_day.data and form.start_time.data and form.end_time.data):
        problem = "填写首次日期和时间后，这里会列出每一次的日期。"
    else:
        schedule = Schedule(form.pattern(), form.first_day.data, form.start_time.data, form.end_time.data)
        errors = schedule_problems(schedule)
        if errors:
            problem = next(iter(errors.values()))
        else:
            starts = occurrence_starts(schedule)
            first, last = starts[0].date(), starts[-1].date()
            flags = holiday_days(holidays_between(first, last), first, last)
    return render_template("calendars/_series_preview.html", problem=problem, starts=starts, flags=flags,
                           clashes=sum(s.date() in flags for s in starts), rule=describe(form.pattern()) if starts else "")


@bp.get("/series/<int:series_id>")
@login_required
def series_detail(series_id: int):
    """A series: its rule, every occurrence (moved, cancelled, on a holiday) and, for organisers, what to change."""
    series = db.session.scalars(
        select(EventSeries).where(EventSeries.id == series_id).options(selectinload(EventSeries.group))
    ).first() or abort(404)
    occurrences = list(db.session.scalars(
        select(Event).where(Event.series_id == series.id).order_by(Event.original_starts_at)
    ))
    now = clock.now()
    related = list(db.session.scalars(select(EventSeries).where(
        (EventSeries.id == series.previous_id) | (EventSeries.previous_id == series.id)).order_by(EventSeries.id)))
    pattern = parse_rule(series.rrule)
    return render_template(
        "calendars/series_detail.html", series=series, occurrences=occurrences, pattern=pattern,
        rule=describe(pattern), end=describe_end(pattern), counts=seat_counts([e.id for e in occurrences]),
        flags={c.event.id: c.holiday for c in clashes(occurrences)}, related=related, now=now,
        may_organise=current_user.is_admin or leads_group(current_user, series.group_id),
        upcoming=first_upcoming(series, now),
    )


def occurrence_organiser_required(view):
    """A logged-in organiser of the occurrence in the URL, which must belong to the series in the URL."""

    @wraps(view)
    def wrapped(series_id: int, event_id: int):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        event = db.session.get(Event, event_id)
        if event is None or event.series_id != series_id:
            abort(404)
        if not may_organise(current_user, event):
            abort(403)
        return view(event)

    return custom_access("group-leader")(wrapped)


def _following_form(pivot: Event) -> SeriesForm:
    """The series form for "this and all following", filled from the occurrence and its series' rule."""
    series = pivot.series
    groups = _groups_for(pivot.group)
    if request.method == "POST":
        data = request.form.copy()
        data["first_day"] = day_of(pivot).isoformat()  # the change starts at this occurrence, whatever was posted
        return SeriesForm(formdata=data, groups=groups)
    form = SeriesForm(obj=pivot, groups=groups)
    start = series.dtstart
    form.first_day.data = day_of(pivot)
    form.start_time.data = start.time()
    form.end_time.data = (start + timedelta(minutes=series.duration_minutes)).time()
    form.audience_group_ids.data = [g.id for g in pivot.audience_groups]
    form.opens_days_before.data = series.opens_days_before
    form.fill_pattern(remaining_pattern(series, pivot))
    return form


@bp.route("/series/<int:series_id>/from/<int:event_id>", methods=["GET", "POST"])
@occurrence_organiser_required
def series_edit(pivot: Event):
    """Change this occurrence and all following ones (time, room, rule, end); earlier ones stay as they were."""
    form = _following_form(pivot)
    now = clock.now()
    if now >= pivot.starts_at:
        flash("这一次活动已经开始或结束，请从以后尚未开始的一次修改。", "error")
        return redirect_to(url_for("calendars.series_detail", series_id=pivot.series_id))
    if form.validate_on_submit():
        result = edit_following(pivot, form.details(), form.schedule(), form.opens_days_before.data, current_user, now)
        if result.problem:
            db.session.rollback()
            flash(result.problem, "error")
        else:
            db.session.commit()
            parts = [f"更新 {result.kept} 次"] + ([f"新增 {result.created} 次"] if result.created else []) + (
                [f"取消 {result.cancelled} 次（已通知报名者）"] if result.cancelled else []) + (
                [f"删去 {result.removed} 次"] if result.removed else [])
            flash("已修改此次及以后的活动：" + "，".join(parts) + "。", "success")
            return redirect_to(url_for("calendars.series_detail", series_id=result.series.id))
    return render_template("calendars/series_form.html", form=form, pivot=pivot, series=pivot.series)
