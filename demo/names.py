"""Chinese names for the demo staff: surnames weighted as in China, given names that fit the decade of birth."""
from __future__ import annotations

import random

#: Share of the population (per cent, 2020 census) of the commonest surnames, most common first.
SURNAME_WEIGHTS = {
    "王": 7.12, "李": 7.00, "张": 6.74, "刘": 5.10, "陈": 4.61, "杨": 3.22, "黄": 2.45, "赵": 2.29,
    "吴": 2.05, "周": 2.00, "徐": 1.67, "孙": 1.54, "马": 1.29, "朱": 1.28, "胡": 1.23, "郭": 1.18,
    "何": 1.15, "林": 1.07, "高": 1.07, "罗": 0.96, "郑": 0.93, "梁": 0.86, "谢": 0.79, "宋": 0.74,
    "唐": 0.70, "许": 0.68, "韩": 0.66, "冯": 0.65, "邓": 0.64, "曹": 0.62, "彭": 0.60, "曾": 0.58,
    "肖": 0.57, "田": 0.56, "董": 0.55, "袁": 0.50, "潘": 0.49, "于": 0.48, "蒋": 0.48, "蔡": 0.46,
    "余": 0.46, "杜": 0.43, "叶": 0.42, "程": 0.41, "苏": 0.40, "魏": 0.39, "吕": 0.38, "丁": 0.37,
    "任": 0.36, "沈": 0.35, "姚": 0.34, "卢": 0.34, "姜": 0.32, "崔": 0.31, "钟": 0.31, "谭": 0.30,
    "陆": 0.29, "汪": 0.29, "范": 0.28, "金": 0.28, "石": 0.27, "廖": 0.27, "贾": 0.26, "夏": 0.26,
    "韦": 0.25, "付": 0.25, "方": 0.24, "白": 0.24, "邹": 0.23, "孟": 0.23, "熊": 0.22, "秦": 0.22,
    "邱": 0.22, "江": 0.21, "尹": 0.21, "薛": 0.20, "闫": 0.20, "段": 0.20, "雷": 0.19, "侯": 0.19,
    "龙": 0.18, "史": 0.18, "陶": 0.17, "黎": 0.17, "贺": 0.17, "顾": 0.16, "毛": 0.16, "郝": 0.16,
    "龚": 0.15, "邵": 0.15, "万": 0.15, "钱": 0.15, "严": 0.14, "戴": 0.14, "孔": 0.12, "汤": 0.12,
}

#: Surnames read differently from the everyday character (单 shan, 解 xie, 仇 qiu), given to a few
#: people on purpose so that pinyin search has something to show.
MULTI_READING_SURNAMES = ["单", "解", "仇", "曾"]

#: Given names by the decade people were born in: (two-character names, one-character names).
_GIVEN_NAMES = {
    ("F", "older"): (
        "秀英 丽娟 红梅 桂芳 美玲 建英 小红 雪梅 玉兰 丽华 爱华 素琴 彩霞 春燕 海英 玉芳 秀兰 云霞 月琴 金凤",
        "芳 红 英 萍 霞 琴 华 敏 梅",
    ),
    ("F", "middle"): (
        "海燕 丽丽 婷婷 静怡 晓丽 晓红 丽娜 雅琴 秀梅 慧敏 晓琳 晶晶 菲菲 莉莉 娟娟 巧玲 春晓 晓雯 亚楠 "
        "文静 海霞 玲玲 艳红 雪莲 晓慧 丹丹 美娟 小燕 佳佳 露露",
        "艳 燕 敏 洁 静 丹 倩 慧 颖 琳 佳 雪 蕾 娜 莉 霞",
    ),
    ("F", "young"): (
        "佳琪 思雨 梦琪 雨婷 欣怡 诗涵 婉婷 可欣 佳怡 钰洁 雅婷 心怡 思琪 梦瑶 晨曦 安琪 丹妮 佳慧 舒婷 "
        "宇欣 梦洁 家欣 嘉怡 晓彤 静雯 欣悦 雨欣 诗琪 梦婷 紫琳 佳敏 慧琳 雪晴 书瑶 子琪 思敏 晓雪 "
        "雅琪 文慧 佳宁 梦雪 倩倩 璐瑶 婷玉 雨晴 佳雯 静怡 玉婷 思佳 梦园 晓倩 雅静 欣然 婉清",
        "婧 璐 瑶 琪 悦 萱 雯 晴 怡 妍 蕊 楠 茜 洁",
    ),
    ("M", "older"): (
        "建国 国强 建华 卫东 志刚 建军 国庆 卫国 建平 海军 振华 德明 春生 立新 文华 金龙 永忠 新民 "
        "正华 国良",
        "军 强 勇 平 斌 明 华 刚 林",
    ),
    ("M", "middle"): (
        "晓东 海涛 志伟 文斌 俊杰 建峰 晓峰 永强 国栋 鹏飞 海波 春雷 小龙 振宇 晓明 伟东 立军 宏伟 "
        "剑锋 少华 红亮 云飞 海峰 学军",
        "伟 磊 勇 涛 鹏 杰 斌 超 浩 亮 俊 峰 波 辉",
    ),
    ("M", "young"): (
        "浩然 宇航 家豪 博文 天宇 思远 明轩 一鸣 文博 晨阳 泽宇 嘉伟 志豪 逸飞 子健 浩宇 佳乐 鹏程 "
        "俊杰 宇飞 振宇 晓宇 子涵 建业 文杰 凯文 海洋 立伟 天翔 家乐 明哲 锦程 俊逸 宏宇",
        "鑫 昊 宇 凯 帅 晨 旭 铭 睿 航 哲 杰 磊 超",
    ),
}

#: How often a name has a one-character given name, by generation.
_SINGLE_SHARE = {"older": 0.25, "middle": 0.3, "young": 0.15}


def generation(birth_year: int) -> str:
    if birth_year < 1980:
        return "older"
    if birth_year < 1993:
        return "middle"
    return "young"


class NameMaker:
    """Hands out full names that are plausible for a person's gender and age, never the same one twice."""

    def __init__(self, rng: random.Random, reserved: list[str] = ()) -> None:
        self.rng = rng
        self.used = set(reserved)
        self._surnames = list(SURNAME_WEIGHTS)
        self._weights = list(SURNAME_WEIGHTS.values())

    def make(self, gender: str, birth_year: int, surname: str | None = None) -> str:
        era = generation(birth_year)
        doubles, singles = (part.split() for part in _GIVEN_NAMES[(gender, era)])
        for _ in range(500):
            family = surname or self.rng.choices(self._surnames, self._weights)[0]
            pool = singles if self.rng.random() < _SINGLE_SHARE[era] else doubles
            name = family + self.rng.choice(pool)
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError(f"no unused name left for {gender} born {birth_year}")
