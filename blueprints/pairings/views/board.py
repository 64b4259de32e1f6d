"""The coordinators' board: pairings of a semester, newcomers still lacking a mentor, one-click pairing."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app import db
from blueprints.accounts.models import SUBJECTS, Semester, Staff
from blueprints.accounts.services import current_semester, semesters
from blueprints.core.access import admin_required, login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import is_htmx, page_or_drawn_part, redirect_to
from blueprints.core import clock
from blueprints.core.fragments import kept_fragment
from blueprints.core.paging import Page, page_number
from blueprints.pairings.access import require_coordinator
from blueprints.pairings.board import NEWCOMERS_PER_PAGE, PAIRINGS_PER_PAGE, board_slice
from blueprints.pairings.forms import PairingForm, QuickPairForm, SettingsForm
from blueprints.pairings.models import STATES
from blueprints.pairings.progress import save_targets, semester_targets
from blueprints.pairings.services import PairingError, already_paired_message, create_pairing, save_settings, settings_for
from blueprints.pairings.suggestions import lacking_slice, suggestions_to_show

from . import bp


def all_semesters() -> list[Semester]:
    """Every semester, newest first, for the filters."""
    return semesters()[::-1]


def chosen_semester(value: str | None) -> Semester | None:
    """The semester named in the request, else the current one, else the latest."""
    wanted = parse_id(value)
    if wanted:
        # From the list the filters show anyway, instead of a query of its own.
        semester = next((s for s in semesters() if s.id == wanted), None)
        if semester is None:
            abort(404)
        return semester
    return current_semester() or next(iter(all_semesters()), None)


def _filters(source) -> tuple[str, str]:
    subject = source.get("subject", "")
    state = source.get("state", "")
    return (subject if subject in SUBJECTS else ""), (state if state in STATES else "")


def _pages(source) -> tuple[int, int]:
    """The page of the table and the page of the newcomers list asked for."""
    return page_number(source.get("page")), page_number(source.get("newcomer_page"))


def _board_url(semester: Semester, subject: str, state: str, page: int, newcomer_page: int) -> str:
    """The board's address with its filters and both pages; page 1 is left out."""
    return url_for(
        "pairings.board", semester=semester.id, subject=subject or None, state=state or None,
        page=page if page > 1 else None, newcomer_page=newcomer_page if newcomer_page > 1 else None,
    )


def newcomers_context(semester: Semester, subject: str, state: str, pages: tuple[int, int],
                      errors: dict[int, str] | None = None) -> dict:
    """What the "still lacks a mentor" list needs: one page of the newcomers, their suggestions, the counts, any
    error per person, and the addresses of the pages around it."""
    found = lacking_slice(semester, offset=(pages[1] - 1) * NEWCOMERS_PER_PAGE, limit=NEWCOMERS_PER_PAGE)
    page = Page.of(pages[1], NEWCOMERS_PER_PAGE, found.lacking)
    if page.number != pages[1]:  # fewer are left than that page would start at: show the last page
        found = lacking_slice(semester, offset=page.offset, limit=page.size)
    lacking = found.people
    listed = {person.id for person in lacking}
    return {
        "lacking": lacking,
        "lacking_total": found.lacking,
        "newcomer_total": found.newcomers,
        "newcomer_page": page,
        "newcomer_page_urls": {
            number: _board_url(semester, subject, state, pages[0], number)
            for number in (page.previous, page.next) if number
        },
        # An error about someone no longer listed (just paired by someone else) shows above the list.
        "stray_errors": [message for person_id, message in (errors or {}).items() if person_id not in listed],
        "suggestions": suggestions_to_show(lacking, semester),
        "pair_errors": errors or {},
        # One address per page instead of one url_for per card: every card links to the create form.
        "create_prefix": url_for("pairings.create", semester=semester.id) + "&apprentice=",
    }


def board_context(semester: Semester | None, subject: str, state: str, pages: tuple[int, int]) -> dict:
    """The board table: one page of the semester's pairings with their figures, and the counts of all of them."""
    context = {"semester": semester, "subject": subject, "state": state}
    if semester is None:
        return context
    settings, today = settings_for(semester.id), clock.today()

    def slice_at(page_no: int):
        return board_slice(semester, subject=subject, state=state, quiet_days=settings.quiet_days, today=today,
                           offset=(page_no - 1) * PAIRINGS_PER_PAGE, limit=PAIRINGS_PER_PAGE)

    found = slice_at(pages[0])
    page = Page.of(pages[0], PAIRINGS_PER_PAGE, found.total)
    if page.number != pages[0]:  # fewer are left than that page would start at: show the last page
        found = slice_at(page.number)
    return {
        **context,
        "rows": found.rows,
        "table_page": page,
        "table_page_urls": {
            number: _board_url(semester, subject, state, number, pages[1])
            for number in (page.previous, page.next) if number
        },
        "quiet_count": found.quiet,
        "settings": settings,
        # One address prefix instead of one url_for per row: every row links to /pairings/<id>.
        "detail_prefix": url_for("pairings.detail", pairing_id=0)[:-1],
    }


@bp.get("/")
@login_required
def board():
    """A semester's pairings a page at a time, filtered by subject and state, with the newcomers who still lack a
    mentor a page at a time; htmx swaps the body below the filters."""
    require_coordinator(current_user)
    semester = chosen_semester(request.args.get("semester"))
    subject, state = _filters(request.args)
    pages = _pages(request.args)

    def draw_body() -> str:
        context = board_context(semester, subject, state, pages)
        if semester is not None:
            context.update(newcomers_context(semester, subject, state, pages))
        return render_template("pairings/_board_body.html", **context)

    # The lists below the filters are the same for every coordinator: drawn once and kept while no data changes
    # (core.fragments puts each session's CSRF token back into the pairing buttons).
    key = (semester.id if semester else None, subject, state, pages, clock.today())
    body = kept_fragment("pairings_board_body", key, draw_body)
    return page_or_drawn_part("pairings/board.html", body, semester=semester, subject=subject, state=state,
                              semesters=all_semesters(), subjects=SUBJECTS, states=STATES)


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
    subject, state = _filters(request.form)
    pages = _pages(request.form)
    if not is_htmx():
        flash(message, "error" if errors else "success")
        return redirect_to(_board_url(semester, subject, state, *pages))
    return render_template(
        "pairings/_quick_pair_response.html",
        notice=None if errors else message,
        **board_context(semester, subject, state, pages),
        **newcomers_context(semester, subject, state, pages, errors),
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
