"""A report PDF that cannot be rendered says which report, which item and why, back on the page the user came
from — never a bare server error."""
from __future__ import annotations

import pytest

from blueprints.reports.views import common
from tests.test_certificates_support import fixed_day  # noqa: F401
from tests.test_events_support import make_event  # noqa: F401
from tests.test_open_lessons_fixtures import lesson_school  # noqa: F401
from tests.test_reports_pdf import _held_event


@pytest.fixture
def broken_renderer(monkeypatch):
    """The PDF engine fails the way WeasyPrint does when a font file is unreadable."""

    def broken(html, **kwargs):
        raise OSError("无法读取字体文件 NotoSansCJK-Regular.ttc")

    monkeypatch.setattr(common, "html_to_pdf", broken)


def _follow(client, response) -> str:
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_sign_sheet_that_cannot_be_rendered_names_the_event_and_the_reason(
        client, login_as, make_event, make_staff, make_group, fixed_day, broken_renderer):
    leader = make_staff(name="组长")
    event = _held_event(make_event, make_staff, make_group, leader)
    login_as(leader)
    response = client.get(f"/reports/events/{event.id}/sign-sheet.pdf", headers={"Referer": "http://localhost/reports/"})
    assert response.headers["Location"] == "http://localhost/reports/"
    page = _follow(client, response)
    assert "签到表（活动“教师成长沙龙”，2026年9月9日 10:00" in page
    assert "的 PDF 生成失败：无法读取字体文件 NotoSansCJK-Regular.ttc" in page


def test_without_a_page_to_return_to_the_message_shows_on_the_reports_own_page(
        client, login_as, admin, make_semester, fixed_day, broken_renderer):
    make_semester(name="2026-2027学年第一学期")
    login_as(admin)
    response = client.get("/reports/summary.pdf", headers={"Referer": "http://elsewhere.example/"})
    assert response.headers["Location"] == "/reports/"
    assert "学期工作总结（2026-2027学年第一学期）的 PDF 生成失败：无法读取字体文件" in _follow(client, response)


def test_a_growth_archive_that_cannot_be_rendered_names_the_teacher_and_the_period(
        client, login_as, teacher, fixed_day, broken_renderer):
    login_as(teacher)
    response = client.get("/reports/archive.pdf?start=2026-01-01&end=2026-09-10")
    assert response.headers["Location"] == "/reports/archive?start=2026-01-01&end=2026-09-10"
    page = _follow(client, response)
    assert f"成长档案（{teacher.name}，2026年1月1日至2026年9月10日）的 PDF 生成失败：无法读取字体文件" in page
    assert f"{teacher.name} <small" in page  # back on the archive with the same dates, ready to try again


def test_a_compliance_list_that_cannot_be_rendered_names_the_semester(
        client, login_as, admin, lesson_school, fixed_day, broken_renderer):
    login_as(admin)
    response = client.get("/reports/open-lessons/compliance.pdf")
    page = _follow(client, response)
    assert "公开课达标情况（" in page and "全部组织）的 PDF 生成失败：无法读取字体文件" in page


def test_a_reason_without_words_still_says_what_failed(app):
    from blueprints.reports.views.common import Printing, failure_message
    message = failure_message(Printing("签到表", "活动“沙龙”", "/"), MemoryError())
    assert message.startswith("签到表（活动“沙龙”）的 PDF 生成失败：MemoryError。")
