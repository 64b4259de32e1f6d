"""The staff roster: list, live search, a person's page, and the admin's changes."""
from app import db
from blueprints.accounts.models import Membership, Staff


def test_staff_list_shows_everyone_active(client, login_as, teacher, make_staff):
    make_staff(name="程菲")
    make_staff(name="离职者", is_active_member=False)
    login_as(teacher)
    page = client.get("/staff/").get_data(as_text=True)
    assert "程菲" in page and "张三" in page
    assert "离职者" not in page


def test_live_search_answers_htmx_with_the_table_only(client, login_as, teacher, make_staff):
    make_staff(name="程菲")
    login_as(teacher)
    response = client.get("/staff/?q=cf", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "程菲" in html and "张三" not in html
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_search_url_opened_directly_renders_a_full_page(client, login_as, teacher, make_staff):
    make_staff(name="程菲")
    login_as(teacher)
    html = client.get("/staff/?q=cf").get_data(as_text=True)
    assert "<html" in html and "程菲" in html and 'value="cf"' in html


def test_staff_list_queries_do_not_grow_with_the_roster(client, login_as, teacher, make_staff, make_group, count_queries):
    people = [make_staff() for _ in range(15)]
    make_group(name="工会", kind="union", members=people)
    login_as(teacher)
    db.session.expire_all()  # the test shares the app's session: start both requests equally cold
    with count_queries() as few:
        client.get("/staff/")
    make_group(name="女教师合唱团", kind="arts", members=[make_staff() for _ in range(15)])
    db.session.expire_all()
    with count_queries() as many:
        client.get("/staff/")
    assert len(many) == len(few) <= 8


def test_private_details_only_for_admin_and_self(client, login_as, teacher, make_staff, admin):
    other = make_staff(name="李四", phone="13800000001", political_status="正式党员")
    login_as(teacher)
    page = client.get(f"/staff/{other.id}").get_data(as_text=True)
    assert "李四" in page and "13800000001" not in page and "正式党员" not in page
    own = client.get(f"/staff/{teacher.id}").get_data(as_text=True)
    assert "手机号" in own
    client.post("/logout")
    login_as(admin)
    assert "13800000001" in client.get(f"/staff/{other.id}").get_data(as_text=True)


def test_admin_creates_a_person_who_must_change_the_password(client, login_as, admin):
    login_as(admin)
    response = client.post(
        "/staff/new",
        data={"staff_no": "T0200", "name": "单丽", "gender": "F", "subject": "数学", "political_status": "群众", "role": "teacher", "title": "", "grade_band": "低段"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "已添加 单丽" in page and "初始密码" in page
    person = db.session.scalars(db.select(Staff).where(Staff.staff_no == "T0200")).one()
    assert person.must_change_password and person.pinyin_initials.startswith("sl")


def test_bad_staff_input_is_refused_next_to_the_field_and_changes_nothing(client, login_as, admin, make_staff):
    make_staff(staff_no="T0300")
    login_as(admin)
    before = db.session.scalar(db.select(db.func.count()).select_from(Staff))
    page = client.post(
        "/staff/new",
        data={"staff_no": "T0300", "name": "", "gender": "F", "phone": "123", "birth_date": "2026-13-40", "political_status": "群众", "role": "teacher"},
    ).get_data(as_text=True)
    assert "请填写此项" in page  # name
    assert "请输入 11 位手机号" in page
    assert "不是有效的日期值" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Staff)) == before


def test_duplicate_staff_number_is_refused(client, login_as, admin, make_staff):
    make_staff(staff_no="T0300")
    login_as(admin)
    page = client.post(
        "/staff/new", data={"staff_no": "T0300", "name": "新人", "gender": "M", "political_status": "群众", "role": "teacher", "subject": "", "grade_band": "", "title": ""}
    ).get_data(as_text=True)
    assert "这个工号已被使用" in page


def test_admin_edits_and_deactivates_but_never_deletes(client, login_as, admin, teacher):
    login_as(admin)
    response = client.post(
        f"/staff/{teacher.id}/edit",
        data={"staff_no": teacher.staff_no, "name": "张三丰", "gender": "M", "subject": "体育", "grade_band": "高段", "title": "", "political_status": "团员", "role": "teacher", "is_backbone": "y"},
    )
    assert response.status_code == 303
    assert teacher.name == "张三丰" and teacher.is_backbone and teacher.subject == "体育"
    client.post(f"/staff/{teacher.id}/deactivate")
    assert db.session.get(Staff, teacher.id).is_active_member is False
    client.post(f"/staff/{teacher.id}/reactivate")
    assert db.session.get(Staff, teacher.id).is_active_member is True


def test_admin_cannot_demote_or_deactivate_themselves(client, login_as, admin):
    login_as(admin)
    page = client.post(
        f"/staff/{admin.id}/edit",
        data={"staff_no": admin.staff_no, "name": admin.name, "gender": "F", "political_status": "群众", "role": "teacher", "subject": "", "grade_band": "", "title": ""},
    ).get_data(as_text=True)
    assert "不能取消自己的管理员角色" in page
    client.post(f"/staff/{admin.id}/deactivate")
    assert admin.is_active_member and admin.is_admin


def test_password_reset_lifts_a_lock_and_forces_a_change(client, login_as, admin, teacher):
    from datetime import datetime

    teacher.locked_until = datetime(2099, 1, 1)
    db.session.commit()
    login_as(admin)
    page = client.post(f"/staff/{teacher.id}/reset-password", follow_redirects=True).get_data(as_text=True)
    assert "新初始密码" in page
    assert teacher.locked_until is None and teacher.must_change_password


def test_colleague_search_component_returns_pickable_names(client, login_as, teacher, make_staff):
    wanted = make_staff(name="曾红")
    login_as(teacher)
    html = client.get("/search/colleagues?q=zh").get_data(as_text=True)
    assert f'data-pick-id="{wanted.id}"' in html and "曾红" in html
    assert "没有找到" in client.get("/search/colleagues?q=qqqq").get_data(as_text=True)


def test_admin_sees_until_when_an_account_is_locked_in_beijing_time(client, login_as, admin, teacher):
    from datetime import datetime

    teacher.locked_until = datetime(2026, 11, 25, 2, 30)  # stored as UTC
    db.session.commit()
    login_as(admin)
    assert "2026-11-25 10:30" in client.get(f"/staff/{teacher.id}").get_data(as_text=True)


def test_long_roster_pages_through_everyone_in_staff_number_order(client, login_as, teacher, make_staff):
    for i in range(60):
        make_staff(staff_no=f"Z{i:04d}", name=f"教师{i:02d}")
    login_as(teacher)
    first = client.get("/staff/").get_data(as_text=True)
    assert "共 61 人" in first and "第 1/2 页" in first and "下一页" in first
    assert "教师00" in first and "教师59" not in first
    second = client.get("/staff/?page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in second and "教师59" in second and "教师00" not in second and "上一页" in second
    assert "下一页" not in second
    # A page past the end shows the last one; search still reaches everyone, a page at a time.
    assert "教师59" in client.get("/staff/?page=9").get_data(as_text=True)
    many = client.get("/staff/?q=教师").get_data(as_text=True)
    assert "找到的人较多" in many and "/staff/?page=2&amp;q=" in many
    rest = client.get("/staff/?q=教师&page=2").get_data(as_text=True)
    assert "教师" in rest and "上一页" in rest and "下一页" not in rest


def test_staff_row_shows_marks_and_groups_in_the_order_joined(client, login_as, admin, make_staff, make_group):
    person = make_staff(name="程菲", staff_no="Z0001", subject="数学", title="高级教师", is_famous=True,
                        political_status="正式党员", phone="13800000009")
    loner = make_staff(name="<b>新人</b>", staff_no="Z0002")
    gone = make_staff(name="离职者", staff_no="Z0003", is_active_member=False, is_special_grade=True)
    choir = make_group(name="女教师合唱团", kind="arts")  # created first, joined last
    make_group(name="工会", kind="union", members=[person])
    db.session.add(Membership(group=choir, staff=person, is_leader=False))
    db.session.commit()
    login_as(admin)
    html = client.get("/staff/?inactive=1").get_data(as_text=True)

    def row(staff):
        start = html.index(f'<a href="/staff/{staff.id}">')
        return html[start:html.index("</tr>", start)]

    assert all(text in row(person) for text in ("程菲", "Z0001", "数学", "高级教师", "名师", "党员", "工会、女教师合唱团"))
    assert not any(text in row(person) for text in ("特级", "骨干", "已停用"))
    assert "&lt;b&gt;新人&lt;/b&gt;" in row(loner) and "None" not in row(loner) and "党员" not in row(loner)
    assert "已停用" in row(gone) and "特级" in row(gone)
    assert "13800000009" not in html  # phone numbers are on a person's own page, never in the list


def test_the_kept_roster_shows_a_change_at_once_and_each_viewer_their_own_choice(client, login_as, admin, teacher,
                                                                                   make_staff):
    # A page of the roster is kept while no data changes (accounts.views.staff.staff_index).
    login_as(admin)
    assert "新来的" not in client.get("/staff/").get_data(as_text=True)
    newcomer = make_staff(name="新来的", staff_no="Z0100")
    assert "新来的" in client.get("/staff/").get_data(as_text=True)
    newcomer.is_active_member = False
    db.session.commit()
    assert "新来的" not in client.get("/staff/").get_data(as_text=True)
    with_inactive = client.get("/staff/?inactive=1").get_data(as_text=True)
    assert "新来的" in with_inactive and "已停用" in with_inactive

    client.post("/logout")
    login_as(teacher)
    assert "新来的" not in client.get("/staff/?inactive=1").get_data(as_text=True)  # only the admin sees them
