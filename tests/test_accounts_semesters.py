"""Semesters: names, dates, and exactly one current."""
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Semester
from blueprints.accounts.services import make_current


def test_database_refuses_a_second_current_semester(app, make_semester):
    make_semester()
    db.session.add(Semester(name="2027-2028学年第一学期", start_date=date(2027, 9, 1), end_date=date(2028, 1, 20), is_current=True))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_making_one_current_releases_the_other(app, make_semester):
    first = make_semester()
    second = make_semester(name="2026-2027学年第二学期", start=date(2027, 2, 20), end=date(2027, 7, 5), current=False)
    make_current(second)
    db.session.commit()
    assert (first.is_current, second.is_current) == (False, True)


def test_admin_adds_a_semester_and_makes_it_current(client, login_as, admin, make_semester):
    make_semester()
    login_as(admin)
    response = client.post(
        "/semesters/new",
        data={"name": "2026-2027学年第二学期", "start_date": "2027-02-20", "end_date": "2027-07-05", "is_current": "y"},
    )
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "2026-2027学年第二学期" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "第一学期", "start_date": "2027-02-20", "end_date": "2027-07-05"}, "格式如"),
        ({"name": "2026-2027学年第二学期", "start_date": "2027-07-05", "end_date": "2027-02-20"}, "结束日期必须晚于开始日期"),
        ({"name": "2026-2027学年第一学期", "start_date": "2027-02-20", "end_date": "2027-07-05"}, "已有同名学期"),
        ({"name": "2026-2027学年第二学期", "start_date": "2026-12-01", "end_date": "2027-07-05"}, "重叠"),
        ({"name": "2026-2027学年第二学期", "start_date": "2027-02-30", "end_date": "2027-07-05"}, "不是有效的日期值"),
    ],
)
def test_bad_semester_is_refused_with_the_reason(client, login_as, admin, make_semester, data, message):
    make_semester()
    login_as(admin)
    page = client.post("/semesters/new", data=data).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Semester)) == 1
