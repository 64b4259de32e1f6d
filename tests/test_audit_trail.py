"""The audit trail: sign-ins, changes with before → after, the admin's filtered view, nothing editable,
and pruning only what is older than the retention period."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Membership
from blueprints.audit.models import AuditEntry
from blueprints.audit.services import record
from tests.conftest import TEST_PASSWORD


def _entries(action=None):
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return db.session.scalars(query).all()


def test_login_success_and_failure_are_recorded_with_the_address(client, teacher):
    client.post("/login", data={"staff_no": teacher.staff_no, "password": "wrong-guess"})
    client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    failed, = _entries("login.failed")
    assert teacher.staff_no in failed.summary and failed.address == "127.0.0.1" and failed.actor_id is None
    success, = _entries("login.success")
    assert success.actor_id == teacher.id and success.object_id == teacher.id


def test_editing_a_person_records_who_changed_which_field(client, login_as, admin, make_staff):
    person = make_staff(name="王芳", title="一级教师")
    login_as(admin)
    form = {"staff_no": person.staff_no, "name": "王芳芳", "gender": "F", "subject": "语文", "grade_band": "",
            "title": "高级教师", "political_status": "群众", "role": "teacher", "phone": ""}
    assert client.post(f"/staff/{person.id}/edit", data=form).status_code == 303
    entry = _entries("update")[-1]
    assert entry.object_type == "Staff" and entry.object_id == person.id and entry.actor_id == admin.id
    assert entry.changes["name"] == ["王芳", "王芳芳"]
    assert entry.changes["title"] == ["一级教师", "高级教师"]
    assert "pinyin_full" not in entry.changes and "updated_at" not in entry.changes


def test_deactivation_and_password_reset_are_recorded_without_the_secret(client, login_as, admin, teacher):
    login_as(admin)
    client.post(f"/staff/{teacher.id}/reset-password")
    client.post(f"/staff/{teacher.id}/deactivate")
    changes = [e.changes for e in _entries("update") if e.object_id == teacher.id]
    assert {"password_hash": ["", "（已修改）"]} in [{k: v for k, v in c.items() if k == "password_hash"} for c in changes]
    assert any(c.get("is_active_member") == [True, False] for c in changes)
    assert all("pbkdf2" not in str(c) for c in changes)


def test_group_membership_changes_are_recorded(app, make_group, teacher):
    group = make_group("团委", "youth", members=[teacher])
    created = [e for e in _entries("create") if e.object_type == "Membership"]
    assert created and created[-1].changes["staff_id"] == [None, teacher.id]
    membership = db.session.scalars(select(Membership)).one()
    db.session.delete(membership)
    db.session.commit()
    deleted = [e for e in _entries("delete") if e.object_type == "Membership"]
    assert deleted and deleted[0].changes["group_id"] == [group.id, None]


def test_a_change_rolled_back_leaves_no_entry(app, teacher):
    before = len(_entries())
    teacher.name = "不会保存"
    db.session.flush()
    db.session.rollback()
    assert len(_entries()) == before


def test_record_is_for_any_feature_and_commits_with_the_change(app, admin):
    record(admin, "kiosk.open", admin, {"label": (None, "录播室门口")}, summary="测试")
    db.session.commit()
    entry = _entries("kiosk.open")[0]
    assert entry.changes == {"label": [None, "录播室门口"]} and entry.actor_label.startswith(admin.name)


def test_only_the_admin_browses_and_filters(client, login_as, admin, teacher):
    client.post("/login", data={"staff_no": "X404", "password": "wrong-guess"})
    login_as(teacher)
    assert client.get("/audit/").status_code == 403
    client.post("/logout")
    login_as(admin)
    page = client.get("/audit/?action=login.failed").get_data(as_text=True)
    assert "X404" in page and "登录失败" in page, page[page.find("<main"):][:3000]
    assert "X404" not in client.get("/audit/?action=login.success").get_data(as_text=True)
    bad = client.get("/audit/?since=2026-13-01").get_data(as_text=True)
    assert "field-error" in bad
    partial = client.get("/audit/?action=login.failed", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in partial and "X404" in partial


def test_there_is_no_way_to_change_entries_from_the_app(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/audit")]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def test_prune_deletes_only_entries_older_than_the_retention(app):
    now = datetime(2026, 11, 25, 2, 0)
    app.config["FIXED_NOW"] = now
    for days in (200, 184, 182, 1):
        db.session.add(AuditEntry(at=now - timedelta(days=days), action="login.failed", changes={}))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "prune"])
    assert "已删除 2 条" in result.output, result.output
    left = sorted((now - e.at).days for e in _entries())
    assert left == [1, 182]


def test_record_names_an_object_not_yet_flushed(app, admin):
    from blueprints.accounts.models import Group

    group = Group(name="新组织", kind="other")
    db.session.add(group)
    record(admin, "create", group, summary="新组织")
    db.session.commit()
    assert [e.object_id for e in _entries() if e.summary == "新组织" and e.actor_id == admin.id] == [group.id]
