"""The pairing board pages through long lists: every newcomer lacking a mentor and every pairing can be reached a page
at a time, the counts speak of the whole list, and suggestions on later pages are as good as on the first."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from blueprints.pairings.board import NEWCOMERS_PER_PAGE, PAIRINGS_PER_PAGE
from blueprints.pairings.services import mentor_loads, settings_for
from blueprints.pairings.suggestions import (
    mentor_candidates, rank_mentors, suggest_mentors, suggestions_for, suggestions_to_show,
)
from tests.test_pairings_support import (  # noqa: F401  (fixtures)
    NEWCOMER_DAY, fixed_today, make_log, make_mentor, make_newcomer, make_pairing, semester, team_leader,
)

HTMX = {"HX-Request": "true"}
SUBJECTS = ("语文", "数学", "英语")
BANDS = ("低段", "中段", "高段")


def cards(html: str) -> list[int]:
    """The newcomers listed, by id, in page order."""
    return [int(n) for n in re.findall(r'<article class="newcomer" id="newcomer-(\d+)"', html)]


def table_names(html: str) -> list[str]:
    """The apprentices named in the table's rows, in order."""
    table = html[html.index('<table class="striped pairing-table">'):]
    return re.findall(r'<td><a href="/pairings/\d+">([^<]+)</a></td>', table[:table.index("</table>")])


def next_link(html: str, pager: str) -> str | None:
    """The address behind "下一页" in the pager with that label, if there is one."""
    nav = re.search(rf'<nav class="pager" aria-label="{pager}">(.*?)</nav>', html, re.S)
    found = nav and re.search(r'<a href="([^"]+)"[^>]*>下一页', nav.group(1))
    return unescape(found.group(1)) if found else None


def suggested(html: str, person) -> list[str]:
    """The mentors suggested on a newcomer's card, by the names on its buttons."""
    return re.findall(rf'aria-label="{person.name} 拜 (\S+) 为师"', html)


@pytest.fixture
def many_newcomers(make_newcomer, make_mentor, semester):
    """Two and a half pages of newcomers lacking a mentor, arriving one a day, with mentors of every subject and band
    (some already busy) so that each has suggestions."""
    for n, subject in enumerate(SUBJECTS * 3):
        make_mentor(name=f"师傅{n:02d}", subject=subject, grade_band=BANDS[n % 3], is_famous=n % 4 == 0)
    return [
        make_newcomer(name=f"新教师{n:02d}", subject=SUBJECTS[n % 3], grade_band=BANDS[n // 3 % 3],
                      arrival_date=NEWCOMER_DAY + timedelta(days=n))
        for n in range(NEWCOMERS_PER_PAGE * 2 + 3)
    ]


def test_the_newcomer_list_pages_through_everyone_lacking_a_mentor_in_arrival_order(client, login_as, admin, many_newcomers):
    login_as(admin)
    seen, url, pages = [], "/pairings/", 0
    while url:
        html = client.get(url).get_data(as_text=True)
        pages += 1
        assert f"还有 {len(many_newcomers)} 位新教师未结对" in html
        assert f"（第 {pages}/3 页）" in html
        seen += cards(html)
        url = next_link(html, "新教师名单翻页")
    assert pages == 3
    assert seen == [person.id for person in many_newcomers]


def test_newcomers_on_a_later_page_get_the_same_suggestions_as_on_their_own(client, login_as, admin, many_newcomers, semester):
    login_as(admin)
    html = client.get("/pairings/?newcomer_page=2").get_data(as_text=True)
    on_page = many_newcomers[NEWCOMERS_PER_PAGE:NEWCOMERS_PER_PAGE * 2]
    assert cards(html) == [person.id for person in on_page]
    for person in on_page:
        expected = suggest_mentors(person, semester)
        assert expected and suggested(html, person) == [s.mentor.name for s in expected]
        assert all(s.reason_text in html for s in expected)


def test_the_boards_suggestions_rank_as_ranking_every_candidate_would(make_mentor, make_newcomer, make_pairing, semester, many_newcomers):
    """Also when many candidates share a subject and band, some are at their limit, and a newcomer is a candidate
    too (left out of their own list): the pool keeps a few per subject and band, not everyone."""
    crowd = [make_mentor(name=f"骨干{n:02d}", subject="语文", grade_band="低段") for n in range(6)]
    for mentor in crowd[:2]:
        make_pairing(mentor, make_newcomer(subject="语文", grade_band="低段"))
        make_pairing(mentor, make_newcomer(subject="语文", grade_band="低段"))
    experienced = make_newcomer(name="调入骨干", subject="语文", grade_band="低段", title="高级教师", is_famous=True)
    people = many_newcomers + [experienced]
    loads, limit, everyone = mentor_loads(semester.id), settings_for(semester.id).max_apprentices, mentor_candidates()
    shown, full = suggestions_to_show(people, semester), suggestions_for(people, semester)
    for person in people:
        expected = [(s.mentor.id, s.reason_text) for s in rank_mentors(person, everyone, loads, limit, count=3)]
        assert [(s.mentor.id, s.reason_text) for s in shown[person.id]] == expected
        assert [(s.mentor.id, s.reason_text) for s in full[person.id]] == expected
    assert experienced.id not in {s.mentor.id for s in shown[experienced.id]}
    assert not {crowd[0].id, crowd[1].id} & {s.mentor.id for s in shown[experienced.id]}


def test_a_newcomer_page_past_the_end_shows_the_last_page(client, login_as, admin, many_newcomers):
    login_as(admin)
    html = client.get("/pairings/?newcomer_page=99").get_data(as_text=True)
    assert cards(html) == [person.id for person in many_newcomers[NEWCOMERS_PER_PAGE * 2:]]
    assert "（第 3/3 页）" in html and next_link(html, "新教师名单翻页") is None


@pytest.fixture
def many_pairings(make_pairing, make_mentor, make_newcomer, make_log):
    """A page and a bit of pairings, one of them quiet (nothing confirmed for two months), on the last page."""
    pairings = []
    for n in range(PAIRINGS_PER_PAGE + 4):
        pairing = make_pairing(make_mentor(name=f"带教{n:02d}"), make_newcomer(name=f"徒弟{n:02d}", staff_no=f"P{n:04d}"))
        make_log(pairing, held_on=date(2026, 9, 20) if n == PAIRINGS_PER_PAGE + 2 else date(2026, 11, 20))
        pairings.append(pairing)
    return pairings


def test_the_table_pages_through_every_pairing_and_counts_all_of_them(client, login_as, admin, many_pairings):
    login_as(admin)
    first = client.get("/pairings/").get_data(as_text=True)
    assert f"{len(many_pairings)} 对</small>" in first
    assert f"本页第 1–{PAIRINGS_PER_PAGE} 对（第 1/2 页）" in first
    # The quiet pairing is on the second page; the first page already says there is one.
    assert "1 对结对已超过 30 天没有已确认的帮扶记录" in first
    second = client.get(next_link(first, "结对名单翻页")).get_data(as_text=True)
    assert f"本页第 {PAIRINGS_PER_PAGE + 1}–{len(many_pairings)} 对（第 2/2 页）" in second
    assert next_link(second, "结对名单翻页") is None
    names = table_names(first) + table_names(second)
    assert names == [p.apprentice.name for p in many_pairings]
    assert second.count('<tr class="quiet">') == 1 and first.count('<tr class="quiet">') == 0


def test_paging_keeps_the_filters_and_the_other_list_where_it_was(client, login_as, admin, many_pairings, make_newcomer, semester):
    waiting = [make_newcomer(name=f"待结对{n}") for n in range(NEWCOMERS_PER_PAGE + 1)]
    login_as(admin)
    html = client.get(f"/pairings/?semester={semester.id}&subject=语文&newcomer_page=2").get_data(as_text=True)
    table_next = next_link(html, "结对名单翻页")
    assert parse_qs(urlsplit(table_next).query) == {
        "semester": [str(semester.id)], "subject": ["语文"], "page": ["2"], "newcomer_page": ["2"]}
    page_two = client.get(table_next).get_data(as_text=True)
    assert f"本页第 {PAIRINGS_PER_PAGE + 1}–{len(many_pairings)} 对" in page_two
    # The newcomers stayed on their second page.
    assert cards(page_two) == cards(html) == [waiting[-1].id]
    assert f"还有 {len(waiting)} 位新教师未结对，本页第 {len(waiting)}–{len(waiting)} 位（第 2/2 页）" in page_two


def test_paging_with_htmx_swaps_the_body_and_the_pushed_address_opens_the_whole_page(client, login_as, admin, many_pairings):
    login_as(admin)
    link = next_link(client.get("/pairings/").get_data(as_text=True), "结对名单翻页")
    html = client.get("/pairings/").get_data(as_text=True)
    assert f'hx-get="{link.replace("&", "&amp;")}" hx-target="#board-body" hx-push-url="true"' in html
    partial = client.get(link, headers=HTMX)
    assert "<html" not in partial.get_data(as_text=True) and "HX-Request" in partial.headers["Vary"]
    assert table_names(partial.get_data(as_text=True)) == [p.apprentice.name for p in many_pairings[PAIRINGS_PER_PAGE:]]
    full = client.get(link).get_data(as_text=True)
    assert "<html" in full and table_names(full) == table_names(partial.get_data(as_text=True))


def test_one_click_pairing_on_a_later_page_stays_there_and_counts_one_less(client, login_as, admin, many_newcomers, semester):
    login_as(admin)
    person = many_newcomers[NEWCOMERS_PER_PAGE]  # first on page 2
    html = client.get("/pairings/?newcomer_page=2").get_data(as_text=True)
    mentor_id = int(re.search(
        rf'name="apprentice_id" value="{person.id}">\s*<input type="hidden" name="mentor_id" value="(\d+)"', html).group(1))
    data = {"semester_id": semester.id, "apprentice_id": person.id, "mentor_id": mentor_id, "page": "1", "newcomer_page": "2"}
    answer = client.post("/pairings/quick", data=data, headers=HTMX).get_data(as_text=True)
    assert f"还有 {len(many_newcomers) - 1} 位新教师未结对" in answer and "（第 2/3 页）" in answer
    assert cards(answer) == [p.id for p in many_newcomers[NEWCOMERS_PER_PAGE + 1:NEWCOMERS_PER_PAGE * 2 + 1]]
    assert 'id="board-table" hx-swap-oob="true"' in answer and "1 对</small>" in answer

    other = many_newcomers[NEWCOMERS_PER_PAGE + 1]
    data.update(apprentice_id=other.id)
    redirect = client.post("/pairings/quick", data=data)
    assert redirect.status_code == 303 and "newcomer_page=2" in redirect.headers["Location"]


def test_the_board_sends_as_many_queries_for_any_page_of_any_length(client, login_as, admin, make_pairing, make_mentor, make_newcomer, count_queries):
    login_as(admin)

    def queries(url: str) -> int:
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    make_pairing(make_mentor(), make_newcomer())
    make_newcomer()
    few = queries("/pairings/")
    for _ in range(PAIRINGS_PER_PAGE * 2):
        make_pairing(make_mentor(), make_newcomer())
    for _ in range(NEWCOMERS_PER_PAGE * 2):
        make_newcomer()
    assert queries("/pairings/") == queries("/pairings/?page=2&newcomer_page=2") == few


def test_the_board_follows_a_pairing_made_elsewhere_at_once_though_its_lists_are_kept(
        client, login_as, admin, make_mentor, make_newcomer, make_pairing, semester):
    mentor = make_mentor(name="师傅甲")
    newcomer = make_newcomer(name="新教师乙")
    login_as(admin)
    before = client.get("/pairings/").get_data(as_text=True)
    assert newcomer.id in cards(before) and "新教师乙" not in table_names(before)
    make_pairing(mentor, newcomer)  # another coordinator, another request
    after = client.get("/pairings/").get_data(as_text=True)
    assert newcomer.id not in cards(after) and table_names(after) == ["新教师乙"]


def test_a_quick_pairing_redraws_the_suggestions_with_the_mentors_new_load(
        client, login_as, admin, make_mentor, make_newcomer, semester):
    mentor = make_mentor(name="师傅甲")
    first, second = make_newcomer(name="新教师一"), make_newcomer(name="新教师二")
    login_as(admin)
    assert "当前带徒 0/" in client.get("/pairings/").get_data(as_text=True)  # the pool is kept from here on
    answer = client.post("/pairings/quick", headers=HTMX, data={
        "semester_id": semester.id, "apprentice_id": first.id, "mentor_id": mentor.id, "page": 1, "newcomer_page": 1})
    redrawn = answer.get_data(as_text=True)
    assert answer.status_code == 200 and first.id not in cards(redrawn) and second.id in cards(redrawn)
    assert "当前带徒 1/" in redrawn and "当前带徒 0/" not in redrawn


@pytest.mark.csrf
def test_a_second_coordinator_is_served_the_kept_lists_with_their_own_token_and_can_pair(
        app, client, login_as, admin, team_leader, make_mentor, make_newcomer, semester):
    from tests.conftest import TEST_PASSWORD, PerRequestGlobalsClient, csrf_token_from

    mentor = make_mentor(name="师傅甲")
    newcomer = make_newcomer(name="新教师乙")
    login_as(admin)
    assert newcomer.id in cards(client.get("/pairings/").get_data(as_text=True))
    other = PerRequestGlobalsClient(app, app.response_class, use_cookies=True)
    token = csrf_token_from(other.get("/login").get_data(as_text=True))
    other.post("/login", data={"staff_no": team_leader.staff_no, "password": TEST_PASSWORD, "csrf_token": token})
    page = other.get("/pairings/").get_data(as_text=True)  # the lists as the admin's visit drew them
    button_token = re.search(r'name="csrf_token" value="([^"]+)"', page.split('id="newcomers"')[1]).group(1)
    assert button_token == csrf_token_from(page)
    answer = other.post("/pairings/quick", data={"csrf_token": button_token, "semester_id": semester.id,
                                                 "apprentice_id": newcomer.id, "mentor_id": mentor.id})
    assert answer.status_code == 303
    assert newcomer.id not in cards(client.get("/pairings/").get_data(as_text=True))
