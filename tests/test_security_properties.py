"""Properties over the most important text fields, with text Hypothesis makes up (any Unicode: control
characters, NUL, zero-width, right-to-left marks, emoji, markup): a person's name and an event's title
either save and come back escaped on the page, or are refused with a Chinese message and change nothing.
Never a 500."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from app import db
from blueprints.core.forms import CONTROL
from tests.test_events_support import fixed_now, make_event  # noqa: F401 (fixtures)
from tests.test_security_support import chinese_messages, forms_on

#: Any character but lone surrogates (a browser cannot send them), with the hostile ones made likely.
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=50),
    st.text(st.sampled_from(["<", ">", "&", "'", '"', "\x00", "\u200b", "\u202e", "\u3000", "字", "Ａ", "；", "\n", " "]),
            max_size=50),
    st.sampled_from(["<script>alert(1)</script>", "url(file:///etc/passwd)", "1'; DROP TABLE staff; --", "\x00",
                     "\u200b\u200b", "字" * 41, "　张三　"]),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _text_of(html: str) -> str:
    """What a reader sees: the page's text with the markup taken away."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _edit_form(client, url: str, action_endpoint: str):
    response = client.get(url)
    assert response.status_code == 200
    return next(f for f in forms_on(url, response.get_data(as_text=True)) if f.action in (url, ""))


def _saved_or_refused(client, response, page_url: str, saved: str, before: str, typed: str) -> None:
    assert response.status_code < 500, (typed, response.status_code)
    if response.status_code == 303:  # saved: shown escaped, so a reader sees exactly the text that was saved
        page = client.get(page_url).get_data(as_text=True)
        assert str(escape(saved)) in page, (typed, saved)
        assert saved in _text_of(page), (typed, "became markup")
        assert not CONTROL.search(saved), (typed, "control characters stored")
    else:
        assert saved == before, (typed, "refused but changed")
        assert chinese_messages(response.get_data(as_text=True)), (typed, "refused without a Chinese message")


@SETTINGS
@given(name=TEXT)
def test_a_persons_name_saves_escaped_or_is_refused_in_chinese(app, client, login_as, admin, teacher, name):
    from blueprints.accounts.models import Staff

    login_as(admin)
    url = f"/staff/{teacher.id}/edit"
    form = _edit_form(client, url, "accounts.staff_edit")
    before = db.session.scalar(select(Staff.name).where(Staff.id == teacher.id))
    response = client.post(url, data=form.data(name=name))
    db.session.expire_all()
    saved = db.session.scalar(select(Staff.name).where(Staff.id == teacher.id))
    _saved_or_refused(client, response, f"/staff/{teacher.id}", saved, before, name)


@SETTINGS
@given(title=TEXT)
def test_an_event_title_saves_escaped_or_is_refused_in_chinese(app, client, login_as, admin, fixed_now, make_event,
                                                                title):
    from blueprints.events.models import Event

    event = db.session.scalar(select(Event).order_by(Event.id)) or make_event()
    login_as(admin)
    url = f"/events/{event.id}/edit"
    form = _edit_form(client, url, "events.edit")
    before = db.session.scalar(select(Event.title).where(Event.id == event.id))
    response = client.post(url, data=form.data(title=title))
    db.session.expire_all()
    saved = db.session.scalar(select(Event.title).where(Event.id == event.id))
    _saved_or_refused(client, response, f"/events/{event.id}", saved, before, title)
