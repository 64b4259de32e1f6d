"""The rules every form applies to what is posted, as plain functions: ids that are really ids, control
characters dropped, and text of only invisible characters counted as nothing typed."""
from __future__ import annotations

import pytest

from blueprints.core.forms import blank_if_invisible, drop_control_characters, parse_id


@pytest.mark.parametrize("posted, expected", [
    ("42", 42), (" 7 ", 7), ("2147483647", 2147483647),
    ("2147483648", None), ("99999999999999999999", None), ("-1", None), ("²", None), ("１２", None),
    ("1 OR 1=1", None), ("", None), (None, None), ("\u200b", None), ("abc", None),
])
def test_only_plain_digits_within_the_database_range_are_an_id(posted, expected):
    assert parse_id(posted) == expected


def test_control_characters_are_dropped_but_line_breaks_and_tabs_stay():
    assert drop_control_characters("张\x00三\x07") == "张三"
    assert drop_control_characters("第一行\n第二行\t完") == "第一行\n第二行\t完"
    assert drop_control_characters(None) is None


@pytest.mark.parametrize("posted, expected", [
    ("\u200b\u200b", ""), ("\u3000\u200b ", ""), ("\ufeff", ""), ("张\u200b三", "张\u200b三"), ("李四", "李四"), ("", ""),
])
def test_text_of_only_invisible_characters_counts_as_empty(posted, expected):
    assert blank_if_invisible(posted) == expected
