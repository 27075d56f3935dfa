"""Numbering markers of the genre: 一、 → （一）/(一) → 1．/1. → （1）, and inline 一是."""

from __future__ import annotations

import re

from .text import PAUSE, SENTENCE_END

CN_DIGITS = "零一二三四五六七八九"
"""Chinese digits, by value."""
CN_NUMERAL = "[一二三四五六七八九十]+"
"""A Chinese numeral as used in numbering (up to 99)."""

LEVEL_PATTERNS = (
    rf"(?P<n>{CN_NUMERAL})[、，,．.]",
    rf"[（(](?P<n>{CN_NUMERAL})[)）]",
    r"(?P<n>\d{1,2})(?:[．、]|\.(?!\d))",
    r"[（(](?P<n>\d{1,2})[)）]",
    r"(?P<n>[①-⑳])",
)
"""Heading markers by level rank: 一、 / （一） / 1． / （1） / ①."""
LEVELS = tuple(re.compile(p) for p in LEVEL_PATTERNS)
"""The heading markers, by level rank (matched with `.match`, at a position)."""
ORDINAL = re.compile(rf"第(?P<n>{CN_NUMERAL})[，,、：:]")
"""第一，/ 第二， at a paragraph's start: the top level of a report that numbers its parts so (and has no 一、)."""


def ordinal_marker(text: str) -> tuple[int, str, int] | None:
    """(0, label, value) of a 第一， that opens a paragraph, or None."""
    m = ORDINAL.match(text)
    value = cn_number(m["n"]) if m else -1
    return (0, m.group(0), value) if m and value > 0 else None


POINT_LABEL = rf"(?P<n>{CN_NUMERAL})是"
"""An inline enumeration label: 一是, 二是."""
ANY_LABEL = "|".join(f"(?:{p})" for p in (*LEVEL_PATTERNS, POINT_LABEL)).replace("?P<n>", "")
"""Any heading marker or point label, unanchored and without groups."""

INLINE_POINT = re.compile(rf"(?<![^\n{re.escape(SENTENCE_END + PAUSE)}]){POINT_LABEL}")
"""An inline enumeration label (一是, 二是 …) at a paragraph or sentence start."""


def cn_number(text: str) -> int:
    """Value of a Chinese numeral up to 99 (一, 十, 十二, 二十, 二十三)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        tens, ones = "", text
    if len(tens) > 1 or len(ones) > 1 or "十" in ones or (not ten and not ones):
        return -1
    return (CN_DIGITS.index(tens) if tens else int(bool(ten))) * 10 + (CN_DIGITS.index(ones) if ones else 0)


def cn_numeral(value: int) -> str:
    """Chinese numeral of 1–99 as numbering writes it (一, 十, 十二, 二十, 二十三); other values as digits."""
    if not 0 < value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CN_DIGITS[ones] if ones else "")


def marker_value(n: str) -> int:
    """Value of a marker's number: Arabic, circled (①) or Chinese."""
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    return int(n) if n.isdecimal() else cn_number(n)


def match_marker(text: str, pos: int = 0) -> tuple[int, str, int] | None:
    """(level rank, label as written, value) of a heading marker at the start of `text` (or at `pos`)."""
    for rank, pattern in enumerate(LEVELS):
        m = pattern.match(text, pos)
        if m and (value := marker_value(m["n"])) > 0:
            return rank, m.group(0), value
    return None
