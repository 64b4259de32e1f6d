"""The audit trail: sign-ins, changes with before → after across the features, certificates issued and
revoked, kiosks opened and revoked, the admin's filtered view, nothing editable, secret votes never in
it, and pruning only what is older than the retention period."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Membership
from blueprints.audit.models import AuditEntry
from blueprints.audit.services import record
from tests.conftest import TEST_PASSWORD
from tests.test_certificates_support import fixed_day, issue_honour  # noqa: F401  (fixtures)
from tests.test_events_support import NOW as EVENT_NOW, fixed_now, make_event  # noqa: F401
from tests.test_kiosk_support import event_now  # noqa: F401
from tests.test_pairings_support import fixed_today, make_pairing, semester  # noqa: F401
from tests.test_selection_support import DAYS, make_candidate, make_selection  # noqa: F401


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
    app.config["SECURITY_NOW"] = now  # retention counts real time, the clock entries are stamped with
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


# --- Certificates, kiosks and the other features' data -------------------------------------------------


def _about(object_type, action=None):
    return [e for e in _entries(action) if e.object_type == object_type]


def test_opening_and_revoking_a_kiosk_are_recorded_with_the_organiser(client, login_as, admin, fixed_now, event_now):
    from blueprints.kiosk.models import Kiosk

    login_as(admin)
    client.post(f"/kiosk/events/{event_now.id}/kiosks",
                data={"label": "门口 1 号", "opens_minutes_before": 30, "closes_minutes_after": 15})
    kiosk = db.session.scalars(select(Kiosk)).one()
    opened, = _entries("kiosk.open")
    assert (opened.actor_id, opened.object_type, opened.object_id) == (admin.id, "Kiosk", kiosk.id)
    assert opened.changes["label"] == [None, "门口 1 号"] and "青年教师成长沙龙" in opened.summary
    assert "token" not in opened.changes and kiosk.token not in str(opened.changes) + opened.summary
    client.post(f"/kiosk/events/{event_now.id}/kiosks/{kiosk.id}/revoke")
    client.post(f"/kiosk/events/{event_now.id}/kiosks/{kiosk.id}/revoke")  # already revoked: nothing more
    revoked, = _entries("kiosk.revoke")
    assert (revoked.actor_id, revoked.object_id) == (admin.id, kiosk.id) and revoked.changes["revoked_at"][1]


def test_issuing_a_certificate_records_one_entry_by_the_issuer(client, login_as, admin, fixed_day, make_staff):
    from blueprints.certificates.models import Certificate
    from blueprints.honours.models import Award

    award = Award(recipient_kind="teacher", staff=make_staff(name="王丽"), title="开化县小学语文优质课评比",
                  category="优质课评比", level="县", grade="一等奖", awarded_on=date(2026, 5, 22))
    db.session.add(award)
    db.session.commit()
    login_as(admin)
    client.post(f"/certificates/issue/award/{award.id}")
    cert = db.session.scalars(select(Certificate)).one()
    issued, = _entries("certificate.issue")
    assert (issued.actor_id, issued.object_type, issued.object_id) == (admin.id, "Certificate", cert.id)
    assert issued.changes["serial"] == [None, cert.serial] and "王丽" in issued.summary
    client.post(f"/certificates/issue/award/{award.id}")  # the same award again: the same certificate, no entry
    assert len(_entries("certificate.issue")) == 1


def test_a_batch_writes_one_entry_per_certificate_in_a_single_insert(app, admin, fixed_day, make_staff, count_queries):
    from blueprints.certificates.issuing import for_award, issue_many
    from blueprints.honours.models import Award

    awards = [Award(recipient_kind="teacher", staff=make_staff(), title=f"县优质课评比{n}", category="优质课评比",
                    level="县", grade="一等奖", awarded_on=date(2026, 5, 22)) for n in range(12)]
    db.session.add_all(awards)
    db.session.commit()
    with count_queries() as statements:
        certs = issue_many([for_award(a) for a in awards], issued_by=admin, today=fixed_day, now=datetime(2026, 9, 10, 2))
        db.session.commit()
    assert len([s for s in statements if "INSERT INTO audit_entry" in s]) == 1
    entries = _entries("certificate.issue")
    assert sorted(e.object_id for e in entries) == sorted(c.id for c in certs)
    assert {e.actor_id for e in entries} == {admin.id}


def test_revoking_a_certificate_records_who_and_why(client, login_as, admin, issue_honour):
    cert = issue_honour()
    login_as(admin)
    client.post(f"/certificates/{cert.id}/revoke", data={"reason": "获奖信息登记有误"})
    revoked, = _entries("certificate.revoke")
    assert (revoked.actor_id, revoked.object_id) == (admin.id, cert.id)
    assert revoked.changes["revoke_reason"] == [None, "获奖信息登记有误"]


def test_the_audit_page_names_these_actions_and_objects_in_chinese(client, login_as, admin, issue_honour):
    issue_honour(name="王丽")
    login_as(admin)
    page = client.get("/audit/?action=certificate.issue").get_data(as_text=True)
    assert "颁发证书" in page and "证书" in page and "王丽" in page and "荣誉证书" in page
    filters = client.get("/audit/").get_data(as_text=True)
    for label in ("开启签到机", "关闭签到机", "颁发证书", "撤销证书", "导出个人数据", "师徒结对", "活动报名", "荣誉"):
        assert label in filters, label
    assert client.get("/audit/?object_type=Certificate").status_code == 200


def test_a_pairing_state_change_is_recorded_and_read_with_names_and_labels(
        client, login_as, admin, make_pairing, make_staff, fixed_today):
    from blueprints.pairings.services import transition

    mentor, apprentice = make_staff(name="赵师傅"), make_staff(name="钱徒弟")
    pairing = make_pairing(mentor, apprentice, activate=False)
    created = _about("Pairing", "create")[-1]
    assert created.changes["mentor_id"] == [None, mentor.id] and created.changes["state"] == [None, "draft"]
    transition(pairing, "active", actor=admin, now=datetime(2026, 11, 25, 2))
    db.session.commit()
    login_as(admin)
    page = client.get("/audit/?object_type=Pairing").get_data(as_text=True)
    assert "赵师傅" in page and "钱徒弟" in page and "草稿" in page and "进行中" in page


def test_registration_and_attendance_are_recorded_with_the_person(app, fixed_now, make_event, teacher, admin):
    from blueprints.events.operations import record_attendance
    from blueprints.events.registration import register

    event = make_event()
    register(event, teacher, EVENT_NOW)
    db.session.commit()
    registered = _about("Registration", "create")[-1]
    assert registered.changes["staff_id"] == [None, teacher.id] and registered.changes["status"] == [None, "registered"]
    event.starts_at, event.ends_at = EVENT_NOW - timedelta(minutes=10), EVENT_NOW + timedelta(hours=1)
    db.session.commit()
    assert _about("Event", "update")[-1].changes["starts_at"][1] is not None
    record_attendance(event, teacher, EVENT_NOW, source="hand", by=admin)
    db.session.commit()
    signed = _about("Attendance", "create")[-1]
    assert signed.changes["staff_id"] == [None, teacher.id] and signed.changes["source"] == [None, "hand"]


def test_honours_holidays_and_open_lesson_settings_are_captured(app, admin, make_staff):
    from blueprints.calendars.models import Holiday
    from blueprints.honours.models import Award

    db.session.add(Award(recipient_kind="teacher", staff=make_staff(), title="县级教坛新秀", category="荣誉称号",
                         level="县", grade="其他", awarded_on=date(2026, 9, 10)))
    db.session.add(Holiday(name="元旦", kind="public", start_date=date(2027, 1, 1), end_date=date(2027, 1, 3)))
    db.session.commit()
    assert _about("Award", "create")[-1].summary == "县级教坛新秀"
    holiday = _about("Holiday", "create")[-1]
    assert holiday.changes["end_date"] == [None, "2027-01-03"]


def test_votes_stay_secret_no_entry_names_a_voter(app, make_selection, make_candidate, make_staff):
    from blueprints.selection.voting import cast_vote

    app.config["FIXED_TODAY"] = DAYS["voting"]
    selection = make_selection()
    candidate = make_candidate(selection)
    voter = make_staff(name="投票人")
    before = len(_entries())
    cast_vote(selection, candidate, voter=voter, today=DAYS["voting"], now=datetime(2026, 9, 3, 2))
    db.session.commit()
    after = _entries()[before:]
    assert all(e.object_type not in ("Vote", "Ballot") for e in after)
    assert all(voter.id not in [v for pair in e.changes.values() for v in pair] for e in after)


def test_feed_links_and_sign_in_codes_are_recorded_without_their_secret(app, teacher):
    from blueprints.calendars.feeds import issue_feed
    from blueprints.kiosk.codes import ensure_code

    feed = issue_feed(teacher, datetime(2026, 11, 25, 2))
    code = ensure_code(teacher, datetime(2026, 11, 25, 2))
    db.session.commit()
    entries = _about("CalendarFeed") + _about("SignInCode")
    assert {e.object_type for e in entries} == {"CalendarFeed", "SignInCode"}
    text = " ".join(str(e.changes) + e.summary for e in entries)
    assert feed.token not in text and code.code not in text


def test_removing_a_member_with_a_bulk_delete_is_recorded_too(client, login_as, admin, make_group, teacher):
    group = make_group("团委", "youth", members=[teacher])
    login_as(admin)
    assert client.post(f"/groups/{group.id}/members/{teacher.id}/remove").status_code in (200, 303)
    removed = _about("Membership", "delete")[-1]
    assert removed.actor_id == admin.id and removed.changes["staff_id"] == [teacher.id, None]
    assert removed.changes["group_id"] == [group.id, None]


def test_switching_the_current_semester_records_both_semesters(client, login_as, admin, make_semester):
    old = make_semester()
    new = make_semester(name="2026-2027学年第二学期", start=date(2027, 2, 20), end=date(2027, 7, 5), current=False)
    login_as(admin)
    client.post(f"/semesters/{new.id}/current")
    changed = {e.object_id: e.changes["is_current"] for e in _about("Semester", "update") if "is_current" in e.changes}
    assert changed == {old.id: [True, False], new.id: [False, True]}
    assert {e.actor_id for e in _about("Semester", "update")} == {admin.id}


def test_capturing_a_change_costs_no_extra_query(app, teacher, count_queries):
    teacher = db.session.get(type(teacher), teacher.id)
    teacher.title = "高级教师"
    with count_queries() as statements:
        db.session.flush()
    assert len(statements) == 2, statements  # the UPDATE and the one audit INSERT, no SELECT
    db.session.rollback()


@pytest.mark.parametrize("kind", ["Membership", "Pairing", "Registration", "Attendance", "Award", "Event"])
def test_the_object_filter_offers_every_captured_kind(client, login_as, admin, kind):
    login_as(admin)
    assert f'value="{kind}"' in client.get("/audit/").get_data(as_text=True)
