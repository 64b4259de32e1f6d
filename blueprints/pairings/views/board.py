"""The coordinators' board: pairings of a semester, newcomers still lacking a mentor, one-click pairing."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app import db
from blueprints.accounts.models import SUBJECTS, Semester, Staff
from blueprints.accounts.services import current_semester, semesters
from blueprints.core.access import admin_required, login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import is_htmx, redirect_to, render_page_or_partial
from blueprints.core import clock
from blueprints.pairings.access import require_coordinator
from blueprints.pairings.board import board_statement, rows_of
from blueprints.pairings.forms import PairingForm, QuickPairForm, SettingsForm
from blueprints.pairings.models import STATES
from blueprints.pairings.progress import save_targets, semester_targets
from blueprints.pairings.services import PairingError, already_paired_message, create_pairing, save_settings, settings_for
from blueprints.pairings.suggestions import newcomers_with_mentor_flag, suggestions_for

from . import bp


def all_semesters() -> list[Semester]:
    """Every semester, newest first, for the filters."""
    return semesters()[::-1]


def chosen_semester(value: str | None) -> Semester | None:
    """The semester named in the request, else the current one, else the latest."""
    if parse_id(value):
        semester = db.session.get(Semester, parse_id(value))
        if semester is None:
            abort(404)
        return semester
    return current_semester() or db.session.scalar(select(Semester).order_by(Semester.start_date.desc()).limit(1))


def _filters(source) -> tuple[str, str]:
    subject = source.get("subject", "")
    state = source.get("state", "")
    return (subject if subject in SUBJECTS else ""), (state if state in STATES else "")


def newcomers_context(semester: Semester, errors: dict[int, str] | None = None) -> dict:
    """What the "still lacks a mentor" list needs: the newcomers, their suggestions, any error per person."""
    newcomers = newcomers_with_mentor_flag(semester)
    lacking = [person for person, paired in newcomers if not paired]
    listed = {person.id for person in lacking}
    return {
        "lacking": lacking,
        # An error about someone no longer listed (just paired by someone else) shows above the list.
        "stray_errors": [message for person_id, message in (errors or {}).items() if person_id not in listed],
        "newcomer_total": len(newcomers),
        "suggestions": suggestions_for(lacking, semester),
        "pair_errors": errors or {},
        "quick_form": QuickPairForm(formdata=None),
    }


def board_context(semester: Semester | None, subject: str, state: str) -> dict:
    """The board table: the semester's pairings with their figures."""
    rows = rows_of(board_statement(semester, subject=subject, state=state), today=clock.today()) if semester else []
    return {
        "semester": semester,
        "rows": rows,
        "quiet_count": sum(row.is_quiet for row in rows),
        "subject": subject,
        "state": state,
        "settings": settings_for(semester.id) if semester else None,
    }


@bp.get("/")
@login_required
def board():
    """All pairings of a semester, filtered by subject and state, with the newcomers who still lack a mentor."""
    require_coordinator(current_user)
    semester = chosen_semester(request.args.get("semester"))
    subject, state = _filters(request.args)
    context = board_context(semester, subject, state)
    if semester is not None:
        context.update(newcomers_context(semester))
    return render_page_or_partial(
        "pairings/board.html",
        "pairings/_board_body.html",
        semesters=all_semesters(),
        subjects=SUBJECTS,
        states=STATES,
        **context,
    )


@bp.post("/quick")
@login_required
def quick_pair():
    """Pair a newcomer with a suggested mentor in one click; the list and the table update in place."""
    require_coordinator(current_user)
    form = QuickPairForm()
    if not form.validate_on_submit():
        abort(400)
    semester = chosen_semester(form.semester_id.data)
    apprentice = _person(form.apprentice_id.data)
    mentor = _person(form.mentor_id.data)
    errors: dict[int, str] = {}
    try:
        create_pairing(semester, mentor, apprentice, actor=current_user, now=clock.now_utc(), activate=True)
        db.session.commit()
        message = f"已为 {apprentice.name} 安排师傅 {mentor.name}。"
    except PairingError as error:
        db.session.rollback()
        errors[apprentice.id] = message = error.message
    except IntegrityError:
        # Someone else paired this newcomer between our check and our insert: the index said no.
        db.session.rollback()
        errors[apprentice.id] = message = already_paired_message(apprentice)
    if not is_htmx():
        flash(message, "error" if errors else "success")
        return redirect_to(url_for("pairings.board", semester=semester.id))
    subject, state = _filters(request.form)
    return render_template(
        "pairings/_quick_pair_response.html",
        notice=None if errors else message,
        **board_context(semester, subject, state),
        **newcomers_context(semester, errors),
    )


def _person(value: str | None) -> Staff:
    person = db.session.get(Staff, parse_id(value)) if parse_id(value) else None
    if person is None:
        abort(404)
    return person


def _semester_choices(form: PairingForm) -> None:
    form.semester_id.choices = [SelectChoice(s.id, s.name) for s in all_semesters()]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Pair any two colleagues, picked with the colleague search, as a draft or active at once."""
    require_coordinator(current_user)
    form = PairingForm()
    _semester_choices(form)
    picked = {}
    if request.method == "GET":
        semester = chosen_semester(request.args.get("semester"))
        form.semester_id.data = semester.id if semester else None
        if request.args.get("apprentice", "").isdigit():
            form.apprentice_id.data = request.args["apprentice"]
    if form.validate_on_submit():
        semester = db.session.get(Semester, form.semester_id.data)
        apprentice = _lookup(form.apprentice_id, "找不到这位徒弟，请重新搜索选择。")
        mentor = _lookup(form.mentor_id, "找不到这位师傅，请重新搜索选择。")
        if apprentice and mentor:
            try:
                pairing = create_pairing(
                    semester, mentor, apprentice, actor=current_user, now=clock.now_utc(),
                    activate=bool(form.activate.data), note=form.note.data or "",
                )
                db.session.commit()
                flash(f"已为 {apprentice.name} 安排师傅 {mentor.name}（{pairing.state_label}）。", "success")
                return redirect_to(url_for("pairings.detail", pairing_id=pairing.id))
            except PairingError as error:
                db.session.rollback()
                getattr(form, error.field or "mentor_id").errors.append(error.message)
            except IntegrityError:
                db.session.rollback()
                form.apprentice_id.errors.append(already_paired_message(apprentice))
    for name in ("apprentice_id", "mentor_id"):
        value = getattr(form, name).data
        person = db.session.get(Staff, parse_id(value)) if parse_id(value) else None
        picked[name] = person
    return render_template("pairings/form.html", form=form, picked=picked)


def _lookup(field, message: str) -> Staff | None:
    person = db.session.get(Staff, parse_id(field.data)) if parse_id(field.data) else None
    if person is None:
        field.errors.append(message)
    return person


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    """The admin sets a semester's limit of apprentices per mentor, the quiet-days flag and the targets."""
    semester = chosen_semester(request.values.get("semester"))
    if semester is None:
        flash("请先添加学期。", "warning")
        return redirect_to(url_for("accounts.semester_index"))
    current = settings_for(semester.id)
    form = SettingsForm(data={
        "max_apprentices": current.max_apprentices,
        "quiet_days": current.quiet_days,
        **semester_targets(semester.id),
    })
    if form.validate_on_submit():
        save_settings(semester.id, max_apprentices=form.max_apprentices.data, quiet_days=form.quiet_days.data)
        save_targets(semester.id, form.targets())
        db.session.commit()
        flash(f"已保存{semester.name}的结对设置。", "success")
        return redirect_to(url_for("pairings.board", semester=semester.id))
    return render_template("pairings/settings.html", form=form, semester=semester, semesters=all_semesters())
