"""Stage 5: the annotated Markdown page of a report, and the list of reports.

Report text is data. Paragraphs are written as raw HTML blocks, which Markdown passes through
untouched (and fast), with every character escaped as HTML; headings stay Markdown, for the
table of contents, with everything Markdown or attr_list would interpret escaped. Placeholders
for masked names and numbers are wrapped as visible fill-in marks in both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from .model import Report, Section, lead_anchor
from .vocab import Vocab

BACKSLASH_ESCAPED = re.compile(r"([\\`*_{}\[\]()#!|])")
"""Characters Python-Markdown (with attr_list and tables) would interpret, escaped with a backslash."""
LINE_START_ESCAPED = re.compile(r"^(\d*)([-+.=])")
"""List, setext and ordered-list markers at a line start."""
HTML_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
"""Characters written as HTML entities."""
HTML_SPECIAL = re.compile('[&<>"]')
"""Characters that need an entity in HTML text and attribute values."""
PLACEHOLDER = re.compile(r"\*+|＊+|×+|(?<![\w./@-])(?:x{1,3}|X{1,3})(?![\w./@-])", re.ASCII)
"""Masks for names and numbers in the samples: `*`, `**`, `xx`, `XX`, `x`, `××`."""
HEADING_DEPTH_MAX = 6
"""Deepest Markdown heading level."""


def escape_html(text: str) -> str:
    """Text safe inside HTML and attribute values."""
    return HTML_SPECIAL.sub(lambda m: HTML_ESCAPED[m.group(0)], text)


def escape_md(text: str) -> str:
    """Text that Markdown shows exactly as written."""
    return escape_html(BACKSLASH_ESCAPED.sub(r"\\\1", text))


def marked(text: str, escape: Callable[[str], str]) -> str:
    """Escaped text with placeholders wrapped as fill-in marks."""
    out = []
    last = 0
    for m in PLACEHOLDER.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f'<span class="rk-ph" title="待填写">{escape(m.group(0))}</span>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def inline_md(text: str) -> str:
    """One line of report text inside Markdown (a heading, a table cell)."""
    return LINE_START_ESCAPED.sub(r"\1\\\2", marked(text, escape_md))


def paragraph(text: str, prefix: str = "") -> str:
    """A paragraph of report text as HTML."""
    return f"<p>{prefix}{marked(text, escape_html)}</p>"


def block(text: str, anchor: str, css: str, prefix: str = "") -> str:
    """Paragraphs of report text (one per line of `text`) as one raw HTML block carrying the anchor,
    so that the element with the anchor holds all of the passage."""
    paras = [p for p in text.split("\n") if p]
    inner = "".join(paragraph(p, prefix if i == 0 else "") for i, p in enumerate(paras))
    return f'<div id="{anchor}" class="{css}">{inner}</div>'


def meta_line(report: Report) -> str:
    """年份 · 类型 · 会议 · 单位 · 主题, leaving out what is unknown."""
    m = report.meta
    parts = [
        f"{label}：{marked(str(value), escape_html)}"
        for label, value in (("年份", m.year), ("类型", m.kind), ("会议", m.meeting), ("单位", m.unit))
        if value
    ]
    if m.themes:
        parts.append("主题：" + " ".join(f'<span class="rk-tag">{escape_html(t)}</span>' for t in m.themes))
    return f'<p class="rk-meta">{" · ".join(parts)}</p>'


def summary_table(report: Report, vocab: Vocab) -> str:
    """The structure summary: each part with its role, aspects and points."""
    rows = ["| 部分 | 作用 | 方面 | 要点 |", "| --- | --- | --- | --- |"]
    for s in report.sections:
        rows.append(f"| [{escape_md(s.heading)}](#{s.id}) | {vocab.role_name(s.role)} | {len(s.children)} | {s.count_points()} |")
    return "\n".join(rows)


def render_section(section: Section, depth: int, vocab: Vocab) -> list[str]:
    """A section heading with its anchor and role, its lead, points and subsections."""
    hashes = "#" * min(depth + 2, HEADING_DEPTH_MAX)
    attrs = f"#{section.id} .rk-section"
    if depth == 0:
        attrs += f' .rk-role-{section.role} data-role="{escape_html(vocab.role_name(section.role))}"'
    blocks = [f"{hashes} {inline_md(section.heading)} {{ {attrs} }}"]
    if section.lead:
        blocks.append(block(section.lead, lead_anchor(section), "rk-lead"))
    for point in section.points:
        label = f'<span class="rk-label">{escape_html(point.label)}</span>'
        blocks.append(block(point.text[len(point.label) :], point.id, "rk-point", prefix=label))
    for child in section.children:
        blocks.extend(render_section(child, depth + 1, vocab))
    return blocks


def render_report(report: Report, vocab: Vocab) -> str:
    """The annotated Markdown page of one report."""
    # Themes insert page.title into HTML unescaped (<title>, nav): give it HTML-safe.
    front = f"---\ntitle: {json.dumps(escape_html(report.title), ensure_ascii=False)}\n---"
    blocks = [front, f"# {inline_md(report.title)}", meta_line(report)]
    if report.sections:
        blocks.append(summary_table(report, vocab))
    if report.warnings:
        notes = "\n".join(
            f"    - 第 {w.line} 行：{inline_md(w.message)}" if w.line else f"    - {inline_md(w.message)}"
            for w in report.warnings
        )
        blocks.append(f'!!! warning "原文提示"\n\n{notes}')
    if report.preamble:
        blocks.append(block(report.preamble, "preamble", "rk-preamble"))
    for section in report.sections:
        blocks.extend(render_section(section, 0, vocab))
    if report.closing:
        blocks.append(block(report.closing, "closing", "rk-closing"))
    return "\n\n".join(blocks) + "\n"


def render_index(reports: Sequence[Report]) -> str:
    """The list of all reports with their metadata and size."""
    rows = ["| 标题 | 年份 | 类型 | 会议 | 部分 | 要点 |", "| --- | --- | --- | --- | --- | --- |"]
    for r in reports:
        m = r.meta
        cells = [f"[{escape_md(r.title)}]({r.slug}.md)", m.year or "—", m.kind or "—", m.meeting or "—"]
        cells += [len(r.sections), sum(s.count_points() for s in r.sections)]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    intro = f"共 {len(reports)} 篇对照检查材料。点标题看全文：每个部分标明作用，每条要点单列，可直接引用其锚点。"
    return "# 样例\n\n" + intro + "\n\n" + "\n".join(rows) + "\n"
