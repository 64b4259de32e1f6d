"""iCalendar feeds: a person's private feed (their events, their open lessons, groups they chose) and each group's.

The link carries a secret token; the check compares it in constant time. Times are written in Asia/Shanghai
with a VTIMEZONE (icalendar's add_missing_timezones), so every calendar app shows Beijing time.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from icalendar import Calendar, Event as VEvent
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.calendars.models import CalendarFeed
from blueprints.core.clock import SCHOOL_TZ
from blueprints.events.models import CANCELLED, REGISTERED, WAITLISTED, Event, Registration
from blueprints.open_lessons.models import CONFIRMED, LessonObserver, OpenLesson

#: A feed shows what lies ahead and this much of the past (phones keep older entries themselves).
PAST_WINDOW = timedelta(days=90)
FEED_LIMIT = 1000
#: UIDs must be unique worldwide and stable: the app's name and the row.
UID_DOMAIN = "qingchun-bangdai"
PRODID = "-//开化县天地外国语学校//青春帮带//ZH"


# --- the link ----------------------------------------------------------------------------------------------

def active_feed(person: Staff) -> CalendarFeed | None:
    """The person's live feed, with its chosen groups."""
    return db.session.scalars(
        select(CalendarFeed).where(CalendarFeed.staff_id == person.id, CalendarFeed.revoked_at.is_(None))
        .options(selectinload(CalendarFeed.groups))
    ).first()


def issue_feed(person: Staff, now: datetime) -> CalendarFeed:
    """A new secret link; the old one (if any) stops working. Its chosen groups carry over."""
    old = active_feed(person)
    groups = list(old.groups) if old is not None else []
    if old is not None:
        old.revoked_at = now
        db.session.flush()  # the old row leaves the "one live link" index before the new one enters it
    feed = CalendarFeed(staff_id=person.id, token=secrets.token_urlsafe(32), created_at=now, groups=groups)
    db.session.add(feed)
    db.session.flush()
    return feed


def revoke_feed(person: Staff, now: datetime) -> bool:
    """Stop the person's link; True if there was one."""
    feed = active_feed(person)
    if feed is None:
        return False
    feed.revoked_at = now
    db.session.flush()
    return True


def check_feed(feed_id: int, token: str) -> CalendarFeed | None:
    """The live feed this link opens, or None; the token is compared in constant time."""
    feed = db.session.get(CalendarFeed, feed_id)
    if feed is None or feed.revoked_at is not None:
        # Compare anyway, so a wrong id takes as long as a wrong token.
        hmac.compare_digest(token.encode(), secrets.token_urlsafe(32).encode())
        return None
    if not hmac.compare_digest(token.encode(), feed.token.encode()):
        return None
    if not feed.staff.is_active_member:
        return None
    return feed


def feed_groups_for(person: Staff) -> list[Group]:
    """Groups whose calendar this person may subscribe to: those they belong to (the admin: all)."""
    statement = select(Group).where(Group.is_active.is_(True)).order_by(Group.id)
    if not person.is_admin:
        statement = statement.join(Membership, Membership.group_id == Group.id).where(Membership.staff_id == person.id)
    return list(db.session.scalars(statement))


def may_follow_group(person: Staff, group: Group) -> bool:
    """A group's feed is for its members (and the admin)."""
    if not group.is_active:
        return False
    if person.is_admin:
        return True
    return db.session.scalar(
        select(Membership.id).where(Membership.group_id == group.id, Membership.staff_id == person.id)
    ) is not None


def set_feed_groups(feed: CalendarFeed, person: Staff, group_ids: list[int]) -> None:
    """Choose which whole group calendars the person's feed includes (only groups they may follow)."""
    allowed = {g.id: g for g in feed_groups_for(person)}
    feed.groups = [allowed[i] for i in sorted(set(group_ids)) if i in allowed]
    db.session.flush()


# --- what goes in ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedItem:
    """One VEVENT: times are aware (Asia/Shanghai)."""

    uid: str
    summary: str
    starts: datetime
    ends: datetime
    location: str
    description: str
    endpoint: str  #: the app's page for it, as url_for names it
    key: dict
    modified: datetime


def _aware_from_utc(stored: datetime) -> datetime:
    return stored.replace(tzinfo=timezone.utc).astimezone(SCHOOL_TZ)


def _event_item(event: Event, note: str = "") -> FeedItem:
    lines = [f"{event.kind_label} · {event.group.name}"]
    if note:
        lines.append(note)
    if event.description:
        lines.append(event.description)
    return FeedItem(
        uid=f"event-{event.id}@{UID_DOMAIN}",
        summary=event.title + (f"（{note}）" if note else ""),
        starts=_aware_from_utc(event.starts_at),
        ends=_aware_from_utc(event.ends_at),
        location=event.place,
        description="\n".join(lines),
        endpoint="events.detail",
        key={"event_id": event.id},
        modified=event.updated_at.replace(tzinfo=timezone.utc),
    )


def _lesson_item(lesson: OpenLesson, role: str) -> FeedItem:
    label = "执教公开课" if role == "teach" else f"听课：{lesson.teacher.name}"
    return FeedItem(
        uid=f"open-lesson-{lesson.id}-{role}@{UID_DOMAIN}",
        summary=f"公开课《{lesson.topic}》（{label}）",
        starts=lesson.starts_at.replace(tzinfo=SCHOOL_TZ),  # open lessons keep Beijing wall-clock times
        ends=lesson.ends_at.replace(tzinfo=SCHOOL_TZ),
        location=lesson.room.name,
        description=f"{lesson.subject} · {lesson.class_name} · 第{lesson.period}节",
        endpoint="open_lessons.detail",
        key={"lesson_id": lesson.id},
        modified=lesson.updated_at.replace(tzinfo=timezone.utc),
    )


def _events_query(now: datetime):
    return (
        select(Event).where(Event.status != CANCELLED, Event.ends_at >= now - PAST_WINDOW)
        .options(selectinload(Event.group)).order_by(Event.starts_at, Event.id).limit(FEED_LIMIT)
    )


def group_items(group: Group, now: datetime) -> list[FeedItem]:
    """A group's calendar: every event it organises (cancelled ones drop out of the phone's calendar)."""
    return [_event_item(e) for e in db.session.scalars(_events_query(now).where(Event.group_id == group.id))]


def personal_items(person: Staff, group_ids: list[int], now: datetime) -> list[FeedItem]:
    """The person's events (registered or waiting), the groups they chose, their open lessons to give or observe."""
    mine = dict(db.session.execute(
        select(Registration.event_id, Registration.status).where(
            Registration.staff_id == person.id, Registration.status.in_((REGISTERED, WAITLISTED)))
    ).all())
    wanted = Event.id.in_(list(mine) or [-1])
    if group_ids:
        wanted = or_(wanted, Event.group_id.in_(group_ids))
    items = [_event_item(e, "候补" if mine.get(e.id) == WAITLISTED else "")
             for e in db.session.scalars(_events_query(now).where(wanted))]
    since = (now - PAST_WINDOW).replace(tzinfo=timezone.utc).astimezone(SCHOOL_TZ).replace(tzinfo=None)
    lessons = db.session.scalars(
        select(OpenLesson).where(OpenLesson.teacher_id == person.id, OpenLesson.ends_at >= since)
        .options(selectinload(OpenLesson.room), selectinload(OpenLesson.teacher))
    )
    items += [_lesson_item(lesson, "teach") for lesson in lessons]
    observed = db.session.scalars(
        select(OpenLesson).join(LessonObserver, LessonObserver.lesson_id == OpenLesson.id)
        .where(LessonObserver.staff_id == person.id, LessonObserver.status == CONFIRMED, OpenLesson.ends_at >= since)
        .options(selectinload(OpenLesson.room), selectinload(OpenLesson.teacher))
    )
    items += [_lesson_item(lesson, "observe") for lesson in observed]
    return sorted(items, key=lambda item: item.starts)


# --- the file ----------------------------------------------------------------------------------------------

def build_ics(name: str, items: list[FeedItem], now: datetime, link: Callable[..., str] | None = None) -> bytes:
    """The iCalendar file: one VEVENT per item, times in Asia/Shanghai with its VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = now.replace(tzinfo=timezone.utc)
    for item in items:
        vevent = VEvent()
        vevent.add("uid", item.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("last-modified", item.modified)
        vevent.add("dtstart", item.starts)
        vevent.add("dtend", item.ends)
        vevent.add("summary", item.summary)
        if item.location:
            vevent.add("location", item.location)
        vevent.add("description", item.description)
        if link is not None:
            vevent.add("url", link(item.endpoint, **item.key))
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
