"""Every form the admin can open, posted with hostile values in every field: no 500, no script echoed
back unescaped, and a bad submission never changes the number of staff, groups or semesters."""
from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Group, Semester, Staff

BAD_VALUES = [
    "",
    "字" * 10000,
    "\u200b\u200b",
    "ＡＢＣ１２３（全角）",
    "<script>alert('x')</script>",
    "url(file:///etc/passwd)",
    "1'; DROP TABLE staff; --",
    "9999-99-99",
    "0000-01-01",
    "-1",
    "99999999999999999999999",
]


class _Forms(HTMLParser):
    """The POST forms of a page: action and the names of their fields (with current values)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}, "hidden": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("file", "submit", "button"):
                return
            if kind == "hidden":
                self._current["hidden"][attrs["name"]] = attrs.get("value") or ""
            else:
                self._current["fields"][attrs["name"]] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Staff, Group, Semester))


def _form_pages(app):
    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" not in rule.methods or getattr(view, "access_rule", None) not in ("admin", "login", "group-leader"):
            continue
        if all(rule._converters[a].__class__.__name__ == "IntegerConverter" for a in rule.arguments):
            urls.append(rule.build({a: 1 for a in rule.arguments})[1])  # the first row of each kind exists
    return sorted(set(urls))


def test_hostile_values_in_every_form_never_break_the_app(app, client, login_as, admin, make_group, make_semester):
    make_group("团委", "youth", members=[admin])
    make_semester()
    login_as(admin)
    forms = []
    for url in _form_pages(app):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            parser = _Forms()
            parser.feed(response.get_data(as_text=True))
            forms += [(url, f) for f in parser.forms if f["fields"] and "/logout" not in f["action"]]
    assert len(forms) >= 5  # the sweep really found the forms
    for url, form in forms:
        target = form["action"] or url
        for value in BAD_VALUES:
            before = _counts()
            data = dict(form["hidden"])
            data.update({name: value for name in form["fields"]})
            response = client.post(target, data=data)
            page = response.get_data(as_text=True)
            assert response.status_code < 500, (target, value[:20], response.status_code)
            assert "<script>alert" not in page, (target, "script echoed unescaped")
            if response.status_code == 200 and value in ("", "字" * 10000, "9999-99-99", "<script>alert('x')</script>"):
                db.session.expire_all()
                assert _counts() == before, (target, value[:20], "a refused form changed data")
