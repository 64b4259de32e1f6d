"""The school's clock: Beijing dates, UTC stamps, and a clock tests can pin."""
from datetime import date, datetime

from blueprints.core import clock


def test_early_morning_in_beijing_is_already_the_next_day(app):
    app.config["FIXED_NOW"] = datetime(2026, 11, 24, 23, 30)  # UTC: 07:30 on the 25th in Beijing
    assert clock.today() == date(2026, 11, 25)
    assert clock.now_local() == datetime(2026, 11, 25, 7, 30)


def test_a_fixed_day_is_noon_in_beijing(app):
    app.config["FIXED_TODAY"] = date(2026, 9, 10)
    assert clock.now_utc() == datetime(2026, 9, 10, 4, 0)
    assert clock.today() == date(2026, 9, 10)


def test_conversions_round_trip():
    local = datetime(2026, 12, 31, 20, 0)
    assert clock.to_utc(local) == datetime(2026, 12, 31, 12, 0)
    assert clock.to_local(clock.to_utc(local)) == local
