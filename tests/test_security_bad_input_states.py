"""The forms the crawl of test_security_bad_input.py cannot reach in one state of the demo school (logging
in, confirming an import, uploads, a repeating series, the kiosk), hostile text that reaches a PDF, and
forms posted by someone to whom the record does not belong: no 500, a clear Chinese message, nothing
written."""
from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import db
from tests.test_security_bad_input import OVERLONG, SCRIPT, _bad_values, _log_in, _send, check_answer, sweep_form
from tests.test_security_support import (
    CJK, DEMO_NOW, Form, chinese_messages, crawl, demo, endpoint_of, forms_on, people_and_ids,  # noqa: F401 (fixture)
    staff_id, watching_writes,
)

HOSTILE_TOKENS = ["", "../../../etc/passwd", OVERLONG, SCRIPT, "1'; DROP TABLE staff; --", "\u200b", "a" * 64]


def _refused(client, response, watch, where: str) -> None:
    """A refusal: no 500, nothing written, and a Chinese message on the answer or the page it leads to."""
    assert response.status_code < 500, (where, response.status_code)
    assert not watch.committed, (where, sorted(watch.committed))
    html = response.get_data(as_text=True)
    if response.status_code in (302, 303) or response.headers.get("HX-Redirect"):
        html += client.get(response.headers.get("HX-Redirect") or response.location).get_data(as_text=True)
    assert chinese_messages(html), (where, response.status_code, html[:300])
    assert "<script>alert" not in html, where


def test_login_refuses_hostile_values_in_chinese(app, client, demo):
    form = forms_on("/login", client.get("/login").get_data(as_text=True))[0]
    form.who = "anonymous"
    assert set(form.kinds) == {"staff_no", "password"}
    problems = sweep_form(client, form)
    assert not problems, "\n".join(problems)
    assert client.get("/").status_code in (302, 303)  # none of it logged anyone in


def test_import_confirmations_refuse_a_forged_preview(app, client, demo):
    _log_in(client, "T0001")
    for url in ("/roster/confirm", "/honours/import/confirm"):
        for token in HOSTILE_TOKENS:
            with watching_writes() as watch:
                response = client.post(url, data={"token": token, "initial_password": "qingchun-2026"})
                _refused(client, response, watch, f"{url} token={token[:20]!r}")


@pytest.mark.parametrize("url, field", [
    ("/roster/import", "file"), ("/honours/import", "file"), ("/certificates/seal", "seal"),
])
def test_uploads_refuse_files_that_are_not_spreadsheets(app, client, demo, url, field):
    _log_in(client, "T0001")
    files = [
        (b"", "empty.xlsx"),
        (b"<script>alert('x')</script>", "名册.xlsx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "seal.xlsx"),
        (b"PK\x03\x04 not really a zip", "../../etc/passwd.xlsx"),
        ("工号,姓名\n1'; DROP TABLE staff; --,张三\n".encode("utf-8"), "roster.csv" if field == "file" else "seal.png"),
        (b"GIF89a" + b"\x00" * 32, "字" * 300 + ".png"),
    ]
    upload_form = forms_on(url if field == "file" else "/certificates/manage",
                           client.get(url if field == "file" else "/certificates/manage").get_data(as_text=True))
    action = next(f.action for f in upload_form if f.multipart)
    for content, name in files:
        with watching_writes() as watch:
            response = client.post(action, data={field: (io.BytesIO(content), name)},
                                   content_type="multipart/form-data")
            _refused(client, response, watch, f"{url} {name[:20]!r}")


def test_series_forms_refuse_hostile_values(app, client, demo):
    from blueprints.events.models import Event

    _log_in(client, "T0001")
    occurrence = db.session.scalar(select(Event).where(Event.series_id.is_not(None), Event.starts_at > DEMO_NOW)
                                   .order_by(Event.starts_at))
    page = f"/calendars/series/{occurrence.series_id}/from/{occurrence.id}"
    edit = next(f for f in forms_on(page, client.get(page).get_data(as_text=True))
                if endpoint_of(app, f) == "calendars.series_edit")
    edit.who = "T0001"
    create = next(f for f in forms_on("/calendars/series/new", client.get("/calendars/series/new").get_data(as_text=True))
                  if endpoint_of(app, f) == "calendars.series_create")
    problems = sweep_form(client, edit)
    assert not problems, "\n".join(problems)
    # The preview beside the form saves nothing: whatever is typed, it answers with the dates or a sentence.
    for name in create.kinds:
        for value in _bad_values(create, name):
            with watching_writes() as watch:
                response = client.post("/calendars/series/preview", data=create.data(**{name: value[0]}),
                                       headers={"HX-Request": "true"})
            assert response.status_code < 500 and not watch.committed, (name, value[0][:20])
            assert CJK.search(response.get_data(as_text=True)), (name, value[0][:20])


def test_kiosk_refuses_hostile_codes(app, client, demo):
    from blueprints.events.models import Attendance
    from blueprints.kiosk.models import Kiosk
    from blueprints.kiosk.services import OPEN, kiosk_state

    kiosk = next(k for k in db.session.scalars(select(Kiosk)) if kiosk_state(k, DEMO_NOW) == OPEN)
    base = f"/kiosk/k/{kiosk.token}"
    count = lambda: len(db.session.scalars(select(Attendance.id).where(Attendance.event_id == kiosk.event_id)).all())  # noqa: E731
    before = count()
    key = "0123456789abcdef0123456789abcdef"
    for n, value in enumerate(HOSTILE_TOKENS + ["-1", "99999999999999999999", "²"]):
        good_key = key[:-3] + f"{n:03d}"
        for data in ({"key": good_key, "code": value}, {"key": good_key, "staff_id": value}, {"key": value, "code": "x"},
                     {"key": good_key, "original": value}):
            url = base + ("/undo" if "original" in data else "/sign-in")
            response = client.post(url, data=data, headers={"HX-Request": "true"})
            assert response.status_code < 500, (url, data)
            assert chinese_messages(response.get_data(as_text=True)), (url, data)
            assert "<script>alert" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert count() == before


def test_hostile_text_reaches_pdfs_as_plain_text(app, client, demo):
    """Text a person typed is printed as typed: url(file:...) and <img src=file:...> fetch nothing."""
    from blueprints.certificates.models import Certificate
    from blueprints.events.models import Event

    hostile = "url(file:///etc/passwd) <img src='file:///etc/passwd'> <link rel=stylesheet href='file:///etc/passwd'>"
    event = db.session.scalar(select(Event).where(Event.starts_at < DEMO_NOW, Event.status != "cancelled")
                              .order_by(Event.starts_at.desc()))
    cert = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_(None)).order_by(Certificate.id))
    event.title, event.place, event.summary = hostile[:100], hostile[:100], hostile
    cert.recipient_name, cert.sentence = hostile[:60], hostile
    db.session.commit()
    _log_in(client, "T0001")
    for url in (f"/reports/events/{event.id}/sign-sheet.pdf", f"/certificates/{cert.id}/pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), url
        text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout
        assert b"root:" not in text, url
        assert b"url(file:///etc/passwd)" in text.replace(b"\n", b" "), url


#: Forms that belong to someone (their log, their lesson, their nomination) or to a group's leaders.
PERSONAL = {
    "pairings.log_create", "pairings.log_confirm", "pairings.log_delete", "pairings.evaluate",
    "open_lessons.edit", "open_lessons.reflection", "open_lessons.feedback", "open_lessons.invite_colleague",
    "open_lessons.withdraw_invite", "open_lessons.answer", "selection.withdraw", "events.dismiss_notice",
    "events.edit", "events.summary", "events.cancel", "events.person_add", "events.person_remove",
    "events.checklist_add", "events.checklist_rename", "events.checklist_toggle", "events.speaker_add",
    "events.attendance_mark", "kiosk.open_one", "kiosk.revoke", "certificates.revoke", "calendars.series_create",
}


def test_another_persons_record_is_refused_in_chinese(app, client, demo):
    """Forms copied from the pages of the people they belong to, sent by a teacher who is none of them."""
    people, ids = people_and_ids()
    found: dict[str, Form] = {}
    for who in people[1:]:  # not the admin: the admin may do everything
        _log_in(client, who)
        for form in crawl(app, client, ids):
            endpoint = endpoint_of(app, form)
            if endpoint in PERSONAL and endpoint not in found:
                form.who = who
                found[endpoint] = form
    assert len(found) >= 12, sorted(found)
    stranger = _stranger(people)
    _log_in(client, stranger)
    problems = []
    for endpoint, form in sorted(found.items()):
        with watching_writes() as watch:
            response = _send(client, form, form.data())
            problems += check_answer(client, form, "(as it was)", f"sent by {stranger}", True, response, watch)
        db.session.rollback()
    assert not problems, "\n".join(problems)


def _stranger(people: list[str]) -> str:
    """A teacher who leads no group, is in no pairing and teaches or observes none of the lessons the crawl saw."""
    from blueprints.accounts.models import Membership, Staff
    from blueprints.pairings.models import Pairing

    busy = set(db.session.scalars(select(Membership.staff_id).where(Membership.is_leader)))
    busy |= set(db.session.scalars(select(Pairing.mentor_id))) | set(db.session.scalars(select(Pairing.apprentice_id)))
    for person in db.session.scalars(select(Staff).where(Staff.role == "teacher", Staff.is_active_member).order_by(Staff.id.desc())):
        if person.id not in busy and person.staff_no not in people:
            return person.staff_no
    raise AssertionError("the demo school has no teacher outside every pairing")
