"""The 八个一 checklist of red-education trips, and the speakers of an event: small lists organisers edit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.events.models import EIGHT_ONES, ChecklistItem, Event, Speaker

CHECKLIST_KIND = "red_education"
MAX_ITEMS = 20


def ensure_checklist(event: Event) -> None:
    """Give a red-education event the eight items of 八个一 if it has no checklist yet."""
    if event.kind != CHECKLIST_KIND:
        return
    has_items = db.session.scalar(select(func.count()).select_from(ChecklistItem).where(ChecklistItem.event_id == event.id))
    if not has_items:
        db.session.add_all(ChecklistItem(event_id=event.id, position=i, label=label) for i, label in enumerate(EIGHT_ONES))
        db.session.flush()


def checklist_of(event: Event) -> list[ChecklistItem]:
    """The event's checklist items in order."""
    return list(
        db.session.scalars(
            select(ChecklistItem).where(ChecklistItem.event_id == event.id).order_by(ChecklistItem.position, ChecklistItem.id)
        )
    )


def toggle_item(item: ChecklistItem, now: datetime, by: Staff) -> None:
    """Tick an item off, or untick it."""
    if item.done_at is None:
        item.done_at, item.done_by_id = now, by.id
    else:
        item.done_at, item.done_by_id = None, None
    db.session.flush()


def add_item(event: Event, label: str) -> str | None:
    """Add an item at the end of the checklist; returns a problem or None."""
    items = checklist_of(event)
    if len(items) >= MAX_ITEMS:
        return f"清单最多 {MAX_ITEMS} 项。"
    position = (items[-1].position + 1) if items else 0
    db.session.add(ChecklistItem(event_id=event.id, position=position, label=label))
    db.session.flush()
    return None


def rename_item(item: ChecklistItem, label: str) -> None:
    """Change the wording of an item."""
    item.label = label
    db.session.flush()


def remove_item(item: ChecklistItem) -> None:
    """Take an item off the checklist."""
    db.session.delete(item)
    db.session.flush()


def add_speaker(event: Event, *, staff: Staff | None, guest_name: str, guest_affiliation: str, topic: str) -> Speaker:
    """Add a speaker: a colleague, or an outside guest by name."""
    last = db.session.scalar(select(func.max(Speaker.position)).where(Speaker.event_id == event.id))
    speaker = Speaker(
        event_id=event.id,
        staff_id=staff.id if staff is not None else None,
        guest_name="" if staff is not None else guest_name,
        guest_affiliation="" if staff is not None else guest_affiliation,
        topic=topic,
        position=(last or 0) + 1,
    )
    db.session.add(speaker)
    db.session.flush()
    return speaker


def remove_speaker(speaker: Speaker) -> None:
    """Take a speaker off the event."""
    db.session.delete(speaker)
    db.session.flush()
