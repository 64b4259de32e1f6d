"""The organiser's page of one event, with its speakers and the 八个一 checklist edited in place."""
from __future__ import annotations

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.events import clock
from blueprints.events.access import organiser_required
from blueprints.events.checklist import add_item, add_speaker, checklist_of, remove_item, remove_speaker, rename_item, toggle_item
from blueprints.events.forms import CancelForm, ChecklistItemForm, PersonForm, SpeakerForm, SummaryForm
from blueprints.events.listing import RosterView
from blueprints.events.models import ChecklistItem, Event, Speaker
from blueprints.events.queries import load_event

from . import bp
from .roster import roster_context


def render_manage(event: Event, view: RosterView | None = None, **forms) -> str:
    """The whole organiser page, its roster at the view asked (else the first page of everyone); forms given
    replace the blank ones (to show their errors)."""
    return render_template(
        "events/manage.html",
        checklist=checklist_of(event),
        person_form=forms.get("person_form") or PersonForm(),
        speaker_form=forms.get("speaker_form") or SpeakerForm(),
        item_form=forms.get("item_form") or ChecklistItemForm(),
        summary_form=forms.get("summary_form") or SummaryForm(summary=event.summary),
        cancel_form=CancelForm(),
        **roster_context(event, view or RosterView()),
    )


@bp.get("/<int:event_id>/manage")
@organiser_required
def manage(event: Event):
    """Registrations, waiting list and attendance (a page at a time, with a search and a status filter), speakers,
    checklist and summary of one event; the roster's search, filter and pager (htmx) get that page alone."""
    view = RosterView.from_values(request.args)
    if is_htmx():
        response = make_response(render_template("events/_roster_list.html", **roster_context(event, view)))
    else:
        response = make_response(render_manage(event, view))
    response.headers.add("Vary", "HX-Request")
    return response


def _speakers_response(event: Event, form: SpeakerForm | None = None):
    if not is_htmx():
        return redirect_to(url_for("events.manage", event_id=event.id))
    event = load_event(event.id)
    return render_template("events/_speakers.html", event=event, speaker_form=form or SpeakerForm())


@bp.post("/<int:event_id>/speakers")
@organiser_required
def speaker_add(event: Event):
    """Add a speaker: a colleague picked by name, or an outside guest."""
    form = SpeakerForm()
    if form.validate_on_submit():
        staff = None
        if (form.colleague_id.data or "").strip():  # a picked colleague: anything but a real id is refused
            staff = db.session.get(Staff, form.colleague_id.staff_id) if form.colleague_id.staff_id else None
            if staff is None:
                form.colleague_id.errors.append("找不到这位同事，请重新搜索选择。")
                return _speakers_response(event, form)
        add_speaker(event, staff=staff, guest_name=form.guest_name.data or "",
                    guest_affiliation=form.guest_affiliation.data or "", topic=form.topic.data or "")
        db.session.commit()
        return _speakers_response(event)
    return _speakers_response(event, form)


@bp.post("/<int:event_id>/speakers/<int:speaker_id>/remove")
@organiser_required
def speaker_remove(event: Event, speaker_id: int):
    """Take a speaker off the event."""
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.event_id != event.id:
        abort(404)
    remove_speaker(speaker)
    db.session.commit()
    return _speakers_response(event)


def _item(event: Event, item_id: int) -> ChecklistItem:
    item = db.session.get(ChecklistItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


def _checklist_response(event: Event, form: ChecklistItemForm | None = None, message: str | None = None):
    if not is_htmx():
        return redirect_to(url_for("events.manage", event_id=event.id))
    return render_template("events/_checklist.html", event=event, checklist=checklist_of(event),
                           item_form=form or ChecklistItemForm(), may_edit=True, message=message)


@bp.post("/<int:event_id>/checklist")
@organiser_required
def checklist_add(event: Event):
    """Add an item to the checklist."""
    form = ChecklistItemForm()
    if not form.validate_on_submit():
        return _checklist_response(event, form)
    problem = add_item(event, form.label.data)
    db.session.commit()
    return _checklist_response(event, message=problem)


@bp.post("/<int:event_id>/checklist/<int:item_id>/toggle")
@organiser_required
def checklist_toggle(event: Event, item_id: int):
    """Tick an item off during the trip, or untick it."""
    toggle_item(_item(event, item_id), clock.now(), current_user)
    db.session.commit()
    return _checklist_response(event)


@bp.post("/<int:event_id>/checklist/<int:item_id>")
@organiser_required
def checklist_rename(event: Event, item_id: int):
    """Change the wording of an item."""
    item = _item(event, item_id)
    form = ChecklistItemForm()
    if not form.validate_on_submit():
        return _checklist_response(event, message=form.label.errors[0])
    rename_item(item, form.label.data)
    db.session.commit()
    return _checklist_response(event)


@bp.post("/<int:event_id>/checklist/<int:item_id>/remove")
@organiser_required
def checklist_remove(event: Event, item_id: int):
    """Take an item off the checklist."""
    remove_item(_item(event, item_id))
    db.session.commit()
    return _checklist_response(event)
