"""For organisers: who signed in, when and by what means (which kiosk, whose hand), and who registered but did not come."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.core.clock import to_local
from blueprints.accounts.models import Staff
from blueprints.events.models import ATTENDANCE_SOURCES, REGISTERED, WAITLISTED, Attendance, Event, Registration
from blueprints.kiosk.models import OK, SIGN_IN, Kiosk, KioskRequest


@dataclass(frozen=True)
class Arrival:
    """One person signed in."""

    staff_id: int
    name: str
    staff_no: str
    signed_in_at: datetime
    source: str
    source_label: str
    detail: str  #: the kiosk's label, or who recorded it by hand
    registration: str  #: "registered", "waitlisted", or "" for a walk-in
    on_event_day: bool  #: signed in on the (Beijing) day the event starts: the time alone says when


@dataclass
class AttendanceReport:
    """An event's arrivals and absentees, as the organiser's page shows them."""

    arrivals: list[Arrival] = field(default_factory=list)
    absent: list[Registration] = field(default_factory=list)  #: held a seat, did not sign in
    registered: int = 0

    def count_by_source(self) -> list[tuple[str, int]]:
        """(label, count) for every means of signing in, in a fixed order."""
        return [(label, sum(a.source == source for a in self.arrivals)) for source, label in ATTENDANCE_SOURCES.items()]


def attendance_report(event: Event) -> AttendanceReport:
    """Arrivals in sign-in order with their means, and the absent, in four queries whatever the numbers."""
    attendances = list(db.session.scalars(
        select(Attendance).where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.staff)).order_by(Attendance.signed_in_at, Attendance.id)
    ))
    registrations = list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.status.in_((REGISTERED, WAITLISTED)))
        .options(selectinload(Registration.staff)).order_by(Registration.queued_at, Registration.id)
    ))
    kiosk_labels = dict(db.session.execute(
        select(KioskRequest.attendance_id, Kiosk.label).join(Kiosk, Kiosk.id == KioskRequest.kiosk_id).where(
            Kiosk.event_id == event.id, KioskRequest.action == SIGN_IN, KioskRequest.outcome == OK,
            KioskRequest.attendance_id.is_not(None),
        )
    ).all())
    recorder_ids = {a.recorded_by_id for a in attendances if a.recorded_by_id is not None}
    recorders = dict(db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(recorder_ids))).all()) \
        if recorder_ids else {}
    status_of = {r.staff_id: r.status for r in registrations}
    event_day = to_local(event.starts_at).date()
    report = AttendanceReport(registered=sum(r.status == REGISTERED for r in registrations))
    for a in attendances:
        if a.source == "kiosk":
            detail = kiosk_labels.get(a.id) or ""
        else:
            detail = recorders.get(a.recorded_by_id, "") if a.source == "hand" else ""
        report.arrivals.append(Arrival(
            staff_id=a.staff_id, name=a.staff.name, staff_no=a.staff.staff_no, signed_in_at=a.signed_in_at,
            source=a.source, source_label=a.source_label, detail=detail, registration=status_of.get(a.staff_id, ""),
            on_event_day=to_local(a.signed_in_at).date() == event_day,
        ))
    came = {a.staff_id for a in attendances}
    report.absent = [r for r in registrations if r.status == REGISTERED and r.staff_id not in came]
    return report
