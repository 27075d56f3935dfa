"""Stage 5: the annotated page of a report, as HTML (a `frame.Fragment`: its article and table of
contents, which the MkDocs hook puts into the site's frame without a trip through Markdown).

Report text is data: every character of it is escaped as HTML. Placeholders for masked names and
numbers (found by `annotate`) are wrapped as visible fill-in marks. The index pages are Markdown;
`escape_md` and `inline_md` write report text into them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from . import layout
from .annotate import any_of
from .check import Finding, Review
from .frame import Fragment
from .hanzi import as_written, view
from .model import CLOSING, LOST_HEADING, OUTSIDE_PARTS, PREAMBLE, TITLE, UNIT, Report, Section, Span, at, lead_anchor
from .vocab import SEVERITIES, Vocab

BACKSLASH_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#!|"})
"""Characters Python-Markdown (with attr_list and tables) would interpret, escaped with a backslash."""
LINE_START_ESCAPED = re.compile(r"^(\d*)([-+.=])")
"""List, setext and ordered-list markers at a line start."""
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))
"""Characters written as HTML entities, in text and attribute values; `&` first."""
HEADING_DEPTH_MAX = 6
"""Deepest Markdown heading level."""
OUTSIDE_COLOUR = "#8d6e63"
"""Colour of the badges of the text outside the numbered parts (开篇, 结尾) in 例句检索."""


def role_styles(vocab: Vocab) -> str:
    """The colour of each role's badges, as CSS (every page has it: see overrides/main.html): the
    colours are the vocabulary's, so a role renamed or added there keeps or gets its colour."""
    colours = [(r.id, r.colour) for r in (*vocab.roles, vocab.other)] + [(part, OUTSIDE_COLOUR) for part in OUTSIDE_PARTS]
    return "".join(f".rk-role-{role}{{--rk-role:{colour}}}" for role, colour in colours)


def escape_html(text: str) -> str:
    """Text safe inside HTML and attribute values (replace, not str.translate: 20× faster on Chinese text)."""
    for char, entity in HTML_ESCAPES:
        text = text.replace(char, entity)
    return text


def escape_md(text: str) -> str:
    """Text that Markdown shows exactly as written."""
    return escape_html(text.translate(BACKSLASH_ESCAPED))


def within(spans: Sequence[Span], start: int, end: int | None = None) -> tuple[Span, ...]:
    """The spans that lie in text[start:end], as offsets into that piece."""
    return tuple((a - start, b - start) for a, b in spans if a >= start and (end is None or b <= end))


def marked(
    text: str,
    escape: Callable[[str], str],
    glossary: dict[str, str] | None = None,
    spans: Sequence[Span] = (),
    simple: Callable[[str], str] = as_written,
) -> str:
    """Escaped text with its placeholders (`spans`) wrapped as fill-in marks and, given a glossary,
    its terms wrapped with their explanations (shown on hover); terms are found in the text's
    simplified view (`simple`), so 一崗雙責 is explained like 一岗双责, and shown as written."""
    seen = simple(text) if glossary else text
    terms = tuple(t for t in glossary if t in seen) if glossary and any_of(tuple(glossary)).search(seen) else ()
    if not terms and not spans:
        return escape(text)
    found = [(a, b, False) for a, b in spans]
    if terms:
        found += [(m.start(), m.end(), True) for m in terms_pattern(terms).finditer(seen)]
    out = []
    last = 0
    for start, end, is_term in sorted(found):
        if start < last:
            continue  # overlaps a mark already made
        out.append(escape(text[last:start]))
        piece = text[start:end]
        if is_term:
            out.append(f'<abbr title="{escape_html(glossary[seen[start:end]])}">{escape(piece)}</abbr>')
        else:
            out.append(f'<span class="rk-ph" title="待填写">{escape(piece)}</span>')
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


@functools.lru_cache(maxsize=256)
def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Glossary terms present in a text, longest first (so 中央八项规定 wins over 八项规定)."""
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def inline_md(text: str, spans: Sequence[Span] = ()) -> str:
    """One line of report text inside Markdown (a heading, a table cell), placeholders marked."""
    return LINE_START_ESCAPED.sub(r"\1\\\2", marked(text, escape_md, spans=spans))


def block(
    text: str,
    anchor: str,
    css: str,
    spans: Sequence[Span] = (),
    prefix: str = "",
    glossary: dict[str, str] | None = None,
    simple: Callable[[str], str] = as_written,
) -> str:
    """Paragraphs of report text (one per line of `text`) as one raw HTML block carrying the anchor,
    so that the element with the anchor holds all of the passage. (Marks never cross a line end.)"""
    paras = [p for p in marked(text, escape_html, glossary, spans, simple).split("\n") if p]
    inner = "".join(f"<p>{prefix if i == 0 else ''}{p}</p>" for i, p in enumerate(paras))
    return f'<div id="{anchor}" class="{css}">{inner}</div>'


FILE_NAME_UNSAFE = str.maketrans(dict.fromkeys('\\/:*?"<>|', "_"))
"""Characters file systems refuse in a file name, replaced in download names."""


def download_name(title: str) -> str:
    """The file name a report's Word copy is saved under: its title, made safe, HTML-escaped."""
    return escape_html(title.translate(FILE_NAME_UNSAFE) + ".docx")


def meta_line(report: Report, vocab: Vocab) -> str:
    """年份 · 类型 · 会议 · 单位 · 主题 (tags linking to the theme pages), then the Word download; unknowns left out."""
    m = report.meta
    parts = [
        f"{label}：{marked(str(value), escape_html, spans=report.placeholders.get(where, ()))}"
        for label, where, value in (
            ("年份", "", m.year),
            ("类型", "", m.kind),
            ("会议", "", vocab.meeting_names.get(m.meeting, m.meeting) if m.meeting else None),
            ("单位", UNIT, m.unit),
        )
        if value
    ]
    pages = {t.name: t.id for t in vocab.themes}
    tags = [
        f'<a class="rk-tag" href="{layout.up(layout.url(layout.doc(layout.THEMES, pages[t])))}">{escape_html(t)}</a>'
        if t in pages
        else f'<span class="rk-tag">{escape_html(t)}</span>'
        for t in m.themes
    ]
    if tags:
        parts.append("主题：" + "".join(tags))  # tags are boxes, spaced by the style sheet, not by a space in the text
    word = layout.word_copy(report.slug).removeprefix(f"{layout.REPORT_PAGES}/")  # beside the page
    parts.append(f'<a class="rk-download" href="{word}" download="{download_name(report.title)}">下载 Word</a>')
    return f'<p class="rk-meta">{" · ".join(parts)}</p>'


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table of cells that are HTML already."""
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + f"</tr></thead><tbody>{cells}</tbody></table>"


def anchor_link(anchor: str, inner: str) -> str:
    """A link to a place on the same page."""
    return f'<a href="#{anchor}">{inner}</a>'


def summary_table(report: Report, vocab: Vocab) -> str:
    """The structure summary: each part with its role, aspects and points."""
    rows = [
        (
            anchor_link(s.id, escape_html(s.heading or LOST_HEADING)),
            escape_html(vocab.role_name(s.role)),
            str(len(s.children)),
            str(s.count_points()),
        )
        for s in report.sections
    ]
    return table(("部分", "作用", "方面", "要点"), rows)


def heading(level: int, anchor: str, inner: str, attrs: str = "") -> str:
    """A heading with its anchor and the ¶ link to it (as Python-Markdown's toc extension writes them)."""
    permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
    return f'<h{level} id="{anchor}"{attrs}>{inner}{permalink}</h{level}>'


def render_section(section: Section, report: Report, vocab: Vocab) -> list[str]:
    """A section heading with its anchor and role, its lead, points and subsections."""
    attrs = ' class="rk-section"'
    if section.depth == 0:
        attrs = f' class="rk-section rk-role-{section.role}" data-role="{escape_html(vocab.role_name(section.role))}"'
    marks, simple = report.placeholders, view(report.traditional)
    inner = marked(section.heading, escape_html, spans=marks.get(section.id, ()))
    if not section.heading:  # a part whose heading the copy lost: say so, apart from the report's text
        inner = f'<span class="rk-lost">{LOST_HEADING}</span>'
    blocks = [heading(min(section.depth + 2, HEADING_DEPTH_MAX), section.id, inner, attrs)]
    if section.lead:
        anchor = lead_anchor(section)
        blocks.append(block(section.lead, anchor, "rk-lead", marks.get(anchor, ()), glossary=vocab.glossary, simple=simple))
    for point in section.points:
        label = f'<span class="rk-label">{escape_html(point.label)}</span>'
        spans = within(marks.get(point.id, ()), len(point.label))
        blocks.append(block(point.text[len(point.label) :], point.id, "rk-point", spans, label, vocab.glossary, simple))
    for child in section.children:
        blocks.extend(render_section(child, report, vocab))
    return blocks


def toc_items(sections: Sequence[Section]) -> str:
    """The table of contents of sections, nested, in the markup of Material's partials/toc-item.html."""
    items = []
    for s in sections:
        title = escape_html(s.heading or LOST_HEADING)
        inner = f'<nav class="md-nav" aria-label="{title}"><ul class="md-nav__list">{toc_items(s.children)}</ul></nav>'
        items.append(
            f'<li class="md-nav__item"><a href="#{s.id}" class="md-nav__link"><span class="md-ellipsis">{title}</span></a>'
            f"{inner if s.children else ''}</li>"
        )
    return "".join(items)


def chain_table(review: Review, vocab: Vocab) -> str:
    """Each aspect across problems → causes → measures, with links; a gap shows as —."""
    roles = vocab.chain_roles
    rows = [
        (
            escape_html(name),
            *(
                "、".join(anchor_link(u.anchor, escape_html(u.label or u.text[:6])) for u in by[role])
                or '<span class="rk-gap">—</span>'
                for role in roles
            ),
        )
        for name, by in review.chain
    ]
    intro = '<p class="rk-note">各方面从问题到原因、措施的对应（按小标题和要点首句中的关键词归类；“—”表示没有对应）：</p>'
    return intro + table(("方面", *(escape_html(vocab.role_name(r)) for r in roles)), rows)


def findings_box(findings: Sequence[Finding], unit: str) -> str:
    """The 校对提示 box: the sample's findings about its writing, collapsed, each linking to its place."""
    items = []
    for f in findings:
        place = f'<a href="#{f.section}">{escape_html(f.place)}</a>：' if f.section else ""
        line = "" if f.section or not f.line else f"（{at(f.line, unit)}）"
        severity = f'<span class="rk-sev rk-sev-{f.severity}">{SEVERITIES[f.severity]}</span>'
        items.append(f"<li>{severity}{place}{escape_html(f.message)}{line}</li>")
    summary = f"校对提示（{len(findings)} 处）：样例也有毛病，写自己的材料时可以避开"
    return f'<details class="note rk-findings"><summary>{summary}</summary><ul>{"".join(items)}</ul></details>'


def same_note(same: Sequence[tuple[str, str, float]]) -> str:
    """Which reports of the library this one is, mostly (title, slug, share of this one the other holds)."""
    links = "；".join(
        f'与《<a href="{layout.url(layout.report_page(slug)).removeprefix(f"{layout.REPORT_PAGES}/")}">{escape_html(title)}</a>》'
        + ("全文相同" if round(share * 100) == 100 else f"约 {round(share * 100)}% 相同")
        for title, slug, share in same
    )
    return f'<p class="rk-same">这篇材料{links}：很可能是同一篇材料的不同来源，或一篇照抄了另一篇。</p>'


def render_report(report: Report, vocab: Vocab, review: Review, same: Sequence[tuple[str, str, float]] = ()) -> str:
    """The annotated page of one report (a `Fragment`, as written to docs/), with its aspect chain and
    findings; `same`: the reports of the library it is, mostly (`same_note`)."""
    title = marked(report.title, escape_html, spans=report.placeholders.get(TITLE, ()))
    simple, marks = view(report.traditional), report.placeholders
    blocks = [heading(1, TITLE, title), meta_line(report, vocab)]
    if same:
        blocks.append(same_note(same))
    if report.sections:
        blocks.append(summary_table(report, vocab))
    if review.chain:
        blocks.append(chain_table(review, vocab))
    lessons = [f for f in review.findings if vocab.check.rules[f.rule].on_samples]
    if lessons:
        blocks.append(findings_box(lessons, report.unit))
    if report.preamble:
        blocks.append(
            block(report.preamble, PREAMBLE, "rk-preamble", marks.get(PREAMBLE, ()), glossary=vocab.glossary, simple=simple)
        )
    for section in report.sections:
        blocks.extend(render_section(section, report, vocab))
    if report.closing:
        blocks.append(
            block(report.closing, CLOSING, "rk-closing", marks.get(CLOSING, ()), glossary=vocab.glossary, simple=simple)
        )
    return Fragment(escape_html(report.title), toc_items(report.sections), "\n".join(blocks)).dumps()
