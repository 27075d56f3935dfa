"""Stage 3: numbering markers → section tree → points; warnings for gaps and repeats.

The outline restructures the cleaned paragraphs but never drops or repeats a character:
title line + preamble + headings + leads + points + closing is the cleaned text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .clean import HEADING_MAX, Cleaned, Paragraph
from .hanzi import view
from .model import Notice, NoticeRule, Point, Section, clip, point_anchor, section_anchor
from .numbering import INLINE_POINT, LEVELS, cn_number, match_marker, ordinal_marker
from .text import HEADING_END, first_sentence
from .vocab import Genre

CLOSING_REACH = 80
"""The closing phrase (批评指正) follows the opening word (以上) within this many characters."""
CLOSING_SEARCH = 3
"""The closing paragraph is looked for among the last this many paragraphs."""
HEADING_QUOTED = 16
"""Characters of an earlier heading a notice quotes."""
NODES_MAX = 2000
"""Most numbered parts and points one report may have (a real one has a hundred or two): past it the
file is no report, and reading it on would take minutes."""


class TooManyNodes(Exception):
    """More than NODES_MAX parts and points: the file is not a report (pipeline says so, naming it)."""


@dataclass
class Budget:
    """The nodes a report may still have."""

    left: int = NODES_MAX

    def spend(self, count: int) -> None:
        """Take `count` nodes; TooManyNodes when there are not enough left."""
        self.left -= count
        if self.left < 0:
            raise TooManyNodes


@functools.lru_cache(maxsize=8)
def closing_pattern(genre: Genre) -> re.Pattern[str]:
    """The closing paragraph: 以上…敬请各位同志批评指正 (words from genre.yml)."""
    starts, phrases = ("|".join(map(re.escape, words)) for words in (genre.closing_starts, genre.closing_phrases))
    return re.compile(f"^(?:{starts}).{{0,{CLOSING_REACH}}}?(?:{phrases})")


@dataclass(frozen=True)
class Outline:
    """The structure of a report before annotation."""

    title_line: str
    """The title, as it stands in the text ("" when it has none)."""
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
    """A section being built; its anchor is given when it is opened, by its place among its siblings."""

    id: str
    rank: int
    label: str
    value: int
    title: str
    line: int
    depth: int
    parent: str
    run_on: bool
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)


def split_heading(rest: str) -> tuple[str, str]:
    """(heading, body) of a paragraph's text after its marker.

    A short paragraph with no sentence end before its last character is all heading;
    otherwise the heading is the first sentence, up to its end or a colon.
    """
    m = HEADING_END.search(rest)
    if m is None or (m.end() == len(rest) and len(rest) <= HEADING_MAX):
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


def split_points(
    paragraphs: Sequence[Paragraph], section: str, run_on: bool, budget: Budget | None = None
) -> tuple[str, tuple[Point, ...]]:
    """Lead text and points of a section's own paragraphs (`run_on`: the first of them goes on
    from the heading's paragraph); each point is taken from the `budget`."""
    text = "\n".join(p.text for p in paragraphs)
    starts = point_starts(text)
    if not starts:
        return text, ()
    (budget or Budget()).spend(len(starts))
    offsets, lines, position = [], [], 0
    for p in paragraphs:
        offsets.append(position)
        lines.append(p.line)
        position += len(p.text) + 1
    points = []
    bounds = [s for s, _ in starts] + [len(text)]
    for k, (start, label) in enumerate(starts):
        body = text[start : bounds[k + 1]].strip("\n")
        points.append(
            Point(
                id=point_anchor(section, k + 1),
                label=label,
                headline=first_sentence(body[len(label) :]),
                text=body,
                line=lines[bisect.bisect_right(offsets, start) - 1],
                section=section,
                run_on=text[start - 1] != "\n" if start else run_on,
            )
        )
    return text[: starts[0][0]].strip("\n"), tuple(points)


def freeze(node: _Open, budget: Budget) -> Section:
    """A finished section from the builder; its points are taken from the `budget`."""
    lead, points = split_points(node.paragraphs, node.id, node.run_on, budget)
    return Section(
        id=node.id,
        label=node.label,
        title=node.title,
        lead=lead,
        line=node.line,
        depth=node.depth,
        parent=node.parent,
        run_on=node.run_on,
        children=tuple(freeze(child, budget) for child in node.children),
        points=points,
    )


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
                message = f"编号「{node.label}」重复：前面的「{clip(first.label + first.title, HEADING_QUOTED)}」已用过这个编号"
                notices.append(Notice(message, node.line, NoticeRule.NUMBERING_REPEAT, node.id))
            elif node.value != expected:
                message = f"编号不连续：此处应为第 {expected} 项，写的是「{node.label}」"
                notices.append(Notice(message, node.line, NoticeRule.NUMBERING_GAP, node.id))
            seen.setdefault(node.value, node)
            expected = node.value + 1
        odd = next((n for n in group if n.label[0] in "（(" and n.label[0] != group[0].label[0]), None)
        if odd:
            message = f"同一层编号混用全角和半角括号：「{group[0].label}」与「{odd.label}」"
            notices.append(Notice(message, odd.line, NoticeRule.NUMBERING_BRACKETS, odd.id))
    return notices


def parse(cleaned: Cleaned, genre: Genre) -> Outline:
    """The outline of a report's cleaned paragraphs.

    Unnumbered headings are the paragraphs the source gave a heading rank (Word heading styles,
    bold); a traditional text's closing words are matched through their simplified forms. More
    than NODES_MAX parts and points raise TooManyNodes.
    """
    budget = Budget()
    closing_re, simple = closing_pattern(genre), view(cleaned.traditional)
    paragraphs = cleaned.paragraphs
    closing_at = next(
        (
            i
            for i in range(len(paragraphs) - 1, max(len(paragraphs) - 1 - CLOSING_SEARCH, -1), -1)
            if closing_re.match(simple(paragraphs[i].text))
        ),
        len(paragraphs),
    )
    body, closing = paragraphs[:closing_at], paragraphs[closing_at:]

    preamble: list[Paragraph] = []
    top: list[_Open] = []
    stack: list[_Open] = []
    order: list[_Open] = []  # every section, in reading order
    if body and INLINE_POINT.match(body[0].text) and point_starts(body[0].text):
        # a copy that begins in the middle of a list (一是…二是… before any heading): the list is the end
        # of a part whose heading the copy lost, a part without a label or title
        node = _Open(section_anchor(None, 1), 0, "", 0, "", body[0].line, 0, "", False)
        top.append(node)
        stack.append(node)
        order.append(node)
        budget.spend(1)
    # 第一，/ 第二， number the parts when nothing else does at the top level (no 一、 opens a paragraph)
    ordinals = not any((m := match_marker(p.text)) and m[0] == 0 for p in body)
    for para in body:
        marker = match_marker(para.text) or (ordinal_marker(para.text) if ordinals else None)
        if marker is None and para.rank is not None:
            marker = (para.rank, "", 0)  # an unnumbered heading: no label, no value
        if marker is None:
            (stack[-1].paragraphs if stack else preamble).append(para)
            continue
        rank, label, value = marker
        title, rest = split_heading(para.text[len(label) :])
        while stack and stack[-1].rank >= rank:
            stack.pop()
        siblings = stack[-1].children if stack else top
        parent = stack[-1].id if stack else ""
        node = _Open(
            section_anchor(parent, len(siblings) + 1), rank, label, value, title, para.line, len(stack), parent, bool(rest)
        )
        if rest:
            node.paragraphs.append(Paragraph(rest, para.line))
        siblings.append(node)
        stack.append(node)
        order.append(node)
        budget.spend(1)

    position = {node.id: i for i, node in enumerate(order)}
    warnings = numbering_warnings(top)
    for node in order:
        warnings.extend(numbering_warnings(node.children))
    warnings.sort(key=lambda n: position[n.anchor])
    return Outline(
        title_line=cleaned.title.text if cleaned.title else "",
        preamble="\n".join(p.text for p in preamble),
        sections=tuple(freeze(node, budget) for node in top),
        closing="\n".join(p.text for p in closing),
        warnings=tuple(warnings),
    )
