"""Issuing from the thing a certificate is for: an honour, a selection's results, a pairing, a lesson, an event."""
from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Semester
from blueprints.core import clock
from blueprints.core.access import admin_required, custom_access
from blueprints.core.htmx import redirect_to
from blueprints.events.models import Attendance, Event, Speaker
from blueprints.honours.models import Award
from blueprints.open_lessons.models import OpenLesson
from blueprints.pairings.models import Pairing
from blueprints.selection.models import Candidate, Selection

from .. import issuing
from ..access import may_issue_for_event
from ..forms import ConfirmForm
from .batch import print_batch
from . import bp


def _issue(specs_or_error, title: str):
    """Issue, commit and show the result: a single certificate's page, or a batch's page; errors go back."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        specs = specs_or_error() if callable(specs_or_error) else specs_or_error
        certs = issuing.issue_many(specs, issued_by=current_user, today=clock.today(), now=clock.now_utc())
    except issuing.IssueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect_to(request.referrer or url_for("certificates.manage"))
    db.session.commit()
    if len(certs) == 1:
        flash(f"已颁发证书 {certs[0].serial}。", "success")
        return redirect_to(url_for("certificates.detail", cert_id=certs[0].id))
    return print_batch(certs, title)


@bp.post("/issue/award/<int:award_id>")
@admin_required
def issue_award(award_id: int):
    """荣誉证书 for one teacher's award."""
    award = db.session.get(Award, award_id) or abort(404)
    return _issue(lambda: [issuing.for_award(award)], f"荣誉证书-{award.title}")


@bp.post("/issue/selection/<int:selection_id>")
@admin_required
def issue_selection(selection_id: int):
    """荣誉证书 for every teacher chosen in a confirmed 最美教师 selection, as one batch."""
    selection = db.session.get(Selection, selection_id) or abort(404)
    awards = db.session.scalars(
        select(Award).join(Candidate, Candidate.award_id == Award.id).where(Candidate.selection_id == selection.id)
        .options(selectinload(Award.staff)).order_by(Award.id)
    ).all()
    return _issue(lambda: [issuing.for_award(a) for a in awards], f"{selection.title}-荣誉证书")


@bp.post("/issue/pairing/<int:pairing_id>")
@admin_required
def issue_pairing(pairing_id: int):
    """师徒结对结业证书 for both sides of a completed pairing."""
    pairing = db.session.get(Pairing, pairing_id) or abort(404)
    return _issue(lambda: issuing.for_pairing(pairing), f"结业证书-{pairing.mentor.name}-{pairing.apprentice.name}")


@bp.post("/issue/lesson/<int:lesson_id>")
@admin_required
def issue_lesson(lesson_id: int):
    """公开课证书 for a lesson that has been given."""
    lesson = db.session.get(OpenLesson, lesson_id) or abort(404)
    return _issue(lambda: [issuing.for_lesson(lesson, clock.now_utc())], f"公开课证书-{lesson.teacher.name}")


def _event_for_issuing(event_id: int) -> Event:
    """The event with its speakers and attendance, if the user may certify it (else 401/403)."""
    if not current_user.is_authenticated:
        abort(401)
    event = db.session.scalars(select(Event).where(Event.id == event_id).options(
        selectinload(Event.speakers).selectinload(Speaker.staff),
        selectinload(Event.attendances).selectinload(Attendance.staff))).first() or abort(404)
    if not may_issue_for_event(current_user, event):
        abort(403)
    return event


@bp.post("/issue/event/<int:event_id>/speakers")
@custom_access("group-leader")
def issue_speakers(event_id: int):
    """主讲证书 for the colleagues who spoke (the admin, or a leader of the organising group)."""
    event = _event_for_issuing(event_id)
    return _issue(lambda: issuing.for_speakers(event), f"主讲证书-{event.title}")


@bp.post("/issue/event/<int:event_id>/attendance")
@custom_access("group-leader")
def issue_attendance(event_id: int):
    """参训证明 for everyone who signed in (the admin, or a leader of the organising group)."""
    event = _event_for_issuing(event_id)
    return _issue(lambda: issuing.for_attendance(event), f"参训证明-{event.title}")


@bp.post("/issue/semester/<int:semester_id>/speakers")
@admin_required
def issue_semester_speakers(semester_id: int):
    """主讲证书 for every colleague who spoke at a held event of the semester, as one batch."""
    semester = db.session.get(Semester, semester_id) or abort(404)
    start = clock.to_utc(datetime.combine(semester.start_date, time.min))
    end = clock.to_utc(datetime.combine(semester.end_date, time.max))
    events = db.session.scalars(select(Event).where(Event.status == "held", Event.starts_at.between(start, end))
                                .options(selectinload(Event.speakers).selectinload(Speaker.staff))
                                .order_by(Event.starts_at)).all()
    return _issue(lambda: [s for e in events for s in issuing.for_speakers(e)], f"{semester.name}-主讲证书")
