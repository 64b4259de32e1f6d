"""Pinyin search keys for names, computed once when a person is saved so a search is a plain SQL LIKE."""
from __future__ import annotations

from itertools import product

from pypinyin import Style, lazy_pinyin

#: Surnames whose reading as a surname differs from the character's usual reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "查": "zha", "盖": "ge", "覃": "qin", "乐": "yue", "缪": "miao", "翟": "zhai",
    "尉": "yu", "召": "shao", "柏": "bai", "秘": "bi",
}
COMPOUND_SURNAME_READINGS = {"万俟": ["mo", "qi"], "尉迟": ["yu", "chi"]}

#: Cap on variants per name: a name with several readable characters must not explode.
MAX_VARIANTS = 8


def _syllables(name: str) -> list[list[str]]:
    """Each character's readings: the usual one in context, plus the surname reading for the first."""
    usual = lazy_pinyin(name, style=Style.NORMAL, errors=lambda chars: list(chars))
    readings = [[syllable.lower()] for syllable in usual]
    for surname, syllables in COMPOUND_SURNAME_READINGS.items():
        if name.startswith(surname):
            readings[0:2] = [[syllable] for syllable in syllables]
            return readings
    reading = SURNAME_READINGS.get(name[:1])
    if reading and reading not in readings[0]:
        readings[0].insert(0, reading)
    return readings


def search_keys(name: str) -> tuple[str, str]:
    """Space-separated full-pinyin and initials variants, e.g. ('zhangsan', 'zs')."""
    cleaned = "".join(name.split())
    if not cleaned:
        return "", ""
    fulls: list[str] = []
    initials: list[str] = []
    for combination in product(*_syllables(cleaned)):
        full = "".join(combination)
        initial = "".join(syllable[0] for syllable in combination)
        if full not in fulls:
            fulls.append(full)
        if initial not in initials:
            initials.append(initial)
        if len(fulls) >= MAX_VARIANTS:
            break
    return " ".join(fulls), " ".join(initials)
