"""Pinyin search keys and the colleague search, as plain functions."""
import pytest

from blueprints.accounts.pinyin import search_keys
from blueprints.accounts.services import search_staff


@pytest.mark.parametrize(
    "name, full, initials",
    [
        ("张三", "zhangsan", "zs"),
        ("程菲", "chengfei", "cf"),
        ("吕绿", "lvlv", "ll"),  # ü is typed as v
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("尉迟恭", "yuchigong", "ycg"),
    ],
)
def test_search_keys_give_full_pinyin_and_initials(name, full, initials):
    fulls, inits = search_keys(name)
    assert full in fulls.split()
    assert initials in inits.split()


@pytest.mark.parametrize("name, surname_reading, usual_reading", [("单田芳", "stf", "dtf"), ("曾小贤", "zxx", "cxx"), ("解放", "xf", "jf"), ("仇英", "qy", "cy")])
def test_multi_reading_surnames_are_found_by_both_readings(name, surname_reading, usual_reading):
    _, initials = search_keys(name)
    assert initials.split()[0] == surname_reading
    assert usual_reading in initials.split()


def test_blank_name_has_no_keys():
    assert search_keys("  ") == ("", "")


def test_search_finds_by_initials_name_number_and_full_pinyin(make_staff):
    zhang = make_staff(name="张三", staff_no="T0007")
    make_staff(name="李四", staff_no="T0008")
    assert search_staff("zs") == [zhang]
    assert search_staff("张") == [zhang]
    assert search_staff("0007") == [zhang]
    assert search_staff("ZhangSan") == [zhang]
    assert search_staff("zhang san") == [zhang]


def test_search_leaves_out_deactivated_people_unless_asked(make_staff):
    gone = make_staff(name="单丽", is_active_member=False)
    assert search_staff("sl") == []
    assert search_staff("sl", include_inactive=True) == [gone]


def test_search_treats_like_wildcards_as_text(make_staff):
    make_staff(name="王芳")
    assert search_staff("%") == []
    assert search_staff("_") == []


def test_renaming_a_person_refreshes_their_search_keys(make_staff, app):
    from app import db

    person = make_staff(name="张三")
    person.name = "曾红"
    db.session.commit()
    assert search_staff("zs") == []
    assert search_staff("zh") == [person]
