"""Ten years of semesters (2016 to now) with their pairing and open-lesson settings, and the holidays."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.accounts.models import Semester
from blueprints.calendars.models import PUBLIC, SCHOOL, Holiday
from blueprints.open_lessons.services import rooms_of, save_room, save_settings, settings_for
from blueprints.pairings.models import DEFAULT_TARGETS, PairingSettings, PairingTarget
from demo.seed_20_open_lessons import ROOMS

from .rows import NOW, Rows, Term

FIRST_YEAR = 2016


def add_terms(rows: Rows) -> list[Term]:
    """Every semester from autumn 2016 to the current one, oldest first (the demo's two are kept)."""
    session = rows.session
    have = {s.name for s in session.scalars(select(Semester))}
    for year in range(FIRST_YEAR, 2026):
        for name, start, end in ((f"{year}-{year + 1}学年第一学期", date(year, 9, 1), date(year + 1, 1, 20)),
                                 (f"{year}-{year + 1}学年第二学期", date(year + 1, 2, 20), date(year + 1, 7, 8))):
            if name not in have and end < date(2026, 2, 1):  # the demo has the two since then
                rows.add(Semester, name=name, start_date=start, end_date=end, is_current=False)
    rows.flush()
    return [Term(s.id, s.name, s.start_date, s.end_date)
            for s in session.scalars(select(Semester).order_by(Semester.start_date))]


def add_settings(rows: Rows, terms: list[Term], rooms_per_term: int) -> dict[int, list[tuple[int, int]]]:
    """Pairing targets and open-lesson settings (through the app's services) for every semester lacking them,
    and rooms up to `rooms_per_term`; returns {semester id: [(room id, seats)]}."""
    session = rows.session
    with_pairing = set(session.scalars(select(PairingSettings.semester_id)))
    rooms: dict[int, list[tuple[int, int]]] = {}
    for term in terms:
        if term.id not in with_pairing:
            rows.add(PairingSettings, semester_id=term.id, max_apprentices=2, quiet_days=30, updated_at=NOW)
            for metric, target in DEFAULT_TARGETS.items():
                rows.add(PairingTarget, semester_id=term.id, metric=metric, target=target)
        semester = session.get(Semester, term.id)
        if settings_for(semester) is None:
            save_settings(semester, {"declare_from": term.start, "declare_until": term.end, "min_observers": 5,
                                     "observe_target": 4, "feedback_days": 7, "names_visible": True})
        existing = rooms_of(semester)
        names = {room.name for room in existing}
        number = 0
        while len(existing) < rooms_per_term:
            name, seats = ROOMS[number % len(ROOMS)]
            number += 1
            name = name if name not in names else f"{name}（{number // len(ROOMS) + 1}号楼）"
            if name not in names:
                names.add(name)
                existing.append(save_room(semester, name, seats))
        rooms[term.id] = [(room.id, room.seats) for room in existing if room.is_active]
    rows.flush()
    return rooms


def add_holidays(rows: Rows) -> int:
    """National Day, New Year, Labour Day and the two school holidays of every year."""
    session = rows.session
    have = {(h.name, h.start_date) for h in session.scalars(select(Holiday))}
    added = 0
    for year in range(FIRST_YEAR, 2027):
        for name, kind, first, last in (
            ("元旦", PUBLIC, date(year, 1, 1), date(year, 1, 1)),
            ("寒假", SCHOOL, date(year, 1, 21), date(year, 2, 19)),
            ("劳动节", PUBLIC, date(year, 5, 1), date(year, 5, 5)),
            ("暑假", SCHOOL, date(year, 7, 9), date(year, 8, 31)),
            ("国庆节", PUBLIC, date(year, 10, 1), date(year, 10, 7)),
        ):
            if (name, first) not in have and first <= date(2026, 11, 25):
                rows.add(Holiday, name=name, kind=kind, start_date=first, end_date=last, created_at=NOW)
                added += 1
    rows.flush()
    return added
