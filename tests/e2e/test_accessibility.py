"""axe-core finds no serious or critical accessibility violation on the main pages of the demo school:
the admin's pages at desktop width, a teacher's at phone width, the login page, the kiosk station
(open and not yet open) and the public certificate check. At phone width no page scrolls sideways, and the
pairing board's table fits the screen.

axe-core (axe.min.js, MPL-2.0) comes from the pinned PyPI package axe-playwright-python (see
requirements.txt); nothing is fetched at run time."""
from __future__ import annotations

from datetime import datetime

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.certificates.models import Certificate
from blueprints.events.models import Event
from blueprints.kiosk.models import Kiosk
from blueprints.kiosk.services import OPEN, kiosk_state
from blueprints.open_lessons.models import OpenLesson
from blueprints.pairings.models import Pairing
from blueprints.selection.models import Selection
from demo.features import seed_features
from demo.school import build_school

#: The demo's "today": 2026-11-25 10:00 in Beijing.
DEMO_NOW = datetime(2026, 11, 25, 2, 0)
DEMO_PASSWORD = "tiandi2026"
ADMIN_NO, TEACHER_NO = "T0001", "T0139"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")


@pytest.fixture
def demo_school(live_server):
    """The demo school, with the ids of one of each thing the pages show."""
    live_server.app.config["FIXED_NOW"] = DEMO_NOW
    with live_server.app.app_context():
        build_school(db.session)
        seed_features(db.session)
        db.session.commit()
        teacher = db.session.scalar(select(Staff).where(Staff.staff_no == TEACHER_NO))
        kiosks = list(db.session.scalars(select(Kiosk).where(Kiosk.revoked_at.is_(None)).order_by(Kiosk.id)))
        open_kiosk = next(k for k in kiosks if kiosk_state(k, DEMO_NOW) == OPEN)
        waiting_kiosk = next(k for k in kiosks if kiosk_state(k, DEMO_NOW) != OPEN)
        ids = {
            "teacher": teacher.id,
            "group": db.session.scalar(select(Group.id).order_by(Group.id)),
            "pairing": db.session.scalar(select(Pairing.id).where(Pairing.state == "active").order_by(Pairing.id)),
            "my_pairing": db.session.scalar(select(Pairing.id).where(
                (Pairing.apprentice_id == teacher.id) | (Pairing.mentor_id == teacher.id))),
            "lesson": db.session.scalar(select(OpenLesson.id).order_by(OpenLesson.id)),
            "event": open_kiosk.event_id,
            "coming_event": waiting_kiosk.event_id,
            "year": db.session.scalar(select(Selection.year).order_by(Selection.year.desc())),
            "serial": db.session.scalar(select(Certificate.serial).order_by(Certificate.id)),
            "check_code": db.session.scalar(select(Certificate.check_code).order_by(Certificate.id)),
            "open_kiosk": open_kiosk.token,
            "waiting_kiosk": waiting_kiosk.token,
        }
    return ids


def _violations(page: Page) -> list[str]:
    """Run axe-core on the page as it stands; one line per serious or critical violation."""
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for v in result["violations"]:
        if v["impact"] in SERIOUS:
            targets = ", ".join(str(node["target"]) for node in v["nodes"][:5])
            found.append(f"{page.url} {v['id']} ({v['impact']}): {v['help']} — {targets}")
    return found


#: What sticks out past the right edge: the page itself (the whole page would scroll sideways), or a table's
#: scrolling region when `tables` is true (a list meant to fit a phone).
_TOO_WIDE = """tables => {
  const root = document.documentElement, found = [];
  if (root.scrollWidth > root.clientWidth) found.push(`the page (${root.scrollWidth} px in ${root.clientWidth})`);
  if (tables) document.querySelectorAll(".table-wrap").forEach(wrap => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) found.push(`a table (${wrap.scrollWidth} px in ${wrap.clientWidth})`);
  });
  return found;
}"""


def _too_wide(page: Page, tables: bool = False) -> list[str]:
    return [f"{page.url}: {what}" for what in page.evaluate(_TOO_WIDE, tables)]


def _sweep(page: Page, base: str, paths: list[str]) -> list[str]:
    """axe-core's findings on each page, and at phone width anything that makes the page itself scroll sideways."""
    found = []
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, (path, response.status)
        found += _violations(page)
        if page.viewport_size["width"] <= PHONE["width"]:
            found += _too_wide(page)
    return found


def _log_in(browser: Browser, base: str, staff_no: str, viewport: dict) -> Page:
    # A context of its own per person and width. The app's CSP (script-src 'self') does not stop axe:
    # page.evaluate runs through the DevTools protocol, not as a page script, so bypass_csp is not needed.
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(base + "/login")
    page.get_by_label("工号").fill(staff_no)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("老师，您好")
    return page


def test_main_pages_have_no_serious_accessibility_violation(browser: Browser, live_server, demo_school):
    base, ids = live_server.url, demo_school
    found: list[str] = []

    # Signed out: the login page (also with an error), the kiosk tablet, the public certificate check.
    page = browser.new_context(viewport=PHONE).new_page()
    found += _sweep(page, base, ["/login"])
    page.get_by_label("工号").fill(ADMIN_NO)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    found += _violations(page)
    found += _sweep(page, base, [f"/kiosk/k/{ids['open_kiosk']}", f"/kiosk/k/{ids['waiting_kiosk']}",
                                 f"/certificates/verify/{ids['serial']}",
                                 f"/certificates/verify/{ids['serial']}?code={ids['check_code']}"])
    page.set_viewport_size(DESKTOP)
    found += _sweep(page, base, [f"/kiosk/k/{ids['open_kiosk']}"])

    # The admin at a desktop.
    page = _log_in(browser, base, ADMIN_NO, DESKTOP)
    found += _sweep(page, base, [
        "/", "/staff/", f"/staff/{ids['teacher']}", f"/groups/{ids['group']}",
        "/pairings/", f"/pairings/{ids['pairing']}",
        "/open-lessons/", "/open-lessons/week", f"/open-lessons/{ids['lesson']}",
        "/events/", f"/events/{ids['event']}", "/calendars/", "/calendars/week",
        "/honours/", "/selection/", f"/selection/{ids['year']}", "/certificates/", "/certificates/manage",
        "/reports/", "/dashboard/", "/audit/",
    ])
    # A form sent back with its errors.
    page.goto(base + "/staff/new")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error").first).to_be_visible()
    found += _violations(page)
    # Wide admin tables scroll sideways on a phone: the scrolling region must be reachable by keyboard.
    page.set_viewport_size(PHONE)
    found += _sweep(page, base, ["/audit/", "/dashboard/", "/certificates/manage", "/selection/", "/pairings/"])
    # The pairing board's table is meant to fit: its "N 天无记录" badge used to stick out past the phone's edge.
    assert page.locator("#board-table .badge", has_text="天无记录").count() > 0
    found += _too_wide(page, tables=True)

    # A teacher on a phone.
    page = _log_in(browser, base, TEACHER_NO, PHONE)
    found += _sweep(page, base, [
        "/", "/staff/", f"/staff/{ids['teacher']}", f"/groups/{ids['group']}",
        "/pairings/my-mentor", f"/pairings/{ids['my_pairing']}",
        "/open-lessons/", "/open-lessons/week", f"/open-lessons/{ids['lesson']}",
        "/events/", f"/events/{ids['coming_event']}", "/calendars/", "/calendars/list",
        "/honours/", f"/selection/{ids['year']}", "/certificates/", "/reports/", "/reports/archive", "/kiosk/my-code",
    ])

    assert not found, "axe-core found serious or critical violations, or a page too wide for a phone:\n" + "\n".join(found)
