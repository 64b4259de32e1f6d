"""The register: every award, filtered by kind, level, grade, year or person; and the same list as Excel."""
from __future__ import annotations

from flask import request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.core import clock
from blueprints.core.access import admin_required, login_required
from blueprints.core.downloads import download
from blueprints.core.htmx import render_page_or_partial
from blueprints.honours.forms import DeleteForm
from blueprints.honours.importing import honours_workbook
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, CATEGORIES_BY_KIND, RECIPIENT_KINDS, UNGRADED, Award
from blueprints.honours.queries import Filters, filtered, list_awards, year_choices

from . import bp


@bp.get("/")
@login_required
def index():
    """The school's honours, newest first, filtered; the admin also enters, imports and exports them."""
    filters = Filters.from_args(request.args)
    page = request.args.get("page", "1")
    result = list_awards(filters, page=int(page) if page.isdigit() else 1)
    person = db.session.get(Staff, filters.staff_id) if filters.staff_id else None
    return render_page_or_partial(
        "honours/index.html",
        "honours/_list.html",
        filters=filters,
        result=result,
        person=person,
        kinds=RECIPIENT_KINDS,
        levels=AWARD_LEVELS,
        grades=[(g, "其他（无等次）" if g == UNGRADED else g) for g in AWARD_GRADES],
        categories=sorted({c for cs in CATEGORIES_BY_KIND.values() for c in cs}, key=_category_order),
        years=year_choices(clock.today()),
        may_edit=current_user.is_admin,
        delete_form=DeleteForm(),
    )


def _category_order(category: str) -> tuple[int, int]:
    for rank, kind in enumerate(CATEGORIES_BY_KIND):
        if category in CATEGORIES_BY_KIND[kind]:
            return rank, CATEGORIES_BY_KIND[kind].index(category)
    return 9, 0


@bp.get("/export.xlsx")
@admin_required
def export():
    """The filtered register as an .xlsx with the import's own columns (edit it and import it again)."""
    filters = Filters.from_args(request.args)
    awards = db.session.scalars(
        filtered(select(Award), filters)
        .options(selectinload(Award.staff), selectinload(Award.group))
        .order_by(Award.awarded_on, Award.id)
    )
    today = clock.today().isoformat()
    return download(honours_workbook(list(awards)), filename=f"荣誉册-{today}.xlsx", fallback=f"honours-{today}.xlsx")
