"""Every list shown a page at a time reads ?page= the same lenient way: a value that is not a sensible page number
opens the first page, a page past the end the last one, and none of them is ever a 500."""
from __future__ import annotations

import pytest

from blueprints.core.paging import Page, page_number
from blueprints.events.listing import RosterView
from blueprints.kiosk.attendance import AttendanceView

ODD_PAGES = ["", " ", "0", "-1", "abc", "1.5", "1e9", "²", "٣", "３", "99999", "99999999999999999999", "2 OR 1=1"]


@pytest.mark.parametrize("value, expected", [
    (None, 1), ("", 1), ("2", 2), (" 3 ", 3), ("0", 1), ("-1", 1), ("abc", 1), ("²", 1), ("٣", 1), ("３", 1),
    ("99999", 99999), ("100000", 1), ("1e9", 1),
])
def test_page_number_reads_only_plain_positive_digits(value, expected):
    assert page_number(value) == expected


def test_a_page_past_the_end_is_the_last_page_and_an_empty_list_has_one():
    assert Page.of(9, 20, 45).number == 3 and Page.of(9, 20, 45).last_no == 45
    empty = Page.of(2, 20, 0)
    assert (empty.number, empty.count, empty.previous, empty.next) == (1, 1, None, None)
    middle = Page.of(2, 20, 45)
    assert (middle.first_no, middle.last_no, middle.previous, middle.next) == (21, 40, 1, 3)


@pytest.mark.parametrize("view, status", [(RosterView, "waiting"), (AttendanceView, "unsigned")])
@pytest.mark.parametrize("values, expected", [
    ({}, {}),
    ({"page": "2", "status": "STATUS", "who": " zs  f "}, {"status": "STATUS", "who": "zs f", "page": 2}),
    ({"page": "-1"}, {}), ({"page": "abc"}, {}), ({"page": "²"}, {}), ({"page": "0"}, {}),
    ({"page": "99999999999999999999"}, {}), ({"status": "nonsense"}, {}),
    ({"who": "字" * 10_000}, {"who": "字" * 50}),
])
def test_a_list_of_peoples_view_is_read_leniently(view, status, values, expected):
    """The event roster's and the sign-in overview's status, name search and page, from a query string."""
    values = {name: value.replace("STATUS", status) for name, value in values.items()}
    expected = {name: status if value == "STATUS" else value for name, value in expected.items()}
    assert view.from_values(values) == view(**expected)


def test_a_view_leaves_its_defaults_out_of_the_address():
    assert RosterView().args() == {}
    assert RosterView("waiting", "zs", 1).args(page=3) == {"status": "waiting", "who": "zs", "page": 3}
    assert AttendanceView.from_values({"status": "waiting"}) == AttendanceView()  # not one of the overview's


@pytest.mark.parametrize("path", ["/staff/", "/pairings/", "/calendars/list"])
def test_odd_page_numbers_open_a_page_of_the_list(client, login_as, admin, path):
    login_as(admin)
    for value in ODD_PAGES:
        for headers in ({}, {"HX-Request": "true"}):
            answer = client.get(path, query_string={"page": value}, headers=headers)
            assert answer.status_code == 200, (path, value, answer.status_code)
