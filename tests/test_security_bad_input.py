"""Every form of the app, filled with hostile values one field at a time (the other fields as the page
drew them): never a 500, never a script echoed unescaped, and a value nobody could mean (10,000
characters, a date that does not exist, a negative or huge number, an option that is not offered, an id
that is nobody) is refused with a clear Chinese message and leaves the database as it was.

The forms are found by crawling the demo school's pages as the people who use them; every POST route
of the app is either swept here or listed in NO_FIELDS / ELSEWHERE with the reason."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from app import db
from tests.test_security_support import (  # noqa: F401 (demo is a fixture)
    DEMO_PASSWORD, Form, answer_of, chinese_messages, crawl, demo, endpoint_of, forms_on, people_and_ids,
    watching_writes,
)

#: Longer than any text the app takes: the longest, an event's 纪要, may have 10,000 characters.
OVERLONG = "字" * 10001
SCRIPT = "<script>alert('x')</script>"
INVISIBLE = "\u200b\u200b"
#: Free text a person could really type: it may be saved, but must come back escaped.
TEXT_VALUES = [INVISIBLE, "ＡＢＣ１２３（全角）", SCRIPT, "url(file:///etc/passwd)", "1'; DROP TABLE staff; --"]
#: Values that no field of their kind may accept.
REFUSE = {
    "text": [OVERLONG],
    "date": ["9999-99-99", "0000-01-01", "2026/11/25", "99999-01-01", SCRIPT, "1'; DROP TABLE staff; --"],
    "datetime-local": ["9999-99-99T25:61", "2026-11-25", "0000-01-01T08:00", SCRIPT],
    "time": ["25:61", "8点", SCRIPT],
    "number": ["-1", "99999999999999999999999", "1e309", "²", "abc", SCRIPT],
    "select": ["not-an-option", "-1", "99999999999999999999", "²", SCRIPT],
    "id": ["-1", "99999999", "99999999999999999999", "²", "abc", "1 OR 1=1", "\u200b"],
}
#: Input types that take the values of another kind.
KIND_OF = {"textarea": "text", "search": "text", "email": "text", "tel": "text", "password": "text", "radio": "select"}

#: POST routes whose forms are buttons without a field a person types into: the only input is the id in the
#: URL, whose owner and access rules test_security_access_sweep.py and test_another_persons_record_* check.
NO_FIELDS = {
    "accounts.group_member_leader": "button: make a member a leader",
    "accounts.group_member_remove": "button: remove a member",
    "accounts.logout": "button: log out",
    "accounts.personal_data_export": "button: download my data",
    "accounts.semester_make_current": "button: make a semester current",
    "accounts.staff_deactivate": "button",
    "accounts.staff_reactivate": "button",
    "accounts.staff_group_remove": "button",
    "accounts.staff_reset_password": "button: the new password is generated",
    "calendars.feed_issue": "button: a new feed link",
    "calendars.feed_revoke": "button",
    "calendars.holiday_delete": "button",
    "certificates.issue_attendance": "button: issue for an event",
    "certificates.issue_award": "button", "certificates.issue_lesson": "button",
    "certificates.issue_pairing": "button", "certificates.issue_selection": "button",
    "certificates.issue_semester_speakers": "button", "certificates.issue_speakers": "button",
    "certificates.job_again": "button: run a failed batch again",
    "events.attendance_mark": "buttons with fixed values (present / absent) and a staff id from the roster",
    "events.checklist_remove": "button", "events.checklist_toggle": "button",
    "events.dismiss_notice": "button", "events.person_remove": "button",
    "events.register_seat": "button", "events.speaker_remove": "button", "events.withdraw_seat": "button",
    "honours.delete": "button",
    "kiosk.reissue_mine": "button", "kiosk.revoke": "button",
    "open_lessons.answer": "buttons: accept / decline an invitation",
    "open_lessons.cancel_signup": "button", "open_lessons.signup": "button", "open_lessons.withdraw": "button",
    "open_lessons.withdraw_invite": "button",
    "pairings.activate": "button", "pairings.award_delete": "button", "pairings.complete": "button",
    "pairings.continue_next": "button", "pairings.log_delete": "button",
    "pairings.quick_pair": "button: pair with a suggested mentor (ids from the suggestion list)",
    "selection.close": "button", "selection.confirm_chosen": "button", "selection.revoke_candidate": "button",
    "selection.unvote": "button", "selection.vote": "button", "selection.withdraw": "button",
}
#: POST routes with fields that the crawl cannot reach in one state of the demo; each has its own test here.
ELSEWHERE = {
    "accounts.login": "test_login_refuses_hostile_values_in_chinese",
    "accounts.roster_confirm": "test_import_confirmations_refuse_a_forged_preview",
    "honours.import_confirm": "test_import_confirmations_refuse_a_forged_preview",
    "accounts.roster_import": "file upload: test_uploads_refuse_files_that_are_not_spreadsheets",
    "honours.import_upload": "file upload: test_uploads_refuse_files_that_are_not_spreadsheets",
    "certificates.upload_seal": "file upload: test_uploads_refuse_files_that_are_not_spreadsheets",
    "calendars.series_edit": "test_series_forms_refuse_hostile_values",
    "calendars.series_preview": "test_series_forms_refuse_hostile_values",
    "kiosk.station_sign_in": "test_kiosk_refuses_hostile_codes",
    "kiosk.station_undo": "test_kiosk_refuses_hostile_codes",
}


def _post_routes(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.methods & {"POST", "DELETE", "PUT"}}


def test_every_post_route_is_swept_or_explained(app):
    swept_or_explained = set(NO_FIELDS) | set(ELSEWHERE) | set(SWEPT)
    missing = sorted(_post_routes(app) - swept_or_explained)
    assert not missing, f"POST routes neither swept nor explained: {missing}"
    assert not set(NO_FIELDS) & set(SWEPT), "a route is both swept and said to have no fields"
    states = Path(__file__).with_name("test_security_bad_input_states.py").read_text(encoding="utf-8")
    for endpoint, reason in ELSEWHERE.items():
        assert f"def {reason.split()[-1]}(" in states, (endpoint, "names a test that does not exist")


#: The forms with fields the crawl must find and sweep (it fails when one of them is no longer found).
SWEPT = {
    "accounts.change_password", "accounts.group_create", "accounts.group_edit", "accounts.group_member_add",
    "accounts.semester_create", "accounts.semester_edit", "accounts.staff_create", "accounts.staff_edit",
    "accounts.staff_group_add",
    "calendars.feed_groups", "calendars.holiday_edit", "calendars.holidays", "calendars.series_create",
    "certificates.revoke",
    "events.cancel", "events.checklist_add", "events.checklist_rename", "events.create", "events.edit",
    "events.person_add", "events.speaker_add", "events.summary",
    "honours.create", "honours.edit",
    "kiosk.open_one", "kiosk.reissue",
    "open_lessons.create", "open_lessons.edit", "open_lessons.feedback", "open_lessons.invite_colleague",
    "open_lessons.reflection", "open_lessons.room_add", "open_lessons.room_edit", "open_lessons.rubric_add",
    "open_lessons.rubric_edit", "open_lessons.settings_edit", "open_lessons.settings_periods",
    "pairings.award_add", "pairings.create", "pairings.dissolve", "pairings.evaluate", "pairings.log_confirm",
    "pairings.log_create", "pairings.settings", "pairings.targets",
    "selection.accept_nominee", "selection.create", "selection.edit", "selection.nominate_colleague",
    "selection.refuse_nominee",
}


#: Forms whose saving ends the thing the other forms work on.
ENDS_SOMETHING = {"events.cancel", "pairings.dissolve", "certificates.revoke", "selection.refuse_nominee",
                  "selection.accept_nominee", "accounts.change_password"}


#: Take the last of these forms on a page, not the first: accepting and refusing the same nominee cannot both be tried.
LAST_ONE = {"selection.refuse_nominee"}


def _log_in(client, staff_no: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"staff_no": staff_no, "password": DEMO_PASSWORD})
    assert response.status_code == 303, staff_no


def _send(client, form: Form, data: dict):
    """Send the form as the browser would: through htmx (with its header) when the form says hx-post."""
    headers = {"HX-Request": "true"} if form.htmx else {}
    if form.method == "DELETE":
        return client.delete(form.action, query_string=data, headers=headers)
    return client.post(form.action, data=data, headers=headers)


def _fresh(client, form: Form) -> Form | None:
    """The same form as its page draws it now (after a value was saved), or None when the page no longer offers it."""
    response = client.get(form.page)
    if response.status_code != 200:
        return None
    for candidate in forms_on(form.page, response.get_data(as_text=True)):
        if candidate.action == form.action and candidate.kinds.keys() == form.kinds.keys():
            candidate.who = form.who
            return candidate
    return None


def _bad_values(form: Form, name: str) -> list[tuple[str, bool]]:
    """(value, must be refused) pairs for one field."""
    kind = KIND_OF.get(form.kinds[name], form.kinds[name])
    if kind == "checkbox" and form.options.get(name, ["y"]) != ["y"]:
        kind = "select"  # a list of ticks (groups, ...): something not on the list must be refused
    if kind in ("checkbox", "file") or form.kinds[name] == "search":
        return []
    pairs = [(v, True) for v in REFUSE.get(kind, REFUSE["text"] if kind == "text" else [])]
    if kind == "text":
        # Zero-width characters alone are nothing typed: a required field refuses them as it refuses "".
        pairs += [(v, v == INVISIBLE and name in form.required) for v in TEXT_VALUES]
    if kind == "select":
        pairs = [(v, v not in form.options.get(name, [])) for v, _ in pairs]
    pairs.append(("", name in form.required))
    return pairs


def check_answer(client, form: Form, name: str, value: str, must_refuse: bool, response, watch) -> list[str]:
    """What is wrong with the app's answer to one hostile value, as readable lines (empty when all is well)."""
    where = f"{form.who} {form.method} {form.action} {name}={value[:24]!r}"
    problems = []
    if response.status_code >= 500:
        return [f"{where}: answered {response.status_code}"]
    final = answer_of(client, response)
    if final.status_code >= 500:
        return [f"{where}: the page after it answered {final.status_code}"]
    html = response.get_data(as_text=True) + final.get_data(as_text=True)
    if "<script>alert" in html:
        problems.append(f"{where}: the script came back unescaped")
    if must_refuse and watch.committed:
        problems.append(f"{where}: accepted and wrote {sorted(watch.committed)}")
    elif must_refuse and not chinese_messages(html):
        problems.append(f"{where}: refused ({response.status_code}) without a Chinese message")
    return problems


SENT: list[tuple[str, str, str]] = []


def sweep_form(client, form: Form) -> list[str]:
    """Each field in turn gets each bad value, the values that must be refused first. A value that is saved
    may move the record on (a pairing dissolved): the sweep goes on with the form as the page then draws it,
    and stops when the page no longer offers it."""
    problems = []
    for name in sorted(form.kinds):
        for value, must_refuse in sorted(_bad_values(form, name), key=lambda pair: not pair[1]):
            with watching_writes() as watch:
                response = _send(client, form, form.data(**{name: value}))
                SENT.append((form.who, endpoint_of(client.application, form), name))
                problems += check_answer(client, form, name, value, must_refuse, response, watch)
            db.session.rollback()
            if watch.committed:
                form = _fresh(client, form)
                if form is None:
                    return problems
    return problems


def _forms_by_endpoint(app, client):
    """One form with fields per endpoint, found by crawling the demo school as each person in turn."""
    people, ids = people_and_ids()
    found: dict[str, Form] = {}
    for who in people:
        _log_in(client, who)
        if who != "T0001":
            client.post("/calendars/subscribe/new")  # a feed link, so that its group choice shows
        for form in crawl(app, client, ids):
            endpoint = endpoint_of(app, form)
            fields = [k for k in form.kinds if _bad_values(form, k)]
            if endpoint and fields and endpoint in SWEPT and (endpoint not in found or endpoint in LAST_ONE):
                form.who = who
                found[endpoint] = form
    return found


def test_hostile_values_in_every_form_are_refused_in_chinese_or_saved_escaped(app, client, demo):
    forms = _forms_by_endpoint(app, client)
    assert sorted(SWEPT - set(forms)) == [], "the crawl no longer finds these forms"
    SENT.clear()
    problems = []
    by_person = defaultdict(list)
    for endpoint, form in forms.items():
        by_person[form.who].append(form)
    for who, person_forms in by_person.items():
        _log_in(client, who)
        # Forms that end something (cancel an event, dissolve a pairing) go last, so the others still find it.
        for form in sorted(person_forms, key=lambda f: endpoint_of(app, f) in ENDS_SOMETHING):
            problems += sweep_form(client, form)
    assert not problems, "\n".join(problems)
    assert {endpoint for _, endpoint, _ in SENT} == SWEPT and len(SENT) > 1000
