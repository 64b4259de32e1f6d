"""Shared helpers of the bad-input tests: the demo school as data, a crawler that finds every POST form
on the pages a person can open, a detector of committed writes, and "does this answer carry a clear
Chinese message". Imported by test_security_bad_input.py and test_security_properties.py."""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select

from app import db

#: The demo's "today": 2026-11-25 10:00 in Beijing (naive UTC).
DEMO_NOW = datetime(2026, 11, 25, 2, 0)
DEMO_PASSWORD = "tiandi2026"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Tables whose rows are bookkeeping, not the data a form edits: the audit trail records attempts, and the
#: kiosk stores its answer to every request key (a refused scan is answered, and that answer kept).
BOOKKEEPING = ("audit_entry", "kiosk_request")
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)


@pytest.fixture
def demo(app):
    """The demo school (146 staff, pairings, lessons, events, honours, selections, certificates) at DEMO_NOW."""
    from demo.features import seed_features
    from demo.school import build_school

    app.config["FIXED_NOW"] = DEMO_NOW
    build_school(db.session)
    seed_features(db.session)
    db.session.commit()
    return app


@dataclass
class Form:
    """A POST form found on a page: where it posts, its visible fields (name → kind) and current values."""

    page: str
    action: str
    method: str = "POST"
    kinds: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    multipart: bool = False
    htmx: bool = False
    pressed: bool = False
    who: str = ""

    def data(self, **changes) -> dict[str, str]:
        """The form as the browser would send it now, with some fields changed."""
        values = dict(self.hidden)
        values.update({k: v for k, v in self.values.items() if k in self.kinds})
        values.update(changes)
        return values


class FormParser(HTMLParser):
    """Collect every form that posts (method=post, hx-post or hx-delete) with its fields and their values."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            method = "DELETE" if a.get("hx-delete") else "POST"
            if a.get("method", "").lower() == "post" or a.get("hx-post") or a.get("hx-delete"):
                action = a.get("hx-post") or a.get("hx-delete") or a.get("action") or self.page
                self._form = Form(self.page, action, method, multipart="multipart" in a.get("enctype", ""),
                                  htmx=bool(a.get("hx-post") or a.get("hx-delete")))
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        is_submit = (tag == "button" and a.get("type", "submit") == "submit") or (
            tag == "input" and a.get("type", "").lower() in ("submit", "image"))
        if is_submit:
            # The browser sends only the button that was pressed: take the first, as Enter in a field does.
            if not form.pressed:
                form.pressed = True
                if a.get("name"):
                    form.hidden[a["name"]] = a.get("value", "")
            return
        if tag == "option" and self._select:
            form.options.setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a or self._select not in form.values:
                form.values[self._select] = a.get("value", "")
            return
        if not a.get("name"):
            return
        name = a["name"]
        if "required" in a:
            form.required.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                form.hidden.setdefault(name, a.get("value", ""))
                if "data-picked" in a:  # the colleague picker's id: a field the person fills
                    form.kinds[name] = "id"
                    form.values[name] = a.get("value", "")
            elif kind in ("button", "reset"):
                pass
            elif kind in ("checkbox", "radio"):
                form.kinds.setdefault(name, kind)
                form.options.setdefault(name, []).append(a.get("value", "y"))
                if "checked" in a:
                    form.values[name] = a.get("value", "y")
            else:
                form.kinds[name] = "file" if kind == "file" else kind
                form.values[name] = a.get("value", "")
        elif tag == "select":
            form.kinds[name] = "select"
            self._select = name
        elif tag == "textarea":
            form.kinds[name] = "textarea"
            form.values[name] = ""
            self._textarea = name

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(page: str, html: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return parser.forms


def endpoint_of(app, form: Form) -> str | None:
    """The endpoint a form posts to, or None when the URL is not the app's."""
    path = urlsplit(form.action).path
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method=form.method)
    except Exception:
        return None
    return endpoint


class WriteWatch:
    """Records whether a commit carried writes to data tables (bookkeeping tables left out)."""

    def __init__(self):
        self.pending: set[str] = set()
        self.committed: set[str] = set()

    def before_execute(self, conn, cursor, statement, parameters, context, executemany):
        match = WRITE.match(statement)
        if match and match.group(2).lower() not in BOOKKEEPING:
            self.pending.add(match.group(2).lower())

    def on_commit(self, conn):
        self.committed |= self.pending
        self.pending = set()

    def on_rollback(self, conn):
        self.pending = set()


@contextmanager
def watching_writes():
    """Yield a WriteWatch that sees every statement the app's engine sends while the block runs."""
    watch = WriteWatch()
    engine = db.engine
    event.listen(engine, "before_cursor_execute", watch.before_execute)
    event.listen(engine, "commit", watch.on_commit)
    event.listen(engine, "rollback", watch.on_rollback)
    try:
        yield watch
    finally:
        event.remove(engine, "before_cursor_execute", watch.before_execute)
        event.remove(engine, "commit", watch.on_commit)
        event.remove(engine, "rollback", watch.on_rollback)


class _Messages(HTMLParser):
    """The text of the elements that carry a message to the person: field errors, alerts, flashes, error pages."""

    CLASSES = ("field-error", "flash", "error-page", "form-error", "seat-message", "answer", "picker-error")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        a = {k: (v or "") for k, v in attrs}
        classes = a.get("class", "").split()
        is_message = a.get("role") == "alert" or any(c in classes for c in self.CLASSES) or any(
            c.startswith(("flash", "error", "seat-message")) for c in classes)
        self.stack.append(is_message)
        if is_message:
            self.depth += 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag in ("input", "br", "img", "meta", "link", "hr") or not self.stack:
            return
        if self.stack.pop():
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def chinese_messages(html: str) -> list[str]:
    """Messages on the page (field errors, alerts, flashes, error pages) that are written in Chinese."""
    parser = _Messages()
    parser.feed(html)
    return [t.strip() for t in parser.texts if CJK.search(t)]


def answer_of(client, response):
    """Follow a redirect (the post-redirect-get of a refused form lands on a page with a flash) once."""
    location = response.headers.get("HX-Redirect") or (response.location if response.status_code in (302, 303) else None)
    if location:
        return client.get(location)
    return response


def staff_id(staff_no: str) -> int:
    from blueprints.accounts.models import Staff

    return db.session.scalar(select(Staff.id).where(Staff.staff_no == staff_no))


def people_and_ids() -> tuple[list[str], dict[str, list]]:
    """Who the crawl logs in as (staff numbers), and the ids it puts into URLs, chosen from the demo school:
    the admin, a group leader, the apprentice and the mentor of an active pairing, a teacher with an upcoming
    and one with a held lesson, and an observer who still owes feedback."""
    from blueprints.accounts.models import Group, Semester, Staff
    from blueprints.calendars.models import Holiday
    from blueprints.certificates.models import Certificate
    from blueprints.events.models import Event, EventSeries
    from blueprints.honours.models import Award
    from blueprints.open_lessons.models import LessonFeedback, LessonObserver, OpenLesson
    from blueprints.pairings.models import Pairing
    from blueprints.selection.models import Selection

    today = DEMO_NOW.date()
    number = lambda staff_id: db.session.scalar(select(Staff.staff_no).where(Staff.id == staff_id))  # noqa: E731
    pairing = db.session.scalar(select(Pairing).where(Pairing.state == "active").order_by(Pairing.id))
    completed = db.session.scalar(select(Pairing).where(Pairing.state == "completed").order_by(Pairing.id.desc()))
    coming = db.session.scalar(select(OpenLesson).where(OpenLesson.lesson_date > today).order_by(OpenLesson.id))
    held = db.session.scalar(select(OpenLesson).where(OpenLesson.lesson_date < today).order_by(OpenLesson.id.desc()))
    owed = db.session.scalar(
        select(LessonObserver).join(OpenLesson, OpenLesson.id == LessonObserver.lesson_id)
        .where(OpenLesson.lesson_date < today, OpenLesson.lesson_date >= date_days_ago(today, 5),
               LessonObserver.status == "confirmed",
               ~select(LessonFeedback.id).where(LessonFeedback.lesson_id == LessonObserver.lesson_id,
                                                LessonFeedback.observer_id == LessonObserver.staff_id).exists())
        .order_by(LessonObserver.id))
    events = list(db.session.scalars(select(Event.id).where(Event.status != "cancelled").order_by(Event.starts_at)))
    past = [e for e in db.session.scalars(select(Event).where(Event.starts_at < DEMO_NOW).order_by(Event.starts_at.desc()))]
    future = [e for e in db.session.scalars(select(Event).where(Event.starts_at > DEMO_NOW).order_by(Event.starts_at))]
    people = ["T0001", "T0022", number(pairing.apprentice_id), number(pairing.mentor_id), number(coming.teacher_id),
              number(held.teacher_id)]
    if owed is not None:
        people.append(number(owed.staff_id))
    ids = {
        "staff_id": [db.session.scalar(select(Staff.id).where(Staff.staff_no == "T0139"))],
        "group_id": [db.session.scalar(select(Group.id).order_by(Group.id))],
        "pairing_id": [pairing.id, completed.id],
        "lesson_id": [coming.id, held.id] + ([owed.lesson_id] if owed is not None else []),
        "event_id": [past[0].id, future[0].id] + ([events[0]] if events else []),
        "semester_id": [db.session.scalar(select(Semester.id).where(Semester.is_current))],
        "award_id": [db.session.scalar(select(Award.id).order_by(Award.id))],
        "year": list(db.session.scalars(select(Selection.year).order_by(Selection.year.desc()))),
        "holiday_id": [db.session.scalar(select(Holiday.id).order_by(Holiday.id))],
        "series_id": [db.session.scalar(select(EventSeries.id).order_by(EventSeries.id))],
        "cert_id": [db.session.scalar(select(Certificate.id).where(Certificate.revoked_at.is_(None)).order_by(Certificate.id))],
    }
    return list(dict.fromkeys(people)), ids


def date_days_ago(day, n):
    from datetime import timedelta

    return day - timedelta(days=n)


SKIP_SUFFIXES = (".pdf", ".xlsx", ".ics")


def page_urls(app, ids: dict[str, list]) -> list[str]:
    """Every GET page of the app with its arguments filled from `ids` (one URL per value), files left out."""
    from itertools import product

    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.endswith(SKIP_SUFFIXES):
            continue
        if getattr(view, "access_rule", None) not in ("admin", "login", "group-leader"):
            continue
        names = sorted(rule.arguments)
        if any(name not in ids for name in names):
            continue
        for values in product(*(ids[name] for name in names)):
            urls.append(rule.build(dict(zip(names, values)))[1])
    return sorted(set(urls))


def crawl(app, client, ids: dict[str, list]) -> list[Form]:
    """The POST forms on every page the logged-in client can open."""
    forms = []
    for url in page_urls(app, ids):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            forms += forms_on(url, response.get_data(as_text=True))
    return forms
