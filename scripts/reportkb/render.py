"""Stage 5: the annotated Markdown page of a report, and the list of reports.

Report text is data. Paragraphs are written as raw HTML blocks, which Markdown passes through
untouched (and fast), with every character escaped as HTML; headings stay Markdown, for the
table of contents, with everything Markdown or attr_list would interpret escaped. Placeholders
for masked names and numbers are wrapped as visible fill-in marks in both.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence

from .annotate import PLACEHOLDER, any_of, has_placeholder_chars
from .check import CHAIN_ROLES, RULES, SEVERITIES, Review
from .model import Report, Section, lead_anchor
from .vocab import Vocab

BACKSLASH_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#!|"})
"""Characters Python-Markdown (with attr_list and tables) would interpret, escaped with a backslash."""
LINE_START_ESCAPED = re.compile(r"^(\d*)([-+.=])")
"""List, setext and ordered-list markers at a line start."""
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))
"""Characters written as HTML entities, in text and attribute values; `&` first."""
HEADING_DEPTH_MAX = 6
"""Deepest Markdown heading level."""


def escape_html(text: str) -> str:
    """Text safe inside HTML and attribute values (replace, not str.translate: 20× faster on Chinese text)."""
    for char, entity in HTML_ESCAPES:
        text = text.replace(char, entity)
    return text


def escape_md(text: str) -> str:
    """Text that Markdown shows exactly as written."""
    return escape_html(text.translate(BACKSLASH_ESCAPED))


def marked(text: str, escape: Callable[[str], str], glossary: dict[str, str] | None = None) -> str:
    """Escaped text with placeholders wrapped as fill-in marks and, given a glossary, its terms
    wrapped with their explanations (shown on hover)."""
    terms = tuple(t for t in glossary if t in text) if glossary and any_of(tuple(glossary)).search(text) else ()
    if not terms and not has_placeholder_chars(text):
        return escape(text)
    pattern = marks_pattern(terms)
    out = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        found = m.group(0)
        if glossary and found in glossary:
            out.append(f'<abbr title="{escape_html(glossary[found])}">{escape(found)}</abbr>')
        else:
            out.append(f'<span class="rk-ph" title="待填写">{escape(found)}</span>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


@functools.lru_cache(maxsize=256)
def marks_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Glossary terms present in a text (longest first, so 中央八项规定 wins over 八项规定), then placeholders."""
    alternatives = [re.escape(t) for t in sorted(terms, key=len, reverse=True)]
    return re.compile("|".join([*alternatives, PLACEHOLDER.pattern]), re.ASCII) if terms else PLACEHOLDER


def inline_md(text: str) -> str:
    """One line of report text inside Markdown (a heading, a table cell)."""
    return LINE_START_ESCAPED.sub(r"\1\\\2", marked(text, escape_md))


def paragraph(text: str, prefix: str = "", glossary: dict[str, str] | None = None) -> str:
    """A paragraph of report text as HTML."""
    return f"<p>{prefix}{marked(text, escape_html, glossary)}</p>"


def block(text: str, anchor: str, css: str, prefix: str = "", glossary: dict[str, str] | None = None) -> str:
    """Paragraphs of report text (one per line of `text`) as one raw HTML block carrying the anchor,
    so that the element with the anchor holds all of the passage."""
    paras = [p for p in text.split("\n") if p]
    inner = "".join(paragraph(p, prefix if i == 0 else "", glossary) for i, p in enumerate(paras))
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
        f"{label}：{marked(str(value), escape_html)}"
        for label, value in (("年份", m.year), ("类型", m.kind), ("会议", m.meeting), ("单位", m.unit))
        if value
    ]
    pages = {t.name: t.id for t in vocab.themes}
    tags = [
        f'<a class="rk-tag" href="../themes/{pages[t]}.html">{escape_html(t)}</a>'
        if t in pages
        else f'<span class="rk-tag">{escape_html(t)}</span>'
        for t in m.themes
    ]
    if tags:
        parts.append("主题：" + " ".join(tags))
    parts.append(f'<a class="rk-download" href="{report.slug}.docx" download="{download_name(report.title)}">下载 Word</a>')
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
        blocks.append(block(section.lead, lead_anchor(section), "rk-lead", glossary=vocab.glossary))
    for point in section.points:
        label = f'<span class="rk-label">{escape_html(point.label)}</span>'
        blocks.append(block(point.text[len(point.label) :], point.id, "rk-point", label, vocab.glossary))
    for child in section.children:
        blocks.extend(render_section(child, depth + 1, vocab))
    return blocks


def chain_table(review: Review, vocab: Vocab) -> str:
    """Each aspect across problems → causes → measures, with links; a gap shows as —."""
    rows = ["| 方面 | " + " | ".join(vocab.role_name(r) for r in CHAIN_ROLES) + " |", "| --- | --- | --- | --- |"]
    for name, by in review.chain:
        cells = [
            " ".join(f"[{escape_md(u.label or u.text[:6])}](#{u.anchor})" for u in by[role]) or '<span class="rk-gap">—</span>'
            for role in CHAIN_ROLES
        ]
        rows.append(f"| {escape_md(name)} | " + " | ".join(cells) + " |")
    intro = '<p class="rk-note">各方面从问题到原因、措施的对应（按小标题和要点首句中的关键词归类；“—”表示没有对应）：</p>'
    return intro + "\n\n" + "\n".join(rows)


def findings_box(review: Review) -> str:
    """The 校对提示 box: the sample's findings, collapsed, each linking to its place."""
    items = []
    for f in review.findings:
        place = f'<a href="#{f.section}">{escape_html(f.label or f.section)}</a> ' if f.section else ""
        line = f"（第 {f.line} 行）" if f.line else ""
        severity = f'<span class="rk-sev rk-sev-{f.severity}">{SEVERITIES[f.severity]}</span>'
        items.append(f"<li>{severity} {place}{escape_html(f.message)}{line}</li>")
    summary = f"校对提示（{len(review.findings)} 处）：样例也有毛病，写自己的材料时可以避开"
    return f'<details class="note rk-findings"><summary>{summary}</summary><ul>{"".join(items)}</ul></details>'


def render_report(report: Report, vocab: Vocab, review: Review) -> str:
    """The annotated Markdown page of one report, with its aspect chain and findings."""
    # Themes insert page.title into HTML unescaped (<title>, nav): give it HTML-safe.
    front = f"---\ntitle: {json.dumps(escape_html(report.title), ensure_ascii=False)}\n---"
    blocks = [front, f"# {inline_md(report.title)}", meta_line(report, vocab)]
    if report.sections:
        blocks.append(summary_table(report, vocab))
    if review.chain:
        blocks.append(chain_table(review, vocab))
    if review.findings:
        blocks.append(findings_box(review))
    if report.preamble:
        blocks.append(block(report.preamble, "preamble", "rk-preamble", glossary=vocab.glossary))
    for section in report.sections:
        blocks.extend(render_section(section, 0, vocab))
    if report.closing:
        blocks.append(block(report.closing, "closing", "rk-closing", glossary=vocab.glossary))
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


CHECK_USAGE = """## 怎样运行

初稿可以是 Word 文档（`.docx`），也可以是纯文本（`.txt`、`.md`，UTF-8 或 GBK 均可）。在项目文件夹中运行：

```sh
.venv/bin/reportkb check 我的初稿.docx          # 结构树和各条提示
.venv/bin/reportkb check --json 我的初稿.docx   # 同样的内容，JSON 格式
```

也可以从“结构”页下载按会议类型搭好的骨架，在骨架上写。

每条提示给出严重程度（错误、提醒、建议）、位置（部分编号和原稿行号）和一句修改建议。
有“错误”时退出状态为 1，否则为 0；文件无法读取时为 2。规则和阈值在 `vocab/check.yml` 中，可以调整。
样例页面上的“校对提示”就是对样例本身运行检查的结果。"""
"""How to run the checker, on the 写作自查 page."""


def good_example(rule: str, reviewed: Sequence[tuple[Report, Review]]) -> str:
    """A passage or report from the corpus that does what the rule asks, as a Markdown line."""
    if rule == "no-detail":
        for report, _ in reviewed:
            for section in report.walk():
                if isinstance(section, Section) and section.role == "problems":
                    for point in (p for p in section.points if p.signals.example):
                        link = f"../reports/{report.slug}.md#{point.id}"
                        return f"[{escape_md(report.title)}]({link})：{inline_md(point.text[:60])}……"
    if rule.startswith("chain-"):
        for report, review in reviewed:
            for name, by in review.chain:
                if all(by[role] for role in CHAIN_ROLES):
                    links = " → ".join(
                        f"[{vocab_label(role)}{escape_md(by[role][0].label)}](../reports/{report.slug}.md#{by[role][0].anchor})"
                        for role in CHAIN_ROLES
                    )
                    return f"[{escape_md(report.title)}](../reports/{report.slug}.md)的「{escape_md(name)}」：{links}"
    for report, review in reviewed:
        if all(f.rule != rule for f in review.findings):
            return f"[{escape_md(report.title)}](../reports/{report.slug}.md) 没有这个问题。"
    return "样例中暂无。"


def vocab_label(role: str) -> str:
    """Short name of a chain role for links: 问题, 原因, 措施."""
    return {"problems": "问题", "causes": "原因", "measures": "措施"}[role]


def render_check_guide(reviewed: Sequence[tuple[Report, Review]], vocab: Vocab) -> str:
    """The 写作自查 page: how to run the checker, then each rule with a bad and a good example from the corpus."""
    blocks = [
        "---\ntitle: 写作自查\n---",
        "# 写作自查",
        "审稿时常见的退改理由：缺了原因剖析、编号跳号或重复、原因和措施答非所问、问题没有具体事例、"
        "占位符没有替换……`reportkb check` 在交稿前把这些找出来。下面逐条说明规则，并从样例中各举一例。",
        CHECK_USAGE,
        "## 规则",
    ]
    for rule, severity in RULES.items():
        name, explain, made_up = vocab.check.rules.get(rule, (rule, "", ""))
        bad = next(((r, f) for r, review in reviewed for f in review.findings if f.rule == rule), None)
        lines = [f"### {escape_md(name)} {{ #{rule} }}", f"**{SEVERITIES[severity]}**　{escape_md(explain)}"]
        if bad:
            report, f = bad
            link = f"../reports/{report.slug}.md" + (f"#{f.section}" if f.section else "")
            lines.append(f"- 样例中的问题：[{escape_md(report.title)}]({link})：{escape_md(f.message)}")
        elif made_up:
            lines.append(f"- 常见的毛病（样例中没有，举例说明）：{escape_md(made_up)}")
        lines.append(f"- 做得好的：{good_example(rule, reviewed)}")
        blocks.append("\n\n".join(lines))
    return "\n\n".join(blocks) + "\n"
