"""个人数据导出: the admin, or the person themself, downloads everything the app holds about the person."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.personal_export import personal_workbook
from blueprints.audit.services import record
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.downloads import download

from . import bp


def may_export(reader: Staff, person: Staff) -> bool:
    """The admin, or the person themself: nobody else reads another's personal data."""
    return reader.is_admin or reader.id == person.id


@bp.post("/staff/<int:staff_id>/personal-data")
@login_required
def personal_data_export(staff_id: int):
    """The person's data as one Excel workbook; every export is written to the audit trail."""
    person = db.session.get(Staff, staff_id) or abort(404)
    if not may_export(current_user, person):
        abort(403)
    made_at = clock.now_local()
    content = personal_workbook(person, reader=current_user, made_at=made_at)
    record(current_user, "personal_data.export", person,
           summary=f"{person.name}（{person.staff_no}）的个人数据，由{current_user.name}导出")
    db.session.commit()
    return download(content, filename=f"个人数据导出-{person.name}-{made_at:%Y%m%d}.xlsx",
                    fallback=f"personal-data-{person.staff_no}.xlsx")
