"""Dates written the Chinese way on certificates: 二〇二六年九月十日."""
from __future__ import annotations

from datetime import date

DIGITS = "〇一二三四五六七八九"


def _small_number(n: int) -> str:
    """1..31 in Chinese numerals: 九, 十, 十一, 二十, 二十五, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return f"{head}十{DIGITS[ones] if ones else ''}"


def chinese_date(day: date) -> str:
    """The date with the year digit by digit and month and day as numbers: 二〇二六年九月十日."""
    year = "".join(DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"
