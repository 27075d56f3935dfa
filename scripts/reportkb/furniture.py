"""Page furniture, recognised by its shape (vocab/watermarks.yml): what cleaning takes out of a line.

Known sites' watermarks and pieces of a line (a URL, a site's name in brackets, 【汇集5篇】,
pinyin left after characters by a conversion script) are cut wherever they stand; a line that
is furniture as a whole (a banner, a breadcrumb, view counts, 作者/来源, a blurb, 更多……请访问)
is taken out only when it is short and holds no numbering marker; otherwise it is kept, and the
caller says so. Patterns are matched against the line's simplified view (same offsets).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .numbering import INLINE_POINT, match_marker
from .vocab import Furniture

LONG_LINE = 2
"""A line this many times longer than the longest furniture line is text, whatever it mentions."""
CUT_PASSES = 3
"""Times a pattern is cut from a line again (a watermark that cutting another one joins up): a bound,
since pieces nested a thousand deep would take a pass each."""
BRACKETS = "（）()[]【】〔〕 \u3000"
"""Taken off a piece before it is compared with the names that are never removed."""


@dataclass(frozen=True)
class Cut:
    """A piece taken out of a line."""

    kind: str
    """What it was: watermark, or the furniture kind (url, site-name, collection, pinyin)."""
    text: str
    """The piece, as written."""


def cut_all(pattern: re.Pattern[str], kind: str, text: str, seen: str, keep: frozenset[str]) -> tuple[str, str, list[Cut]]:
    """The text (and its simplified view) without the pattern's matches, repeated until none is left."""
    cuts: list[Cut] = []
    for _ in range(CUT_PASSES):
        spans = [m.span() for m in pattern.finditer(seen) if m.group(0) and m.group(0).strip(BRACKETS) not in keep]
        if not spans:
            return text, seen, cuts
        cuts.extend(Cut(kind, text[a:b]) for a, b in spans)
        bounds = [0, *(x for span in spans for x in span), len(text)]
        text = "".join(text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
        seen = "".join(seen[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
    return text, seen, cuts


def cut_pieces(text: str, furniture: Furniture, simple: Callable[[str], str]) -> tuple[str, list[Cut]]:
    """The line without watermarks and furniture pieces, and what was cut."""
    view, cuts = simple(text), []
    for pattern in furniture.watermarks:
        text, view, found = cut_all(pattern, "watermark", text, view, frozenset())
        cuts += found
    for kind, pattern in furniture.fragments:
        text, view, found = cut_all(pattern, kind, text, view, furniture.not_sites)
        cuts += found
    return text, cuts


def line_kind(text: str, furniture: Furniture, simple: Callable[[str], str]) -> str | None:
    """The kind of furniture a whole line looks like (banner, breadcrumb, …), or None. A paragraph
    far longer than any furniture is not looked at."""
    if len(text) > LONG_LINE * furniture.line_max:
        return None
    view = simple(text)
    if not furniture.any_line.search(view):
        return None  # the common case: one scan of the line
    return next((kind for kind, pattern in furniture.lines if pattern.search(view)), None)


def whole_line(text: str, furniture: Furniture, simple: Callable[[str], str]) -> bool:
    """Is the line furniture whatever its length and numbering (the site's 【提纲】 summary)?"""
    return bool(furniture.whole_lines and furniture.whole_lines.search(simple(text)))


def removable(text: str, furniture: Furniture) -> bool:
    """May a line that looks like furniture go: short, and no numbering marker or point at a sentence start?"""
    return len(text) <= furniture.line_max and not match_marker(text) and not INLINE_POINT.search(text)
