"""Stage 4: metadata, roles of the parts, aspects of the sections; front matter wins over inference."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .errors import ReportError
from .model import Meta, Section, section_pieces
from .outline import Outline
from .vocab import Vocab

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
"""A year as stated: 2022年, 2022年度."""
PLACEHOLDER = re.compile(r"\*+|＊+|×+|(?<![\w./@-])(?:x{1,3}|X{1,3})(?![\w./@-])", re.ASCII)
"""Masks for names and numbers left to fill in: `*`, `**`, `xx`, `XX`, `x`, `××`."""
PLACEHOLDER_CHARS = "*＊×xX"
"""Characters every placeholder contains: a text with none of them has no placeholder."""


def has_placeholder_chars(text: str) -> bool:
    """Could the text hold a placeholder? (A quick test before the regular expression.)"""
    return any(c in text for c in PLACEHOLDER_CHARS)


YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年度?(?:[^。，；]{0,12})民主生活会")
"""A year stated in the opening text next to 民主生活会."""


@functools.lru_cache(maxsize=512)
def any_of(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of the keywords (one scan instead of one per keyword)."""
    return re.compile("|".join(map(re.escape, keywords)))


def first_match(table: dict[str, tuple[str, ...]], title: str) -> str | None:
    """First value of a keyword table with a keyword in the title."""
    return next((value for value, words in table.items() if any(w in title for w in words)), None)


def themes_of(text: str, vocab: Vocab) -> tuple[str, ...]:
    """Themes with a keyword in the text, in vocabulary order."""
    return tuple(t.name for t in vocab.themes if any_of(t.keywords).search(text))


def report_themes(title: str, text: str, vocab: Vocab) -> tuple[str, ...]:
    """Themes of a whole report: a keyword in its title, or enough mentions in its text."""
    return tuple(
        t.name
        for t in vocab.themes
        if any_of(t.keywords).search(title) or sum(text.count(k) for k in t.keywords) >= vocab.theme_mentions
    )


def infer_meta(title: str, preamble: str, front: dict, vocab: Vocab, text: str = "") -> Meta:
    """Metadata from front matter, else inferred from the title (and the opening text, for the year;
    the whole text, for the themes)."""
    year = YEAR.search(title) or YEAR_IN_TEXT.search(preamble)
    unit = front.get("unit")
    return Meta(
        year=front.get("year", int(year.group(1)) if year else None),
        kind=front.get("kind", first_match(vocab.kind, title)),
        meeting=front.get("meeting", first_match(vocab.meeting, title)),
        unit=str(unit) if unit is not None else None,
        themes=tuple(front["themes"]) if "themes" in front else report_themes(title, text, vocab),
    )


def title_role(title: str, vocab: Vocab) -> str | None:
    """Role whose keyword appears in a heading, in vocabulary order."""
    return next((r.id for r in vocab.roles if any(k in title for k in r.keywords)), None)


def part_role(section: Section, vocab: Vocab) -> str:
    """Role of a top-level part: from its title, else the commonest role among its subsections' titles."""
    role = title_role(section.title, vocab)
    if role:
        return role
    votes = Counter(r for r in (title_role(c.title, vocab) for c in section.children) if r)
    return votes.most_common(1)[0][0] if votes else vocab.other.id


def aspects_of(text: str, vocab: Vocab) -> tuple[str, ...]:
    """Aspects with a keyword in the text, in vocabulary order."""
    return tuple(a.name for a in vocab.aspects if any_of(a.keywords).search(text))


def annotated(section: Section, role: str, vocab: Vocab, top: bool = False) -> Section:
    """A section and its subsections with a role; themes of its heading and lead and of its points;
    and (below the top level, whose titles name the part, not an aspect) aspects from its title and
    point headlines."""
    text = " ".join([section.title, *(p.headline for p in section.points)])
    children = tuple(annotated(c, role, vocab) for c in section.children)
    points = tuple(replace(p, themes=themes_of(p.text, vocab)) for p in section.points)
    return replace(
        section,
        role=role,
        aspects=() if top else aspects_of(text, vocab),
        themes=themes_of(section.heading + section.lead, vocab),
        points=points,
        children=children,
    )


def assign_roles(sections: tuple[Section, ...], overrides: dict, vocab: Vocab, path: Path) -> tuple[Section, ...]:
    """Top-level parts with roles (front matter `roles: {s2: problems}` or `{2: problems}` wins), and aspects."""
    ids = {s.id for s in sections}
    wanted = {}
    for key, role in overrides.items():
        sid = f"s{key}" if isinstance(key, int) else str(key)
        if sid not in ids:
            raise ReportError(path, f"前置元数据 roles 指定的部分 {key!r} 不存在（有：{'、'.join(sorted(ids))}）")
        if role not in vocab.role_ids:
            raise ReportError(path, f"前置元数据 roles 的角色 {role!r} 未知（可用：{'、'.join(vocab.role_ids)}）")
        wanted[sid] = role
    return tuple(annotated(s, wanted.get(s.id) or part_role(s, vocab), vocab, top=True) for s in sections)


def annotate(outline: Outline, front: dict, vocab: Vocab, path: Path) -> tuple[str, Meta, tuple[Section, ...]]:
    """Display title, metadata and role-annotated sections of an outline."""
    title = front.get("title") or outline.title_line or path.stem
    text = "\n".join([outline.preamble, *section_pieces(outline.sections), outline.closing])
    meta = infer_meta(title, outline.preamble, front, vocab, text)
    return title, meta, assign_roles(outline.sections, front.get("roles") or {}, vocab, path)
