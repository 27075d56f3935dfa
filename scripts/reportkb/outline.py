"""Stage 3: numbering markers → section tree → points; warnings for gaps and repeats.

The outline restructures the cleaned paragraphs but never drops or repeats a character:
title line + preamble + headings + leads + points + closing is the cleaned text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .clean import Paragraph
from .hanzi import view
from .model import Notice, Point, Section
from .numbering import INLINE_POINT, LEVELS, cn_number, match_marker
from .text import HEADING_END, ends_sentence_or_pause, first_sentence
from .vocab import Genre

CLOSING_REACH = 80
"""The closing phrase (批评指正) follows the opening word (以上) within this many characters."""
CLOSING_SEARCH = 3
"""The closing paragraph is looked for among the last this many paragraphs."""
TITLE_MAX = 80
"""Longest first line taken as the title."""


@functools.lru_cache(maxsize=8)
def closing_pattern(genre: Genre) -> re.Pattern[str]:
    """The closing paragraph: 以上…敬请各位同志批评指正 (words from genre.yml)."""
    starts, phrases = ("|".join(map(re.escape, words)) for words in (genre.closing_starts, genre.closing_phrases))
    return re.compile(f"^(?:{starts}).{{0,{CLOSING_REACH}}}?(?:{phrases})")


@dataclass(frozen=True)
class Outline:
    """The structure of a report before annotation."""

    title_line: str
    """First line, when it is a title."""
    preamble: str
    """Text before the first numbered part."""
    sections: tuple[Section, ...]
    """Top-level parts."""
    closing: str
    """Closing paragraph(s)."""
    warnings: tuple[Notice, ...]
    """Odd numbering."""


@dataclass
class _Open:
    """A section being built."""

    rank: int
    label: str
    value: int
    title: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)


def is_title(text: str) -> bool:
    """Does this first line look like a title (short, no numbering, not ending like a sentence)?"""
    return len(text) <= TITLE_MAX and not match_marker(text) and not ends_sentence_or_pause(text)


def split_heading(rest: str) -> tuple[str, str]:
    """(heading, body) of a paragraph's text after its marker.

    A short paragraph with no sentence end before its last character is all heading;
    otherwise the heading is the first sentence, up to its end or a colon.
    """
    m = HEADING_END.search(rest)
    if m is None or (m.end() == len(rest) and len(rest) <= TITLE_MAX):
        return rest, ""
    return rest[: m.end()], rest[m.end() :]


def point_starts(text: str) -> list[tuple[int, str]]:
    """Offsets and labels of real inline enumerations: 一是, 二是, … in sequence, two or more."""
    sequences: list[list[tuple[int, str]]] = []
    expected = 0
    for m in INLINE_POINT.finditer(text):
        value = cn_number(m["n"])
        if value == 1:
            sequences.append([(m.start(), m.group(0))])
            expected = 2
        elif value == expected and sequences:
            sequences[-1].append((m.start(), m.group(0)))
            expected += 1
    return [start for seq in sequences if len(seq) >= 2 for start in seq]


def split_points(paragraphs: Sequence[Paragraph], section_id: str) -> tuple[str, tuple[Point, ...]]:
    """Lead text and points of a section's own paragraphs."""
    text = "\n".join(p.text for p in paragraphs)
    starts = point_starts(text)
    if not starts:
        return text, ()
    offsets = []
    position = 0
    for p in paragraphs:
        offsets.append((position, p.line))
        position += len(p.text) + 1
    points = []
    bounds = [s for s, _ in starts] + [len(text)]
    for k, (start, label) in enumerate(starts):
        body = text[start : bounds[k + 1]].strip("\n")
        line = max(ln for off, ln in offsets if off <= start)
        points.append(
            Point(
                id=f"{section_id}-p{k + 1}",
                label=label,
                headline=first_sentence(body[len(label) :]),
                text=body,
                line=line,
            )
        )
    return text[: starts[0][0]].strip("\n"), tuple(points)


def freeze(node: _Open, section_id: str) -> Section:
    """A finished section from the builder, ids by position."""
    lead, points = split_points(node.paragraphs, section_id)
    children = tuple(freeze(child, f"{section_id}-{i}") for i, child in enumerate(node.children, start=1))
    return Section(id=section_id, label=node.label, title=node.title, lead=lead, line=node.line, children=children, points=points)


def numbering_warnings(siblings: Sequence[_Open]) -> list[Notice]:
    """Repeated, skipped and out-of-order numbers among one section's children, per level,
    and full-width and half-width brackets mixed within one level."""
    notices = []
    for rank in range(len(LEVELS)):
        group = [s for s in siblings if s.rank == rank and s.label]  # unnumbered headings (Word styles) have no number
        seen: dict[int, _Open] = {}
        expected = 1
        for node in group:
            if node.value in seen:
                first = seen[node.value]
                message = f"编号「{node.label}」重复：第 {first.line} 行已用过「{first.label}」"
                notices.append(Notice(message, node.line, "numbering-repeat"))
            elif node.value != expected:
                message = f"编号不连续：此处应为第 {expected} 项，写的是「{node.label}」"
                notices.append(Notice(message, node.line, "numbering-gap"))
            seen.setdefault(node.value, node)
            expected = node.value + 1
        odd = next((n for n in group if n.label[0] in "（(" and n.label[0] != group[0].label[0]), None)
        if odd:
            message = f"同一层编号混用全角和半角括号：「{group[0].label}」与「{odd.label}」"
            notices.append(Notice(message, odd.line, "numbering-brackets"))
    return notices


def parse(
    paragraphs: Sequence[Paragraph], genre: Genre, hints: Mapping[int, int] | None = None, traditional: bool = False
) -> Outline:
    """The outline of a report's cleaned paragraphs.

    `hints` gives the level rank of unnumbered headings by source line (Word heading styles, bold);
    a `traditional` text's closing words are matched through their simplified forms.
    """
    hints = hints or {}
    closing_re, plain = closing_pattern(genre), view(traditional)
    paragraphs = list(paragraphs)
    title_line = ""
    if paragraphs and is_title(paragraphs[0].text):
        title_line = paragraphs.pop(0).text
    closing_at = next(
        (
            i
            for i in range(len(paragraphs) - 1, max(len(paragraphs) - 1 - CLOSING_SEARCH, -1), -1)
            if closing_re.match(plain(paragraphs[i].text))
        ),
        len(paragraphs),
    )
    body, closing = paragraphs[:closing_at], paragraphs[closing_at:]

    preamble: list[Paragraph] = []
    top: list[_Open] = []
    stack: list[_Open] = []
    for para in body:
        marker = match_marker(para.text)
        if marker is None and para.line in hints:
            marker = (hints[para.line], "", 0)  # an unnumbered heading: no label, no value
        if marker is None:
            (stack[-1].paragraphs if stack else preamble).append(para)
            continue
        rank, label, value = marker
        title, rest = split_heading(para.text[len(label) :])
        node = _Open(rank, label, value, title, para.line)
        if rest:
            node.paragraphs.append(Paragraph(rest, para.line))
        while stack and stack[-1].rank >= rank:
            stack.pop()
        (stack[-1].children if stack else top).append(node)
        stack.append(node)

    warnings = numbering_warnings(top)
    pending = list(top)
    while pending:
        node = pending.pop()
        warnings.extend(numbering_warnings(node.children))
        pending.extend(node.children)
    warnings.sort(key=lambda n: n.line or 0)
    return Outline(
        title_line=title_line,
        preamble="\n".join(p.text for p in preamble),
        sections=tuple(freeze(node, f"s{i}") for i, node in enumerate(top, start=1)),
        closing="\n".join(p.text for p in closing),
        warnings=tuple(warnings),
    )
