"""The staff list a page at a time, as plain rows: a page shows fifty people but only a few of their columns."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, Row, bindparam, func, select

from app import db
from blueprints.accounts.models import PARTY_STATUSES, Group, Membership, Staff
from blueprints.accounts.services import search_statement

#: Rows per page of the roster: a page stays quick to render and to read on a phone, whatever the school's size.
PAGE_SIZE = 50


@dataclass(frozen=True)
class StaffPage:
    """One page of the list. Each row is (id, name, staff_no, subject, title, is_active_member, is_special_grade,
    is_famous, is_backbone, is_party_member, group_names), the last joined with 、 and "" for none."""

    rows: list[Row]
    page_no: int  #: the page shown: the one asked for, or the last one when the roster was asked past its end
    total: int | None  #: how many are listed; None when a search finds more than it has shown so far
    has_next: bool


@cache
def _shown_columns() -> tuple:
    """What a row shows, with the person's group names joined in SQL (in the order they joined): whole Staff
    objects plus a second query for their groups cost more than rendering the rows."""
    # aggregate_strings is group_concat on SQLite and string_agg on PostgreSQL; both concatenate an ordered
    # subquery in its order (SQLite never flattens one into an aggregate; PostgreSQL's manual says it "will
    # usually work"); test_staff_row_shows_marks_and_groups_in_the_order_joined holds both to that.
    names = (
        select(Group.name).join(Membership, Membership.group_id == Group.id)
        .where(Membership.staff_id == Staff.id).order_by(Membership.id).correlate(Staff).subquery()
    )
    return (
        Staff.id, Staff.name, Staff.staff_no, Staff.subject, Staff.title, Staff.is_active_member,
        Staff.is_special_grade, Staff.is_famous, Staff.is_backbone,
        Staff.political_status.in_(PARTY_STATUSES).label("is_party_member"),  # Staff.is_party_member, in SQL
        func.coalesce(select(func.aggregate_strings(names.c.name, "、")).scalar_subquery(), "").label("group_names"),
    )


@cache
def _roster_statements(include_inactive: bool):
    """Built once for each choice (every request would otherwise rebuild them): how many are listed, and a page
    of them in staff-number order."""
    where = () if include_inactive else (Staff.is_active_member.is_(True),)
    count = select(func.count()).select_from(Staff).where(*where)
    page = (
        select(*_shown_columns()).where(*where).order_by(Staff.staff_no)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
    )
    return count, page


def staff_page(query: str, page_no: int, *, include_inactive: bool) -> StaffPage:
    """A page of everyone, in staff-number order, or of those the search finds, best matches first."""
    found = search_statement(query, include_inactive=include_inactive)
    if found is not None:
        # Ask for the pages up to this one and one row more, to know whether a next page exists.
        rows = db.session.execute(found.with_only_columns(*_shown_columns()).limit(page_no * PAGE_SIZE + 1)).all()
        has_next = len(rows) > page_no * PAGE_SIZE
        return StaffPage(rows[(page_no - 1) * PAGE_SIZE:page_no * PAGE_SIZE], page_no,
                         None if has_next else len(rows), has_next)
    count, page = _roster_statements(include_inactive)
    total = db.session.scalar(count)
    page_no = min(page_no, max(1, -(-total // PAGE_SIZE)))
    rows = db.session.execute(page, {"limit": PAGE_SIZE, "offset": (page_no - 1) * PAGE_SIZE}).all()
    return StaffPage(rows, page_no, total, page_no * PAGE_SIZE < total)
