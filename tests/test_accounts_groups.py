"""Groups and memberships: who leads, who may add and remove members."""
import pytest
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Group, Membership
from blueprints.accounts.services import leads_group, set_membership


def test_a_person_is_a_member_of_a_group_once(app, teacher, make_group):
    group = make_group()
    set_membership(group, teacher, is_leader=False)
    set_membership(group, teacher, is_leader=True)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Membership)) == 1
    assert leads_group(teacher, group.id)
    db.session.add(Membership(group=group, staff=teacher))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_home_page_lists_my_groups_and_the_current_semester(client, login_as, teacher, make_group, make_semester):
    make_semester()
    make_group(name="女教师合唱团", kind="arts", members=[teacher])
    make_group(name="妇委会", kind="women", leaders=[teacher])
    make_group(name="工会", kind="union")
    login_as(teacher)
    page = client.get("/").get_data(as_text=True)
    assert "2026-2027学年第一学期" in page
    assert "女教师合唱团" in page and "妇委会" in page and "负责人" in page
    assert "工会" not in page.split("我的组织")[1]


def test_groups_page_shows_leaders_and_sizes(client, login_as, teacher, make_staff, make_group):
    leader = make_staff(name="王芳")
    make_group(name="妇委会", leaders=[leader], members=[teacher])
    login_as(teacher)
    page = client.get("/groups/").get_data(as_text=True)
    assert "妇委会" in page and "2 人" in page and "负责人：王芳" in page


def test_leader_adds_a_member_in_place_with_htmx(client, login_as, make_staff, make_group):
    leader = make_staff(name="王芳")
    newcomer = make_staff(name="程菲")
    group = make_group(name="女教师合唱团", kind="arts", leaders=[leader])
    login_as(leader)
    response = client.post(f"/groups/{group.id}/members", data={"staff_id": newcomer.id, "is_leader": "y"}, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "程菲" in html
    membership = db.session.scalars(db.select(Membership).where(Membership.staff_id == newcomer.id)).one()
    assert membership.is_leader is False  # only the admin names leaders


def test_member_without_lead_cannot_change_the_group(client, login_as, teacher, make_staff, make_group):
    other = make_staff()
    group = make_group(members=[teacher, other])
    login_as(teacher)
    assert client.post(f"/groups/{group.id}/members", data={"staff_id": other.id}).status_code == 403
    assert client.post(f"/groups/{group.id}/members/{other.id}/remove").status_code == 403
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "添加成员" not in page and "移出" not in page


def test_leader_cannot_remove_a_fellow_leader_but_the_admin_can(client, login_as, admin, make_staff, make_group):
    first, second = make_staff(), make_staff()
    group = make_group(leaders=[first, second])
    login_as(first)
    assert client.post(f"/groups/{group.id}/members/{second.id}/remove").status_code == 403
    client.post("/logout")
    login_as(admin)
    assert client.post(f"/groups/{group.id}/members/{second.id}/remove").status_code == 303
    assert not leads_group(second, group.id)


def test_adding_without_picking_someone_says_what_to_do(client, login_as, admin, make_group):
    group = make_group()
    login_as(admin)
    html = client.post(f"/groups/{group.id}/members", data={"staff_id": ""}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "请先搜索并选择一位同事" in html


def test_admin_names_and_unnames_a_leader(client, login_as, admin, teacher, make_group):
    group = make_group(members=[teacher])
    login_as(admin)
    client.post(f"/groups/{group.id}/members/{teacher.id}/leader", data={"leader": "1"})
    assert leads_group(teacher, group.id)
    client.post(f"/groups/{group.id}/members/{teacher.id}/leader", data={"leader": "0"})
    assert not leads_group(teacher, group.id)


def test_admin_creates_a_group_and_duplicate_names_are_refused(client, login_as, admin, make_group):
    make_group(name="工会", kind="union")
    login_as(admin)
    page = client.post("/groups/new", data={"name": "工会", "kind": "union"}).get_data(as_text=True)
    assert "已有同名的组织" in page
    assert client.post("/groups/new", data={"name": "青年读书会", "kind": "other", "description": "　每月共读一本书，交流心得。"}).status_code == 303
    assert db.session.scalars(db.select(Group).where(Group.name == "青年读书会")).one().description == "每月共读一本书，交流心得。"


def test_admin_manages_a_persons_groups_from_their_page(client, login_as, admin, teacher, make_group):
    choir = make_group(name="女教师合唱团", kind="arts")
    login_as(admin)
    page = client.get(f"/staff/{teacher.id}").get_data(as_text=True)
    assert "女教师合唱团" in page  # offered in the group picker
    html = client.post(f"/staff/{teacher.id}/groups", data={"group_id": choir.id, "is_leader": "y"}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in html and "负责人" in html
    assert leads_group(teacher, choir.id)
    client.post(f"/staff/{teacher.id}/groups/{choir.id}/remove")
    assert not db.session.scalars(db.select(Membership).where(Membership.staff_id == teacher.id)).all()


def test_unknown_group_is_refused_from_a_persons_page(client, login_as, admin, teacher):
    login_as(admin)
    client.post(f"/staff/{teacher.id}/groups", data={"group_id": 999})
    assert not db.session.scalars(db.select(Membership)).all()


def test_group_name_cannot_hold_the_roster_separators(client, login_as, admin):
    login_as(admin)
    page = client.post("/groups/new", data={"name": "合唱团、舞蹈队", "kind": "arts"}).get_data(as_text=True)
    assert "不能含有顿号" in page
    assert not db.session.scalars(db.select(Group)).all()


def test_the_add_member_form_sends_one_picked_id(client, login_as, admin, make_group):
    """A second, empty input of the same name would be sent first by a browser and win."""
    import re

    group = make_group()
    login_as(admin)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    form = page.split('hx-post="/groups/')[1].split("</form>")[0]
    assert len(re.findall(r'name="staff_id"', form)) == 1
