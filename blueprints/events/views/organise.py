"""Organisers create and edit events, call them off, and write the summary (纪要) afterwards."""
from __future__ import annotations

from flask import flash, render_template, url_for
from flask_login import current_user

from app import db
from blueprints.core.htmx import redirect_to
from blueprints.events import clock
from blueprints.events.access import any_organiser_required, organisable_groups, organiser_required
from blueprints.events.forms import CancelForm, EventForm, SummaryForm
from blueprints.events.models import CANCELLED, Event
from blueprints.events.operations import cancel_event, create_event, record_summary, update_event

from . import bp


def _groups_for_form(event: Event | None) -> list:
    """The groups the user may pick as organiser; an event's own group stays pickable for its editors."""
    groups = organisable_groups(current_user)
    if event is not None and all(g.id != event.group_id for g in groups):
        groups = [event.group, *groups]
    return groups


@bp.route("/new", methods=["GET", "POST"])
@any_organiser_required
def create():
    """Create an event for a group one leads (the admin: for any group)."""
    groups = _groups_for_form(None)
    form = EventForm(groups=groups, group_id=groups[0].id if len(groups) == 1 else None)
    if form.validate_on_submit():
        event = create_event(form.values(), current_user, clock.now())
        db.session.commit()
        flash(f"已创建活动「{event.title}」。", "success")
        return redirect_to(url_for("events.manage", event_id=event.id))
    return render_template("events/form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit(event: Event):
    """Change an event; more seats move people up from the waiting list."""
    if event.status == CANCELLED:
        flash("活动已取消，不能再修改。", "error")
        return redirect_to(url_for("events.manage", event_id=event.id))
    form = EventForm(obj=event, groups=_groups_for_form(event))
    if not form.is_submitted():
        form.starts_at.data = clock.to_local(event.starts_at)
        form.ends_at.data = clock.to_local(event.ends_at)
        for name in ("registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            getattr(form, name).data = clock.to_local(value) if value else None
        form.audience_group_ids.data = [g.id for g in event.audience_groups]
    if form.validate_on_submit():
        promoted = update_event(event, form.values(), clock.now())
        db.session.commit()
        note = f"；{len(promoted)} 人从候补转为正式报名" if promoted else ""
        flash(f"已保存{note}。", "success")
        return redirect_to(url_for("events.manage", event_id=event.id))
    return render_template("events/form.html", form=form, event=event)


@bp.post("/<int:event_id>/cancel")
@organiser_required
def cancel(event: Event):
    """Call the event off; the people registered or waiting see it on their home page."""
    form = CancelForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else "请重试。", "error")
    elif problem := cancel_event(event, clock.now(), form.reason.data or ""):
        flash(problem, "error")
    else:
        db.session.commit()
        flash("活动已取消，已报名和候补的同事会在首页看到通知。", "success")
    return redirect_to(url_for("events.manage", event_id=event.id))


@bp.post("/<int:event_id>/summary")
@organiser_required
def summary(event: Event):
    """Save the summary and, if ticked, mark the event held."""
    from .manage import render_manage

    form = SummaryForm()
    if form.validate_on_submit():
        problems = record_summary(event, form.summary.data or "", bool(form.mark_held.data), clock.now(), current_user)
        if not problems:
            db.session.commit()
            flash("纪要已保存。" + ("活动已标记为已举行。" if form.mark_held.data else ""), "success")
            return redirect_to(url_for("events.manage", event_id=event.id))
        for name, message in problems.items():
            getattr(form, name).errors.append(message)
    db.session.rollback()
    return render_manage(event, summary_form=form), 200
