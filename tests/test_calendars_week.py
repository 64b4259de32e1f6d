"""The week a few cards a day: a busy day shows five (the viewer's own among them) and "还有 N 项", which opens the
whole day in place; filters kept, registering from a card, htmx vs full page, the same queries for any number of
events, and bad query strings."""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

import pytest

from app import db
from blueprints.calendars.cells import Chip, Listed, chosen
from blueprints.calendars.grid import WEEK_DAY_CARDS
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_holiday, make_series, womens_committee,
)

HX = {"HX-Request": "true"}
MONDAY, WEDNESDAY = date(2026, 12, 7), date(2026, 12, 9)
WEEK = "/calendars/week?day=2026-12-07"
OPEN = WEEK + "&open=2026-12-09"
TITLE = re.compile(r'>((?:沙龙|合唱|讲座)\d+)</a></h3>')


def day_target(day: date) -> dict:
    """What htmx sends for "还有 N 项" or "收起" on that day: the day's region is the target."""
    return {**HX, "HX-Target": f"cal-day-{day.isoformat()}"}


@pytest.fixture
def term(make_semester):
    return make_semester()  # 2026-09-01 .. 2027-01-22, current


@pytest.fixture
def crowd(app, term, make_group):
    """Return a callable adding `count` events on one day (沙龙00 the earliest, from 08:00 Beijing time, ten
    minutes apart: the 60th starts again at 08:00), saved in a shuffled order so that the ids do not follow the
    times."""
    from blueprints.events.models import Event

    studio = make_group(name="特级教师工作室", kind="studio")

    def add(count: int, day: date = WEDNESDAY, group=None, title="沙龙", kind="growth_salon", first: int = 0,
            **fields) -> list[Event]:
        events = []
        for i in range(first, first + count):
            starts = datetime.combine(day, datetime.min.time()) + timedelta(minutes=10 * (i % 60))  # 08:00 Beijing on
            events.append(Event(kind=kind, title=f"{title}{i:02d}", place="三楼会议室", group=group or studio,
                                starts_at=starts, ends_at=starts + timedelta(minutes=50), audience="all", **fields))
        random.Random(count).shuffle(events)
        db.session.add_all(events)
        db.session.commit()
        return sorted(events, key=lambda e: (e.starts_at, e.id))

    return add


def hold(event, person, status="registered"):
    """The person's place at the event (registered, or waiting)."""
    from blueprints.events.models import Registration

    db.session.add(Registration(event=event, staff=person, status=status, queued_at=NOW))
    db.session.commit()


def day_of(page: str, day: date) -> str:
    """The HTML of one day of the week."""
    return page.split(f'<section id="cal-day-{day.isoformat()}"')[1].split("</section>")[0]


def titles(html: str) -> list[str]:
    return TITLE.findall(html)


def test_a_busy_day_keeps_the_viewers_own_then_those_not_cancelled_in_start_order():
    events = [Listed(Chip(i, "growth_salon", f"沙龙{i}", "09:00", i == 1, None, None), 1, None) for i in range(9)]
    shown, more = chosen(events, {7: "registered", 8: "waitlisted"}, 5)
    assert [listed.chip.id for listed in shown] == [0, 2, 3, 7, 8] and more == 4  # in start order
    assert chosen(events[:5], {}, 5) == (events[:5], 0)


def test_a_busy_day_shows_five_cards_with_the_viewers_own_and_how_many_more(client, login_as, teacher, crowd,
                                                                           fixed_now):
    made = crowd(12)
    crowd(2, day=MONDAY, first=20)
    made[1].status, made[1].cancelled_at = "cancelled", NOW
    db.session.commit()
    hold(made[10], teacher)
    hold(made[11], teacher, "waitlisted")
    login_as(teacher)
    page = client.get(WEEK, headers=HX).get_data(as_text=True)
    wednesday = day_of(page, WEDNESDAY)
    assert WEEK_DAY_CARDS == 5
    assert titles(wednesday) == ["沙龙00", "沙龙02", "沙龙03", "沙龙10", "沙龙11"]  # the cancelled 01 gives way
    assert wednesday.count("cal-card kind-growth_salon is-mine") == 2 and "候补第" in wednesday
    assert ">还有 7 项</a>" in wednesday and 'aria-label="12月9日还有 7 项活动"' in wednesday
    monday = day_of(page, MONDAY)
    assert titles(monday) == ["沙龙20", "沙龙21"] and "还有" not in monday and "收起" not in monday
    assert "本周共 14 项活动" in page
    link = "/calendars/week?day=2026-12-07&amp;open=2026-12-09"
    assert (f'href="{link}" hx-get="{link}" hx-target="#cal-day-2026-12-09" hx-swap="outerHTML '
            'show:#cal-day-2026-12-09:top" hx-push-url="true"') in wednesday


def test_opening_the_day_swaps_in_all_its_cards_and_folding_it_shows_five_again(client, login_as, teacher, crowd,
                                                                              fixed_now):
    made = crowd(12)
    crowd(8, day=MONDAY, first=20)
    login_as(teacher)
    opened = client.get(OPEN, headers=day_target(WEDNESDAY))
    body = opened.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="cal-day-2026-12-09"') and body.count("<section") == 1
    assert "<html" not in body and 'class="cal-bar"' not in body
    assert titles(body) == [e.title for e in made] and "还有" not in body
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in opened.headers["Vary"].split(",")}
    fold = '/calendars/week?day=2026-12-07'
    assert (f'href="{fold}" hx-get="{fold}" hx-target="#cal-day-2026-12-09" hx-swap="outerHTML '
            'show:#cal-day-2026-12-09:top" hx-push-url="true"') in body and body.count(">收起</a>") == 2
    assert "共 12 项" in body
    folded = client.get(WEEK, headers=day_target(WEDNESDAY)).get_data(as_text=True)
    assert titles(folded) == [e.title for e in made[:5]] and ">还有 7 项</a>" in folded and "<html" not in folded

    # The pushed URL opened directly: the whole page, that day whole and the others still a few.
    direct = client.get(OPEN).get_data(as_text=True)
    assert "<html" in direct and 'class="cal-bar"' in direct
    assert len(titles(day_of(direct, WEDNESDAY))) == 12 and len(titles(day_of(direct, MONDAY))) == 5
    assert "is-open" in direct.split('id="cal-day-2026-12-09"')[1].split(">")[0]
    region = client.get(OPEN, headers=HX).get_data(as_text=True)  # the toolbar's own swap: the whole region
    assert 'class="cal-bar"' in region and "<html" not in region and len(titles(day_of(region, WEDNESDAY))) == 12


def test_a_quiet_day_asked_open_shows_its_cards_without_a_fold_link(client, login_as, teacher, crowd, fixed_now):
    crowd(3)
    login_as(teacher)
    page = client.get(OPEN, headers=HX).get_data(as_text=True)
    assert len(titles(day_of(page, WEDNESDAY))) == 3 and "收起" not in page and "is-open" not in page


def test_the_filters_hold_in_the_days_links_and_the_opened_day(client, login_as, teacher, crowd, make_group,
                                                               make_series, fixed_now):
    choir = make_group(name="女教师合唱团", kind="arts")
    salons = crowd(9)
    crowd(8, group=choir, title="合唱", kind="choir_rehearsal", first=30)
    hold(salons[8], teacher)
    login_as(teacher)
    page = client.get(f"{WEEK}&group={choir.id}", headers=HX).get_data(as_text=True)
    wednesday = day_of(page, WEDNESDAY)
    assert titles(wednesday) == ["合唱30", "合唱31", "合唱32", "合唱33", "合唱34"] and ">还有 3 项</a>" in wednesday
    assert "本周共 8 项符合条件的活动" in page
    link = f"/calendars/week?group={choir.id}&amp;day=2026-12-07&amp;open=2026-12-09"
    assert f'hx-get="{link}"' in wednesday
    opened = client.get(link.replace("&amp;", "&"), headers=day_target(WEDNESDAY)).get_data(as_text=True)
    assert titles(opened) == [f"合唱{i}" for i in range(30, 38)]
    assert f'hx-get="/calendars/week?group={choir.id}&amp;day=2026-12-07"' in opened  # 收起 keeps the group too

    womens = client.get(f"{OPEN}&cal=womens-home", headers=day_target(WEDNESDAY)).get_data(as_text=True)
    assert titles(womens) == [f"合唱{i}" for i in range(30, 38)]
    kind = client.get(f"{WEEK}&kind=growth_salon", headers=HX).get_data(as_text=True)
    assert titles(day_of(kind, WEDNESDAY)) == ["沙龙00", "沙龙01", "沙龙02", "沙龙03", "沙龙08"]
    assert 'kind=growth_salon&amp;day=2026-12-07&amp;open=2026-12-09' in kind
    mine = client.get(f"{WEEK}&cal=mine", headers=HX).get_data(as_text=True)
    assert titles(mine) == ["沙龙08"] and "还有" not in mine and "本周共 1 项符合条件的活动" in mine
    # A series: the week keeps it in every link, and shows only its occurrences.
    from blueprints.calendars.recurrence import Pattern

    series = make_series(Pattern("weekly", weekdays=(2,), count=3), first=date(2026, 12, 2), title="读书会")
    only = client.get(f"{WEEK}&series={series.id}", headers=HX).get_data(as_text=True)
    assert ">读书会</a></h3>" in only and titles(only) == [] and f"series={series.id}&amp;day=2026-12-14" in only


def test_a_card_of_the_opened_day_registers_in_place(client, login_as, teacher, crowd, fixed_now):
    made = crowd(12)
    target = made[9]
    login_as(teacher)
    opened = client.get(OPEN, headers=day_target(WEDNESDAY)).get_data(as_text=True)
    box = opened.split(f'id="seat-{target.id}"')[1].split("</form>")[0]
    assert f'hx-post="/events/{target.id}/registration"' in box and f'hx-target="#seat-{target.id}"' in box
    assert 'name="next" value="/calendars/week?day=2026-12-07&amp;open=2026-12-09"' in box  # without JS, back here
    answer = client.post(f"/events/{target.id}/registration", headers=HX)
    assert "报名成功" in answer.get_data(as_text=True)
    # Folded again, the day's five now hold the viewer's new place.
    folded = day_of(client.get(WEEK, headers=HX).get_data(as_text=True), WEDNESDAY)
    assert titles(folded) == ["沙龙00", "沙龙01", "沙龙02", "沙龙03", "沙龙09"] and "is-mine" in folded
    assert "已报名" in folded.split(f'id="seat-{target.id}"')[1].split("</div>")[0]


def test_an_event_lasting_days_is_shown_once_on_its_first_day_in_the_week(client, login_as, teacher, make_event,
                                                                         term, fixed_now):
    make_event(title="暑期研修营", starts_at=datetime(2026, 12, 4, 1, 0), ends_at=datetime(2026, 12, 8, 9, 0))
    login_as(teacher)
    page = client.get(WEEK, headers=HX).get_data(as_text=True)
    assert page.count(">暑期研修营</a></h3>") == 1 and "暑期研修营" in day_of(page, MONDAY)
    assert "本周共 1 项活动" in page


def test_the_week_takes_as_many_queries_for_80_events_as_for_3(client, login_as, teacher, crowd, count_queries,
                                                                fixed_now):
    login_as(teacher)

    def queries(url, headers=None):
        db.session.expire_all()
        with count_queries() as sent:
            response = client.get(url, headers=headers or {})
        assert response.status_code == 200
        return len(sent)

    def visits():
        """The week's first visit since data changed (it reads the month's days), then as kept: the week, the
        region with a day opened, the opened day alone."""
        return queries(WEEK), queries(WEEK), queries(OPEN, HX), queries(OPEN, day_target(WEDNESDAY))

    crowd(1, day=MONDAY)
    crowd(1, first=1)
    hold(crowd(1, day=date(2026, 12, 11), first=2)[0], teacher)
    few = visits()
    for n, count in enumerate((15, 16, 16, 15, 15)):  # 77 more, Monday to Friday
        crowd(count, day=MONDAY + timedelta(days=n), first=10 + 20 * n)
    many = visits()
    assert many == few and few[0] <= 12
    # Kept (nothing changed since), a visit reads only the person, their places and the shown cards.
    assert few[1] < few[0]
    page = client.get(OPEN).get_data(as_text=True)
    assert "本周共 80 项活动" in page and len(titles(day_of(page, WEDNESDAY))) == 17


@pytest.mark.parametrize("query", [
    "day=2026-13-01", "day=0000-01-01", "day=abc", "day=", "day=2026-12-07&day=x", "day=9999-12-31",
    "day=0001-01-01", "open=abc", "open=2026-13-01", "open=0000-01-01", "open=2027-06-01", "open=",
    "day=abc&open=2026-12-09", "day=2026-12-07&open=9999-12-31", "day=2026-12-09&open=2026-12-09%00",
    "group=abc&series=-1&cal=nope&kind=x&open=2026-12-09",
])
def test_odd_query_strings_never_fail(client, login_as, teacher, crowd, query, fixed_now):
    crowd(12)
    login_as(teacher)
    for headers in ({}, HX, day_target(WEDNESDAY), {**HX, "HX-Target": "cal-day-abc"},
                    {**HX, "HX-Target": "cal-day-2026-13-01"}):
        response = client.get("/calendars/week?" + query, headers=headers)
        assert response.status_code == 200, (query, headers)


def test_a_day_the_week_does_not_show_gets_the_whole_region(client, login_as, teacher, crowd, fixed_now):
    """A day's link after the semesters changed may name a day outside the week now shown: the calendar region
    answers instead, retargeted, never the wrong day's section in its place."""
    crowd(12)
    login_as(teacher)
    response = client.get("/calendars/week?day=2027-06-01", headers=day_target(date(2027, 6, 2)))
    body = response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#calendar" and response.headers["HX-Reswap"] == "innerHTML"
    assert 'class="cal-bar"' in body and "已为您打开最近的一周" in body
