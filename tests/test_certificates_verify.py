"""The public verification page: with the certificate's check code it says genuine or revoked, to whom and for
what; without it (or with a wrong one) it asks for the code and gives away nothing, not even whether the serial
exists — serials run in sequence, so anyone could otherwise walk them and list every holder."""
from __future__ import annotations

import re

import pytest

from blueprints.certificates.check_codes import (
    ALPHABET, check_code_matches, format_check_code, new_check_code, normalise_check_code,
)
from tests.test_certificates_support import NOW, fixed_day, issue_honour  # noqa: F401


def _main(response) -> str:
    """The page's own content (the layout around it carries a per-request CSRF token)."""
    return re.search(r"<main\b.*?</main>", response.get_data(as_text=True), re.S).group(0)


@pytest.fixture
def anonymous(app):
    return app.test_client()


# --- the code as a rule -------------------------------------------------------------------------------------

def test_codes_are_eight_unambiguous_random_characters():
    codes = {new_check_code() for _ in range(2000)}
    assert len(codes) == 2000  # random, not a sequence: no two alike in a school's lifetime of certificates
    assert all(len(c) == 8 and set(c) <= set(ALPHABET) for c in codes)
    assert not set("01OIL") & set(ALPHABET)  # nothing to misread off paper
    assert format_check_code("K7Q2M9XA") == "K7Q2-M9XA"


@pytest.mark.parametrize("typed", ["K7Q2M9XA", "k7q2-m9xa", " K7Q2 M9XA ", "K7Q2—M9XA", "Ｋ７Ｑ２－Ｍ９ＸＡ", "k7q2\u3000m9xa"])
def test_a_code_matches_however_it_is_typed(typed):
    assert normalise_check_code(typed) == "K7Q2M9XA" and check_code_matches(typed, "K7Q2M9XA")


@pytest.mark.parametrize("typed", ["", None, "K7Q2M9XB", "K7Q2M9X", "K7Q2M9XAA", "--------", "K7Q2M9XA" * 10])
def test_a_wrong_empty_or_overlong_code_does_not_match(typed):
    assert not check_code_matches(typed, "K7Q2M9XA")


def test_nothing_matches_a_certificate_that_does_not_exist():
    assert not check_code_matches("K7Q2M9XA", None) and not check_code_matches("--------", None)


# --- the page ------------------------------------------------------------------------------------------------

def test_the_right_code_shows_genuine_to_whom_and_for_what(anonymous, issue_honour):
    cert = issue_honour("王丽")
    response = anonymous.get(f"/certificates/verify/TD-2026-0001?code={cert.check_code}")
    page = _main(response)
    assert response.status_code == 200 and "真实有效" in page and "王丽" in page and "荣誉证书" in page
    assert "在开化县小学语文优质课评比中荣获一等奖" in page and "二〇二六年九月十日" in page
    assert response.headers["Cache-Control"] == "no-store"  # the address holds the code


def test_the_code_is_accepted_in_lower_case_with_hyphens_and_spaces_and_the_serial_in_lower_case(anonymous, issue_honour):
    cert = issue_honour("王丽")
    typed = f" {cert.check_code[:4].lower()}-{cert.check_code[4:].lower()} "
    response = anonymous.get("/certificates/verify/td-2026-0001", query_string={"code": typed})
    assert response.status_code == 200 and "真实有效" in _main(response) and "王丽" in _main(response)


def test_without_the_code_the_page_only_asks_for_it(anonymous, issue_honour):
    issue_honour("王丽")
    response = anonymous.get("/certificates/verify/TD-2026-0001")
    page = _main(response)
    assert response.status_code == 200 and "请输入证书上的校验码" in page and 'name="code"' in page
    assert 'method="get"' in page and 'action="/certificates/verify/TD-2026-0001"' in page  # serial fixed
    for secret in ["王丽", "荣誉证书", "真实有效", "已撤销", "优质课", "二〇二六", "查无"]:
        assert secret not in page
    assert "校验码不正确" not in page


def test_a_wrong_code_says_so_beside_the_field_and_shows_nothing_of_the_holder(anonymous, issue_honour):
    first, second = issue_honour("王丽"), issue_honour("李明")
    # Even another certificate's genuine code opens nothing.
    response = anonymous.get(f"/certificates/verify/{second.serial}?code={first.check_code}")
    page = _main(response)
    assert response.status_code == 422 and "校验码不正确" in page and 'aria-invalid="true"' in page
    assert "李明" not in page and "王丽" not in page and "真实有效" not in page and "荣誉证书" not in page
    empty = anonymous.get(f"/certificates/verify/{second.serial}?code=")
    assert empty.status_code == 422 and "请填写校验码" in _main(empty) and "李明" not in _main(empty)


def test_an_unknown_serial_answers_exactly_like_a_known_one_with_a_wrong_or_missing_code(anonymous, issue_honour):
    first, second = issue_honour("王丽"), issue_honour("李明")

    def answer(serial: str, query: str = "") -> tuple[int, str]:
        response = anonymous.get(f"/certificates/verify/{serial}{query}")
        return response.status_code, _main(response).replace(serial, "<serial>")

    assert answer("TD-2026-0001") == answer("TD-2026-9999") == answer("TD-2031-0001")
    assert answer("TD-2026-0001", "?code=ABCD-EFGH") == answer("TD-2026-9999", "?code=ABCD-EFGH")
    # an unknown serial with a real certificate's code, or with an empty one: the same "wrong code"
    assert answer("TD-2026-9999", f"?code={first.check_code}") == answer(second.serial, f"?code={first.check_code}")
    assert answer("TD-2026-9999", "?code=") == answer("TD-2026-0001", "?code=")
    assert answer("TD-2026-9999", "?code=x")[0] == 422 and answer("TD-2026-9999")[0] == 200


def test_a_revoked_certificate_verifies_as_revoked_with_its_code_and_stays_silent_without(
        client, login_as, admin, anonymous, issue_honour):
    cert = issue_honour("王丽")
    login_as(admin)
    assert client.post(f"/certificates/{cert.id}/revoke", data={"reason": "获奖信息登记有误"}).status_code == 303
    page = _main(anonymous.get(f"/certificates/verify/TD-2026-0001?code={cert.check_code}"))
    assert "此证书已撤销" in page and "王丽" in page and "荣誉证书" in page
    assert "获奖信息登记有误" not in page and "真实有效" not in page  # the reason stays with the school
    silent = _main(anonymous.get("/certificates/verify/TD-2026-0001"))
    assert "撤销" not in silent and "王丽" not in silent
    assert anonymous.get("/certificates/verify/TD-2026-0001?code=ABCDEFGH").status_code == 422


def test_nonsense_serials_and_codes_get_the_form_not_an_error(anonymous, issue_honour):
    issue_honour("王丽")
    for url in ["/certificates/verify/" + "9" * 300, "/certificates/verify/%3Cscript%3E?code=%3Cb%3E",
                "/certificates/verify/TD-2026-0001?code=" + "码" * 5000, "/certificates/verify/TD-2026-0001?code=%00"]:
        response = anonymous.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 422) and "请输入证书上的校验码" in page and "<script>" not in page
        assert "<b>" not in page and "王丽" not in page


def test_the_page_needs_no_inline_script_or_style(anonymous, issue_honour):
    cert = issue_honour("王丽")
    for query in ("", "?code=WRONG", f"?code={cert.check_code}"):
        page = anonymous.get(f"/certificates/verify/TD-2026-0001{query}").get_data(as_text=True)
        assert " style=" not in page and "<style" not in page and " hx-on" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
