"""Subscribing from a phone: the person's secret feed link, its groups, and the feeds themselves (no login)."""
from __future__ import annotations

from flask import Response, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Group
from blueprints.calendars.feeds import (
    active_feed, build_ics, check_feed, feed_groups_for, group_items, issue_feed, may_follow_group, personal_items,
    revoke_feed, set_feed_groups,
)
from blueprints.calendars.forms import FeedGroupsForm
from blueprints.core.access import custom_access, login_required
from blueprints.core.htmx import redirect_to
from blueprints.events import clock

from . import bp


def _ics_response(name: str, body: bytes) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response.headers["Cache-Control"] = "private, no-cache"  # personal data: no shared cache may keep it
    return response


def _refused() -> Response:
    """The same answer for a wrong id, a wrong token, a revoked link and a group one may not follow."""
    return Response("订阅链接无效或已停用。", status=404, mimetype="text/plain")


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


@bp.get("/subscribe")
@login_required
def subscribe():
    """The person's feed link (to paste into a phone's calendar), the groups it includes, the group feeds."""
    feed = active_feed(current_user)
    groups = feed_groups_for(current_user)
    form = FeedGroupsForm(groups=groups, group_ids=[g.id for g in feed.groups] if feed else [])
    return render_template("calendars/subscribe.html", feed=feed, groups=groups, form=form)


@bp.post("/subscribe/new")
@login_required
def feed_issue():
    """Make the person's secret link, or a new one that replaces (and stops) the old."""
    had = active_feed(current_user) is not None
    try:
        issue_feed(current_user, clock.now())
        db.session.commit()
    except IntegrityError:  # two clicks at once: the database kept one live link
        db.session.rollback()
        flash("订阅链接刚刚已经生成，请查看下方链接。", "info")
        return redirect_to(url_for("calendars.subscribe"))
    flash("已生成新的订阅链接，旧链接已失效；请在手机日历中重新订阅。" if had else "已生成订阅链接。", "success")
    return redirect_to(url_for("calendars.subscribe"))


@bp.post("/subscribe/groups")
@login_required
def feed_groups():
    """Choose which whole group calendars one's own feed includes."""
    feed = active_feed(current_user)
    form = FeedGroupsForm(groups=feed_groups_for(current_user))
    if feed is None:
        flash("请先生成订阅链接。", "error")
    elif form.validate_on_submit():
        set_feed_groups(feed, current_user, form.group_ids.data or [])
        db.session.commit()
        flash("已保存，手机日历下次同步时更新。", "success")
    else:
        flash(form.group_ids.errors[0] if form.group_ids.errors else "请重试。", "error")
    return redirect_to(url_for("calendars.subscribe"))


@bp.post("/subscribe/revoke")
@login_required
def feed_revoke():
    """Stop one's link at once (a lost phone, a link shared by mistake)."""
    if revoke_feed(current_user, clock.now()):
        db.session.commit()
        flash("订阅链接已停用，用它订阅的日历将不再更新。", "success")
    return redirect_to(url_for("calendars.subscribe"))


@bp.get("/feeds/<int:feed_id>/<token>.ics")
@custom_access("feed")
def personal_feed(feed_id: int, token: str):
    """The person's own calendar, for phone calendars: no login, the secret token is the key."""
    feed = check_feed(feed_id, token)
    if feed is None:
        return _refused()
    now = clock.now()
    person = feed.staff
    body = build_ics(f"青春帮带 · {person.name}", personal_items(person, [g.id for g in feed.groups if g.is_active], now),
                     now, _link)
    feed.last_fetched_at = now
    db.session.commit()
    return _ics_response("qcbd", body)


@bp.get("/feeds/<int:feed_id>/<token>/groups/<int:group_id>.ics")
@custom_access("feed")
def group_feed(feed_id: int, token: str, group_id: int):
    """A group's calendar for one of its members, opened with that member's secret token."""
    feed = check_feed(feed_id, token)
    group = db.session.get(Group, group_id)
    if feed is None or group is None or not may_follow_group(feed.staff, group):
        return _refused()
    now = clock.now()
    body = build_ics(f"青春帮带 · {group.name}", group_items(group, now), now, _link)
    feed.last_fetched_at = now
    db.session.commit()
    return _ics_response(f"group-{group.id}", body)
