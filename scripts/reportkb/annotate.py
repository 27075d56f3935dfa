"""Stage 4: everything later stages read about a report, put on the model once.

Metadata (front matter wins over inference), roles of the parts, aspects of sections and points,
signals of points, themes, placeholders. `check`, `render`, `indexes` and `search` only read
what this stage wrote. Words are looked for in the text's simplified view (`Report.traditional`),
so that a copy in traditional characters is read like any other.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .clean import Cleaned
from .errors import ReportError
from .hanzi import view
from .model import TITLE, UNIT, Meta, Notice, NoticeRule, Point, Report, Section, Signals, Span, section_anchor, section_pieces
from .outline import Outline
from .source import Source, slug_for
from .vocab import Genre, Role, Vocab

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
"""A year as stated: 2022年, 2022年度."""
YEAR_REACH = 12
"""Most characters between a year in the opening text and the word that makes it the meeting's."""
FIGURES = re.compile(r"\d")
"""Figures in a point."""
PLACEHOLDER = re.compile(r"\*+|＊+|×+|(?<![\w./@-])(?:x{1,3}|X{1,3})(?![\w./@-])", re.ASCII)
"""Masks for names and numbers left to fill in: `*`, `**`, `xx`, `XX`, `x`, `××`."""
PLACEHOLDER_CHARS = "*＊×xX"
"""Characters every placeholder contains: a text with none of them has no placeholder."""


@functools.lru_cache(maxsize=512)
def any_of(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of the keywords (one scan instead of one per keyword)."""
    return re.compile("|".join(map(re.escape, keywords)))


def placeholder_spans(text: str) -> tuple[Span, ...]:
    """Where the placeholders of a text are."""
    if not any(c in text for c in PLACEHOLDER_CHARS):
        return ()
    return tuple(m.span() for m in PLACEHOLDER.finditer(text))


@functools.lru_cache(maxsize=8)
def year_in_text(genre: Genre) -> re.Pattern[str]:
    """A year stated in the opening text next to the meeting (2022年度民主生活会)."""
    return re.compile(rf"((?:19|20)\d{{2}})\s*年度?(?:[^。，；]{{0,{YEAR_REACH}}})(?:{any_of(genre.year_context).pattern})")


def best_match(table: dict[str, tuple[str, ...]], text: str) -> str | None:
    """The value of a keyword table whose keyword found in the text is the longest (on a tie, the
    one listed first), or None: 专题组织生活会 wins over 组织生活会 and 专题, whatever their order."""
    found = [(max((len(w) for w in words if w in text), default=0), -i, value) for i, (value, words) in enumerate(table.items())]
    length, _, value = max(found, default=(0, 0, None))
    return value if length else None


MEETING_NAMED = re.compile(r"[^。，；：]{0,12}(?:民主生活会|组织生活会)")
"""The words before 民主生活会 or 组织生活会 in the opening text: where it names its meeting."""


def meeting_of(title: str, opening: str, vocab: Vocab) -> str | None:
    """The meeting type the title names (a keyword), else the one it hints at, else the one the opening
    text names before 民主生活会 or 组织生活会: all the evidence, not the first keyword tried."""
    named = " ".join(m.group(0) for m in MEETING_NAMED.finditer(opening))
    return best_match(vocab.meeting, title) or best_match(vocab.meeting_hints, title) or best_match(vocab.meeting, named)


def kind_of(title: str, opening: str, vocab: Vocab) -> str | None:
    """个人 or 班子: from the title, else from the opening text (现将个人对照检查情况报告如下)."""
    return best_match(vocab.kind, title) or best_match(vocab.kind_in_opening, opening)


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


def checked_value(front: dict, key: str, table: dict[str, tuple[str, ...]], path: Path) -> str | None:
    """A front matter value that must be one of a vocabulary's values (kind, meeting), or None."""
    value = front.get(key)
    if value is not None and value not in table:
        raise ReportError(path, f"前置元数据 {key} 的值 {value!r} 不合适，应为{' 或 '.join(table)}")
    return value


def infer_meta(title: str, preamble: str, front: dict, vocab: Vocab, path: Path, text: str = "") -> Meta:
    """Metadata from front matter, else inferred from the title, else from the opening text (the whole
    text, for the themes); title, preamble and text in their simplified view."""
    year = YEAR.search(title) or year_in_text(vocab.genre).search(preamble)
    unit = front.get("unit")
    return Meta(
        year=front.get("year", int(year.group(1)) if year else None),
        kind=checked_value(front, "kind", vocab.kind, path) or kind_of(title, preamble, vocab),
        meeting=checked_value(front, "meeting", vocab.meeting, path) or meeting_of(title, preamble, vocab),
        unit=str(unit) if unit is not None else None,
        themes=tuple(front["themes"]) if "themes" in front else report_themes(title, text, vocab),
    )


HEAD_TAIL = re.compile(r"(?:的)?(?:分析|剖析|说明|查摆)?(?:情况|方面|等)?\s*[：:。]?\s*$")
"""What may follow a heading's head word: 原因分析, 对照检查情况, 存在的问题：."""
COORDINATE = ("及", "和", "与", "、")
"""After a role word, these make it one of two heads (存在的问题及整改措施)."""
CLAUSE_ENDS = re.compile("[，,；;]")
"""Where a heading's clauses end (the head word ends its clause: 深刻剖析问题产生的根源，主要有以下几个方面)."""
HEAD_BONUS = 5
"""Weight of a role word that is its heading's head word (the last: ……问题及整改措施), to which its length
is added (the longest wins: 整改措施落实情况 over 整改措施); a role word before it weighs 1."""
CHILD_VOTE = 2
"""Weight of each subsection whose title names a role."""
CONTENT_BONUS = 2
"""Weight of what a part's text says (不够、不足 for problems; 加强、确保 for measures), when it says it clearly."""


def title_scores(title: str, vocab: Vocab) -> Counter[str]:
    """Each role's weight in a heading (see `scores_of`), a counter of its own (callers add to it)."""
    return Counter(scores_of(title, vocab.roles))


@functools.lru_cache(maxsize=4096)
def scores_of(title: str, roles: tuple[Role, ...]) -> Counter[str]:  # cached: never change what it gives
    """Each role's weight in a heading: its longest keyword found (longer is more specific: 整改措施落实情况
    over 整改措施), more when the keyword is the heading's head word, at its end."""
    heads, start = [], 0  # where a head word ends: after the core of a clause, before the clause's end
    for clause in CLAUSE_ENDS.split(title):
        heads.append((start + len(HEAD_TAIL.sub("", clause)), start + len(clause)))
        start += len(clause) + 1
    scores: Counter[str] = Counter()
    for role in roles:
        for word in role.keywords:
            at = title.find(word)
            while at >= 0:
                stop = at + len(word)
                head = any(core <= stop <= end for core, end in heads) or title[stop : stop + 1] in COORDINATE
                scores[role.id] = max(scores[role.id], HEAD_BONUS + len(word) if head else 1)
                at = title.find(word, at + 1)
    return scores


def title_role(title: str, vocab: Vocab) -> str | None:
    """The role a heading names best (see title_scores), or None."""
    scores = title_scores(title, vocab)
    return max(scores, key=lambda r: (scores[r], -vocab.role_ids.index(r))) if scores else None


def content_scores(text: str, vocab: Vocab) -> Counter[str]:
    """What a part's text says of its role: CONTENT_BONUS for the role whose signal words (roles.yml
    `signals`) it uses most, when at least three times and half again as often as any other."""
    counts = Counter({r.id: sum(text.count(w) for w in r.signals) for r in vocab.roles if r.signals})
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 1.5 * ranked[1][1]):
        return Counter({ranked[0][0]: CONTENT_BONUS})
    return Counter()


def part_role(section: Section, vocab: Vocab, simple: Callable[[str], str]) -> str:
    """Role of a top-level part, weighing all the evidence: the role words of its title and where they
    stand (the head word at the end wins), its subsections' titles (a vote each), and what its text
    says (problems say 不够、不足, measures 加强、确保). Its title alone decides when it names the role
    with its head word."""
    scores = title_scores(simple(section.title), vocab)
    if scores and max(scores.values()) > HEAD_BONUS:
        return title_role(simple(section.title), vocab) or vocab.other.id
    for child in section.children:
        named = title_role(simple(child.title), vocab)
        if named:
            scores[named] += CHILD_VOTE
    scores += content_scores(simple("\n".join(section_pieces([section]))), vocab)
    return max(scores, key=lambda r: (scores[r], -vocab.role_ids.index(r))) if scores else vocab.other.id


def child_role(section: Section, parent: Section, role: str, vocab: Vocab, simple: Callable[[str], str]) -> str:
    """A subsection's role: its part's (`role`), unless its part's title names two roles and the
    subsection's names the other one with its head word (一、……存在的问题及整改措施 / （一）存在的问题)."""
    scores = title_scores(simple(section.title), vocab)
    named = title_role(simple(section.title), vocab)
    heads = {r for r, score in title_scores(simple(parent.title), vocab).items() if score > HEAD_BONUS}
    return named if named and scores[named] > HEAD_BONUS and len(heads) > 1 and named in heads else role


def aspects_of(text: str, vocab: Vocab) -> tuple[str, ...]:
    """Aspects with a keyword in the text, in vocabulary order."""
    return tuple(a.name for a in vocab.aspects if any_of(a.keywords).search(text))


def signals(text: str, genre: Genre) -> Signals:
    """Does a point give an example, figures, first-person detail?"""
    return Signals(
        bool(any_of(genre.example).search(text)), bool(FIGURES.search(text)), bool(any_of(genre.first_person).search(text))
    )


def annotated_point(point: Point, vocab: Vocab, simple: Callable[[str], str]) -> Point:
    """A point with its signals, themes and the aspects its headline raises."""
    text = simple(point.text)
    return replace(
        point,
        signals=signals(text, vocab.genre),
        themes=themes_of(text, vocab),
        aspects=aspects_of(simple(point.headline), vocab),
    )


def annotated(section: Section, role: str, vocab: Vocab, simple: Callable[[str], str], top: bool = False) -> Section:
    """A section and its subsections with a role; themes of its heading and lead; its points annotated;
    and (below the top level, whose titles name the part, not an aspect) aspects from its title and
    point headlines."""
    text = simple(" ".join([section.title, *(p.headline for p in section.points)]))
    return replace(
        section,
        role=role,
        aspects=() if top else aspects_of(text, vocab),
        themes=themes_of(simple(section.heading + section.lead), vocab),
        points=tuple(annotated_point(p, vocab, simple) for p in section.points),
        children=tuple(annotated(c, child_role(c, section, role, vocab, simple), vocab, simple) for c in section.children),
    )


def assign_roles(
    sections: tuple[Section, ...], overrides: dict, vocab: Vocab, path: Path, simple: Callable[[str], str]
) -> tuple[Section, ...]:
    """Top-level parts with roles (front matter `roles: {s2: problems}` or `{2: problems}` wins), and aspects."""
    ids = {s.id for s in sections}
    wanted = {}
    for key, role in overrides.items():
        sid = section_anchor(None, key) if isinstance(key, int) else str(key)
        if sid not in ids:
            raise ReportError(path, f"前置元数据 roles 指定的部分 {key!r} 不存在（有：{'、'.join(sorted(ids))}）")
        if role not in vocab.role_ids:
            raise ReportError(path, f"前置元数据 roles 的角色 {role!r} 未知（可用：{'、'.join(vocab.role_ids)}）")
        wanted[sid] = role
    return tuple(annotated(s, wanted.get(s.id) or part_role(s, vocab, simple), vocab, simple, top=True) for s in sections)


def texts(report: Report) -> Iterator[tuple[str, str]]:
    """(where, text) of everything placeholders may stand in: title, unit, every passage."""
    yield TITLE, report.title
    yield UNIT, report.meta.unit or ""
    for p in report.passages():
        yield p.anchor, p.text


def annotate(tree: Outline, src: Source, cleaned: Cleaned, vocab: Vocab) -> Report:
    """The annotated report: the outline of a source with metadata, roles, aspects, signals, themes,
    placeholders, the warnings of cleaning and outline, and every change made on the way."""
    front, path, simple = src.front_matter, src.path, view(cleaned.traditional)
    meta_path = src.meta_path or path  # where a mistake in the front matter is to be fixed
    title = front.get("title") or tree.title_line or path.stem
    text = simple("\n".join([tree.preamble, *section_pieces(tree.sections), tree.closing]))
    warnings = cleaned.notices + tree.warnings
    if not tree.title_line and not front.get("title"):
        message = f"开头没有像标题的一行，暂用文件名「{path.stem}」作标题；可在前置元数据中写 title"
        warnings = (Notice(message, src.first_line, NoticeRule.TITLE), *warnings)
    report = Report(
        slug=slug_for(path, src.part),
        title=title,
        meta=infer_meta(simple(title), simple(tree.preamble), front, vocab, meta_path, text),
        title_line=tree.title_line,
        preamble=tree.preamble,
        sections=assign_roles(tree.sections, front.get("roles") or {}, vocab, meta_path, simple),
        closing=tree.closing,
        source_path=str(path),
        encoding=src.encoding,
        unit=src.unit,
        warnings=warnings,
        changes=tuple(sorted(src.changes + cleaned.changes, key=lambda c: c.line)),
        traditional=cleaned.traditional,
    )
    marks = {where: spans for where, piece in texts(report) if (spans := placeholder_spans(piece))}
    genre = genre_notice(report, vocab, src.first_line)
    return replace(report, placeholders=marks, warnings=(*report.warnings, *genre))


def genre_notice(report: Report, vocab: Vocab, line: int) -> tuple[Notice, ...]:
    """A notice when the report has fewer than two of the parts of the problem → cause → measure chain:
    a 批评与自我批评发言稿, a 自查报告 or an essay about the meeting, downloaded for a report. It is read
    as well as its text allows; the keeper decides whether it belongs in the library."""
    found = {s.role for s in report.walk() if isinstance(s, Section)}
    chain = vocab.chain_roles
    if sum(role in found for role in chain) >= 2:
        return ()
    missing = "、".join(vocab.role_name(r) for r in chain if r not in found)
    message = (
        f"没有找到{missing}部分，不像一篇完整的对照检查材料：可能不完整，或是发言稿、自查报告等其他文章，请确认是否放入样例库"
    )
    return (Notice(message, line, NoticeRule.GENRE),)
