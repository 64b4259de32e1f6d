"""Who sees what of the reports: the 报表 menu for the admin and group leaders, a teacher's own 成长档案 straight
from the menu; the colleague picker only for those who may read others' archives."""
from __future__ import annotations

import re

import pytest

from tests.test_certificates_support import fixed_day  # noqa: F401

QUERY = "start=2026-01-01&end=2026-09-10"


def _menu(html: str) -> list[str]:
    """The labels of the top menu."""
    menu = html[html.index('id="main-menu"'):html.index("</ul>", html.index('id="main-menu"'))]
    return re.findall(r'<a href="[^"]*"[^>]*>([^<]+)</a>', menu)


def test_a_teacher_finds_their_growth_archive_in_the_menu_instead_of_reports(client, login_as, teacher):
    login_as(teacher)
    menu = _menu(client.get("/certificates/").get_data(as_text=True))
    assert "成长档案" in menu and "报表" not in menu
    assert '<a href="/reports/archive"' in client.get("/certificates/").get_data(as_text=True)
    old_link = client.get("/reports/")
    assert old_link.status_code == 302 and old_link.headers["Location"].endswith("/reports/archive")


@pytest.mark.parametrize("who", ["admin", "leader"])
def test_the_admin_and_group_leaders_see_reports_in_the_menu(who, client, login_as, admin, make_staff, make_group):
    leader = make_staff(name="组长")
    make_group(name="语文组", kind="subject", leaders=[leader])
    person = admin if who == "admin" else leader
    login_as(person)
    page = client.get("/certificates/").get_data(as_text=True)
    assert "报表" in _menu(page) and "成长档案" not in _menu(page)
    index = client.get("/reports/").get_data(as_text=True)
    assert "活动签到表" in index and "公开课达标情况" in index
    assert ("学期工作总结" in index) == (who == "admin")


def test_a_teacher_sees_no_colleague_picker_and_only_their_own_archive(client, login_as, teacher, make_staff, fixed_day):
    other = make_staff(name="别人")
    login_as(teacher)
    page = client.get("/reports/archive").get_data(as_text=True)
    assert "我的成长档案" in page and "colleague-picker" not in page and 'name="staff"' not in page
    assert f"{teacher.name} <small" in page
    mine = client.get(f"/reports/archive?{QUERY}").get_data(as_text=True)
    assert f"{teacher.name} <small" in mine and "colleague-picker" not in mine
    assert f"/reports/archive.pdf?{QUERY}" in mine.replace("&amp;", "&")
    assert client.get(f"/reports/archive?staff={other.id}&{QUERY}").status_code == 403
    assert client.get(f"/reports/archive.xlsx?staff={other.id}&{QUERY}").status_code == 403


def test_the_admin_picks_any_colleague(client, login_as, admin, make_staff, fixed_day):
    other = make_staff(name="别人")
    login_as(admin)
    assert "colleague-picker" in client.get("/reports/archive").get_data(as_text=True)
    page = client.get(f"/reports/archive?staff={other.id}&{QUERY}")
    assert page.status_code == 200 and "别人 <small" in page.get_data(as_text=True)
    assert "colleague-picker" in page.get_data(as_text=True)


def test_a_group_leader_picks_their_members_and_is_told_when_picking_someone_else(
        client, login_as, make_staff, make_group, fixed_day):
    leader, member, outsider = make_staff(name="组长"), make_staff(name="组员"), make_staff(name="外人")
    make_group(name="语文组", kind="subject", leaders=[leader], members=[member])
    login_as(leader)
    assert "colleague-picker" in client.get("/reports/archive").get_data(as_text=True)
    assert "组员 <small" in client.get(f"/reports/archive?staff={member.id}&{QUERY}").get_data(as_text=True)
    refused = client.get(f"/reports/archive?staff={outsider.id}&{QUERY}")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "只能查看本人或您负责的组织中成员的成长档案" in text and "外人 <small" not in text
    assert client.get(f"/reports/archive.pdf?staff={outsider.id}&{QUERY}").status_code == 403


def test_a_leader_of_an_inactive_group_is_a_plain_teacher_here(client, login_as, make_staff, make_group, fixed_day):
    from app import db
    leader, member = make_staff(name="组长"), make_staff(name="组员")
    group = make_group(name="旧组", kind="subject", leaders=[leader], members=[member])
    group.is_active = False
    db.session.commit()
    login_as(leader)
    assert "colleague-picker" not in client.get("/reports/archive").get_data(as_text=True)
    assert client.get(f"/reports/archive?staff={member.id}&{QUERY}").status_code == 403


def test_the_menu_choice_reuses_what_the_request_already_read_about_the_user(
        app, teacher, make_staff, make_group, count_queries):
    from blueprints.accounts.services import person_facts
    from blueprints.reports import FEATURE
    leader = make_staff(name="组长")
    make_group(name="语文组", kind="subject", leaders=[leader])
    for person, label in ((teacher, "成长档案"), (leader, "报表")):
        with app.test_request_context():
            person_facts(person)  # read once per request for the menu and the home panels anyway
            with count_queries() as statements:
                shown = [item.label for item in FEATURE.nav if item.visible(person)]
            assert shown == [label] and statements == []
