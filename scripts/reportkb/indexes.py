"""Stage 7: pages over the whole corpus: the list of reports, themes, aspects, the structure guide,
parts side by side, the glossary, the 写作自查 page. All generated from the annotated reports, their
reviews and the vocabularies, so they grow with every report added. Paths are relative to docs/;
links go to report anchors.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from . import copies, draft, layout, runtime
from .annotate import any_of
from .check import EXAMPLES, Reviewed, whose
from .hanzi import simplified, view
from .model import CLOSING, PREAMBLE, Point, Report, Section, Unit
from .numbering import match_marker
from .render import escape_html, escape_md, inline_md, within
from .skeleton import file_name, saved_name
from .text import first_sentence
from .vocab import SEVERITIES, Vocab

T = TypeVar("T")

LEVEL_NAMES = ("一、", "（一）", "1．", "（1）", "①")
"""How each numbering level is shown in the structure guide."""
HALF_WIDTH_BRACKETS = str.maketrans("（）", "()")
"""A level written with half-width brackets, as the structure guide shows it: (一)."""
QUOTED_OPENINGS = 5
"""Openings and closings quoted in the structure guide."""
LIST_LIMIT = 30
"""Passages listed per role on a theme or aspect page; 例句检索 has all of them."""
COMPARE_LIMIT = 100
"""Reports set side by side on a comparison page (the first ones, in file order); 例句检索 has all of them."""
WIDE = "---\nhide:\n  - toc\n---\n\n"
"""Front matter that gives a page the table of contents' width too."""


def report_link(report: Report, anchor: str = "") -> str:
    """Relative link from a generated page (one folder deep) to a report page and anchor."""
    return layout.up(layout.url(layout.report_page(report.slug), anchor))


def page_link(folder: str, name: str = "index") -> str:
    """Relative Markdown link from a generated page to another generated page (MkDocs checks it)."""
    return layout.up(layout.doc(folder, name))


def page_url(folder: str, name: str = "index") -> str:
    """Relative HTML link from a generated page to another generated page."""
    return layout.up(layout.url(layout.doc(folder, name)))


CUT = "……"
"""Marks a quote cut short."""


def clipped_sentence(text: str, limit: int = 60) -> str:
    """The first sentence of a text, cut at `limit` characters."""
    first = first_sentence(text)
    return first if len(first) <= limit else first[:limit] + CUT


def quoted(report: Report, anchor: str, text: str) -> str:
    """The opening piece `text` of a passage, in Markdown, with the passage's placeholders marked."""
    return inline_md(text, within(report.placeholders.get(anchor, ()), 0, len(text.removesuffix(CUT))))


def walk_part(part: Section) -> Iterator[Section | Point]:
    """Points and subsections under a part, in reading order."""
    yield from part.points
    for child in part.children:
        yield child
        yield from walk_part(child)


def quote(node: Section | Point) -> str:
    """What a list quotes of a section (its heading) or a point (its label and headline)."""
    if isinstance(node, Section):
        return clipped_sentence(node.heading if node.title else node.heading + node.lead, 80)
    return clipped_sentence(node.label + node.headline, 80)


def html_entries(items: Sequence[tuple[Report, str, T]], text_of: Callable[[T], str], more: str) -> str:
    """A raw HTML list of the first LIST_LIMIT (report, anchor, thing) items, each quoting `text_of(thing)`
    and linking to its anchor; `more` below when there are more.

    Raw HTML keeps pages over a thousand reports quick to build (Markdown leaves it alone)."""
    lis = "".join(
        f'<li><a href="{report_link(r, anchor)}">{escape_html(text_of(thing))}</a> — {escape_html(r.title)}</li>'
        for r, anchor, thing in items[:LIST_LIMIT]
    )
    tail = f'<p class="rk-note">{more}</p>' if len(items) > LIST_LIMIT else ""
    return f'<ul class="rk-entries">{lis}</ul>{tail}'


def search_more(count: int, keyword: str) -> str:
    """The note under a capped list, pointing to 例句检索 for all of it."""
    url = layout.up(layout.phrases_url(keyword))
    return f'共 {count} 处，以上列出前 {LIST_LIMIT} 处；全部请到<a href="{url}">例句检索</a>查“{escape_html(keyword)}”。'


def theme_pages(reports: Sequence[Report], vocab: Vocab) -> dict[str, str]:
    """themes/index.md and one page per theme: its reports, then the passages mentioning it by role."""
    pages = {}
    rows = ["| 主题 | 说明 | 样例 | 段落 |", "| --- | --- | --- | --- |"]
    tagged = [(r, part, node) for r in reports for part in r.sections for node in [part, *walk_part(part)] if node.themes]
    for theme in vocab.themes:
        on_theme = [r for r in reports if theme.name in r.meta.themes]
        passages = [(r, part, node) for r, part, node in tagged if theme.name in node.themes]
        counts = f"{len(on_theme)} | {len(passages)}"
        rows.append(
            f"| [{escape_md(theme.name)}]({page_link(layout.THEMES, theme.id)}) | {escape_md(theme.description)} | {counts} |"
        )
        report_links = "、".join(f'<a href="{report_link(r)}">{escape_html(r.title)}</a>' for r in on_theme)
        blocks = [
            f"# {escape_md(theme.name)}",
            escape_md(theme.description) + f"（关键词：{escape_md('、'.join(theme.keywords))}）",
            f"## 样例（{len(on_theme)} 篇）",
            f'<p class="rk-list">{report_links}</p>' if on_theme else "暂无。",
            f"## 提到这一主题的段落（{len(passages)} 处）",
        ]
        for role in (*vocab.order, vocab.other.id):
            items = [(r, node.id, node) for r, part, node in passages if part.role == role]
            if items:
                more = search_more(len(items), theme.keywords[0])
                blocks += [f"### {escape_md(vocab.role_name(role))}（{len(items)}）", html_entries(items, quote, more)]
        pages[layout.doc(layout.THEMES, theme.id)] = "\n\n".join(blocks) + "\n"
    intro = "每篇样例的主题取自它的前置元数据，没有时按标题和正文推断；每个段落按其中提到的关键词归入主题。"
    pages[layout.doc(layout.THEMES)] = f"# 主题\n\n{intro}\n\n" + "\n".join(rows) + "\n"
    return pages


def aspect_units(reviewed: Sequence[Reviewed], vocab: Vocab) -> dict[tuple[str, str], list[tuple[Report, str, Unit]]]:
    """The units of the library on each aspect, by (aspect name, chain role): what its page lists."""
    roles = vocab.chain_roles
    found: dict[tuple[str, str], list[tuple[Report, str, Unit]]] = {(a.name, r): [] for a in vocab.aspects for r in roles}
    for report, _ in reviewed:
        for part in report.sections:
            if part.role in roles:
                for unit in part.units():
                    for name in unit.aspects:
                        found[name, part.role].append((report, unit.anchor, unit))
    return found


def aspect_pages(reviewed: Sequence[Reviewed], vocab: Vocab) -> dict[str, str]:
    """aspects/index.md and one page per aspect: how problems, causes and measures are phrased for it,
    a heading per role (anchored by the role's id, where 写作自查 links)."""
    pages = {}
    roles = vocab.chain_roles
    rows = ["| 方面 | " + " | ".join(vocab.role_name(r) for r in roles) + " |", "| --- | " + "--- | " * len(roles)]
    units = aspect_units(reviewed, vocab)
    for aspect in vocab.aspects:
        blocks, counts = [f"# {escape_md(aspect.name)}", f"关键词：{escape_md('、'.join(aspect.keywords))}"], []
        for role in roles:
            items = units[aspect.name, role]
            counts.append(len(items))
            more = search_more(len(items), aspect.keywords[0])
            blocks += [
                f"## {escape_md(vocab.role_name(role))}（{len(items)}） {{ #{role} }}",
                html_entries(items, lambda u: clipped_sentence(u.text, 80), more) if items else "暂无。",
            ]
        pages[layout.doc(layout.ASPECTS, aspect.id)] = "\n\n".join(blocks) + "\n"
        rows.append(
            f"| [{escape_md(aspect.name)}]({page_link(layout.ASPECTS, aspect.id)}) | " + " | ".join(map(str, counts)) + " |"
        )
    intro = "按小标题和要点首句中的关键词，把各篇材料的小节归入方面；数字是问题、原因、措施中写到这一方面的条数。"
    pages[layout.doc(layout.ASPECTS)] = f"# 方面\n\n{intro}\n\n" + "\n".join(rows) + "\n"
    return pages


def held_phrases(reports: Sequence[Report], vocab: Vocab) -> list[str]:
    """The vocabulary's phrases (glossary terms, aspect and theme keywords) that some report of the
    library holds, as 例句检索 finds them (in the simplified view), longest first."""
    wanted = {*vocab.glossary, *(k for a in vocab.aspects for k in a.keywords), *(k for t in vocab.themes for k in t.keywords)}
    held: set[str] = set()
    for report in reports:
        for passage in report.passages():  # what 例句检索 holds, passage by passage
            text = simplified(passage.text)
            held |= {phrase for phrase in wanted - held if phrase in text}
        if held == wanted:
            break
    return sorted(held, key=lambda p: (-len(p), p))


def library_links(reviewed: Sequence[Reviewed], vocab: Vocab) -> dict:
    """Where 写作自查 may link a draft's parts and points so that no link finds nothing (draft.links
    reads it): the phrases the library holds, longest first; by aspect, the roles its page has
    passages for; the roles the 对照 pages have."""
    units = aspect_units(reviewed, vocab)
    return {
        "phrases": held_phrases([r for r, _ in reviewed], vocab),
        "aspects": {a.name: [r for r in vocab.chain_roles if units[a.name, r]] for a in vocab.aspects},
        "roles": sorted({s.role for r, _ in reviewed for s in r.sections} & set(vocab.order)),
    }


def spread(values: Sequence[int]) -> str:
    """Median and range of counts, as 中位数 3（1–7）."""
    if not values:
        return "—"
    return f"中位数 {statistics.median(values):g}（{min(values)}–{max(values)}）"


def structure_page(reports: Sequence[Report], vocab: Vocab) -> str:
    """The structure guide: the skeleton of the genre with figures from the corpus."""
    n = len(reports)
    blocks = [
        "# 结构指南",
        f"对照检查材料的骨架，以及本库 {n} 篇样例的实际情况（数字由构建时统计）。写作时可以先搭好这个骨架，再逐部分充实。",
        "## 各部分的作用",
        "| 部分 | 写什么 | 有此部分的样例 | 方面数 | 要点数 |\n| --- | --- | --- | --- | --- |",
    ]
    rows = []
    for role in vocab.order:
        parts = [s for r in reports for s in r.sections if s.role == role]
        having = len({r.slug for r in reports for s in r.sections if s.role == role})
        share = f"{having} 篇（{having * 100 // n}%）" if n else "—"
        cells = [
            f"[{escape_md(vocab.role_name(role))}]({page_link(layout.COMPARE, role)})",
            escape_md(vocab.role(role).purpose),
            share,
        ]
        cells += [spread([len(s.children) for s in parts]), spread([s.count_points() for s in parts])]
        rows.append("| " + " | ".join(cells) + " |")
    blocks[-1] += "\n" + "\n".join(rows)
    blocks += ["## 下载骨架", skeleton_list(vocab)]
    orders = Counter(" → ".join(vocab.role_name(s.role) for s in r.sections) for r in reports)
    blocks += ["## 常见的部分顺序", "\n".join(f"- {escape_md(order)}：{count} 篇" for order, count in orders.most_common(5))]
    blocks += ["## 编号层次", numbering_figures(reports)]
    openings = [(r, clipped_sentence(r.preamble, 90)) for r in reports if r.preamble][:QUOTED_OPENINGS]
    closings = [(r, r.closing.split("\n")[0]) for r in reports if r.closing][:QUOTED_OPENINGS]
    for heading, anchor, quotes in (("## 开篇的写法", PREAMBLE, openings), ("## 结尾的写法", CLOSING, closings)):
        lines = [f"- {quoted(r, anchor, text)}（[{escape_md(r.title)}]({report_link(r, anchor)})）" for r, text in quotes]
        blocks += [heading, "\n".join(lines)]
    return "\n\n".join(blocks) + "\n"


def skeleton_list(vocab: Vocab) -> str:
    """Links to the skeleton Word files, each with its parts in order."""
    intro = (
        "按会议类型搭好的空白材料（Word，按党政机关公文格式排版）：各部分依次排好，每部分下有一行写法提示，"
        "×× 处换成自己的内容，写完可用“写作自查”检查。"
    )
    items = [
        f'- [{escape_md(s.name)}]({file_name(s)}){{ download="{escape_html(saved_name(s))}" }}：'
        + " → ".join(escape_md(vocab.role_name(r)) for r in s.parts)
        for s in vocab.skeletons.types
    ]
    return intro + "\n\n" + "\n".join(items)


def numbering_figures(reports: Sequence[Report]) -> str:
    """How many reports use each numbering level and inline 一是 points."""
    uses: Counter[str] = Counter()
    for r in reports:
        used = set()
        for node in r.walk():
            if isinstance(node, Section):
                marker = match_marker(node.label)
                if marker:
                    level = LEVEL_NAMES[marker[0]]
                    half = node.label.startswith("(")
                    used.add(f"“{level.translate(HALF_WIDTH_BRACKETS)}”（半角括号）" if half else f"“{level}”")
            else:
                used.add("“一是、二是”")
        uses.update(sorted(used))  # sorted: the page must come out the same in every process
    intro = "通常的层次是“一、”→“（一）”→“1．”→“（1）”，段落中的并列要点用“一是、二是……”；同一层的括号要统一。"
    ranked = sorted(uses.items(), key=lambda kv: (-kv[1], kv[0]))
    return intro + "\n\n" + "\n".join(f"- {escape_md(level)}：{count} 篇" for level, count in ranked)


def compare_pages(reports: Sequence[Report], vocab: Vocab) -> dict[str, str]:
    """compare/index.md (reports × parts matrix) and one side-by-side page per part, in raw HTML,
    of the first COMPARE_LIMIT reports (a page of thousands side by side helps no one)."""
    pages = {}
    shown = reports[:COMPARE_LIMIT]
    limited = (
        f"\n\n样例共 {len(reports)} 篇，这里列出前 {len(shown)} 篇（按文件名）；"
        f"要在全部样例中比较某一部分怎么写，请用[例句检索]({layout.up(layout.PHRASES)})，按“部分”筛选。"
        if len(shown) < len(reports)
        else ""
    )
    head = "".join(
        f'<th><a href="{page_url(layout.COMPARE, role)}">{escape_html(vocab.role_name(role))}</a></th>' for role in vocab.order
    )
    rows = []
    for r in shown:
        cells = []
        for role in vocab.order:
            parts = [s for s in r.sections if s.role == role]
            cells.append("、".join(f'<a href="{report_link(r, s.id)}">{escape_html(s.label)}</a>' for s in parts) or "—")
        title = f'<td><a href="{report_link(r)}">{escape_html(r.title)}</a></td>'
        rows.append(f"<tr>{title}" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    # A table without a class takes the theme's style (and on a phone scrolls sideways in the wrapper
    # Material puts around it); .rk-matrix only makes it smaller and keeps its titles readable.
    body = "".join(rows)
    table = f'<div class="rk-matrix"><table><thead><tr><th>样例</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    intro = "每篇样例各有哪些部分：点部分编号跳到原文；“—”表示没有这一部分。点表头看各篇同一部分并排对照。"
    pages[layout.doc(layout.COMPARE)] = f"{WIDE}# 对照\n\n{intro}{limited}\n\n{table}\n"
    for role in vocab.order:
        cards = []
        for r in shown:
            for part in (s for s in r.sections if s.role == role):
                nodes = [n for n in walk_part(part) if isinstance(n, Section) or not part.children]
                items = "".join(f'<li><a href="{report_link(r, n.id)}">{escape_html(quote(n))}</a></li>' for n in nodes)
                lead = "".join(f"<p>{escape_html(line)}</p>" for line in part.lead.split("\n") if line)
                body = f"<ul>{items}</ul>" if nodes else lead  # a part of text only (个人事项) is shown whole
                title = f'<p><a href="{report_link(r, part.id)}"><strong>{escape_html(r.title)}</strong></a></p>'
                cards.append(f'<div class="rk-card">{title}{body}</div>')
        name = vocab.role_name(role)
        intro = f"各篇样例的“{escape_md(name)}”部分并排对照：{escape_md(vocab.role(role).purpose)}"
        grid = f'<div class="rk-cards">{"".join(cards)}</div>' if cards else "暂无样例有这一部分。"
        pages[layout.doc(layout.COMPARE, role)] = f"{WIDE}# {escape_md(name)}：并排对照\n\n{intro}{limited}\n\n{grid}\n"
    return pages


GLOSSARY_PLACES = 8
"""Reports listed under a term of the glossary (例句检索 has every place)."""


def glossary_page(reports: Sequence[Report], vocab: Vocab) -> str:
    """The glossary: each term (with its other names), its explanation, and the reports that use it,
    each once, at its first use."""
    forms = {t.term: (t.term, *t.aliases) for t in vocab.terms}
    used: dict[str, dict[str, tuple[Report, str]]] = {t.term: {} for t in vocab.terms}
    any_term = any_of(tuple(vocab.glossary))
    for r in reports:
        simple = view(r.traditional)
        for p in r.passages():
            text = simple(p.text)
            if any_term.search(text):
                for term, places in used.items():
                    if r.slug not in places and any(form in text for form in forms[term]):
                        places[r.slug] = (r, p.anchor)
    blocks = ["# 术语", "材料中反复出现的政治术语及其含义。样例页面上，把鼠标停在带虚线的术语上也能看到解释。"]
    for t in vocab.terms:
        places = list(used[t.term].values())
        where = "、".join(f"[{escape_md(r.title)}]({report_link(r, anchor)})" for r, anchor in places[:GLOSSARY_PLACES])
        count = f"等 {len(places)} 篇" if len(places) > GLOSSARY_PLACES else f"共 {len(places)} 篇"
        text = where + "，" + count if places else "样例中暂无"
        also = f"（也写作“{'”“'.join(t.aliases)}”）" if t.aliases else ""
        shortest = min((t.term, *t.aliases), key=len)  # 八项规定 also finds 中央八项规定
        search = f'<a href="{layout.up(layout.phrases_url(shortest))}">在例句检索中查看每一处</a>' if places else ""
        blocks.append(f"### {escape_md(t.term)}\n\n{escape_md(t.explain)}{also}\n\n用到的材料：{text}。{search}")
    return "\n\n".join(blocks) + "\n"


def corpus_pages(reviewed: Sequence[Reviewed], vocab: Vocab) -> dict[str, str]:
    """Every page over the whole corpus, by path under docs/."""
    reports = [r for r, _ in reviewed]
    return {
        layout.doc(layout.REPORT_PAGES): reports_index(reports),
        layout.doc(layout.CHECKER): check_guide(reviewed, vocab),
        **theme_pages(reports, vocab),
        **aspect_pages(reviewed, vocab),
        layout.doc(layout.STRUCTURE): structure_page(reports, vocab),
        **compare_pages(reports, vocab),
        layout.doc(layout.GLOSSARY): glossary_page(reports, vocab),
    }


def reports_index(reports: Sequence[Report]) -> str:
    """The list of all reports with their metadata and size."""
    rows = ["| 标题 | 年份 | 类型 | 会议 | 部分 | 要点 |", "| --- | --- | --- | --- | --- | --- |"]
    for r in reports:
        m = r.meta
        cells = [f"[{escape_md(r.title)}]({report_link(r)})", m.year or "—", m.kind or "—", m.meeting or "—"]
        cells += [len(r.sections), sum(s.count_points() for s in r.sections)]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    intro = f"共 {len(reports)} 篇对照检查材料。点标题看全文：每个部分标明作用，每条要点单列，可直接引用其锚点。"
    return "# 样例\n\n" + intro + "\n\n" + "\n".join(rows) + "\n"


REQUIRED_SLOT = "{required}"
"""Where a rule's explanation in check.yml says which parts which reports require (from `required`)."""
CHECKER = """## 在这里检查初稿

<div class="rk-checker" data-rk-checker="{config}">
<p class="rk-checker__privacy">初稿只在这台电脑的浏览器里检查，不上传到任何服务器，也不保存；关掉页面就没有了。</p>
<p class="rk-checker__status" data-rk-checker-status>正在准备检查程序……</p>
<progress class="rk-checker__progress" data-rk-checker-progress max="{steps}" value="0"></progress>
<div class="rk-checker__drop" data-rk-checker-drop>把初稿（Word 文档 .docx、PDF，或 .txt、.md）拖到这里，或者<label
  class="md-button">选择文件<input type="file" accept=".docx,.pdf,.txt,.md" data-rk-checker-file hidden></label></div>
<textarea class="rk-checker__text" rows="8" aria-label="粘贴初稿" data-rk-checker-text
  placeholder="也可以把初稿全文粘贴到这里；改动后停一停，会自动重新检查。"></textarea>
<div class="rk-checker__result" data-rk-checker-result></div>
</div>

第一次打开本页要先加载检查程序，需要等几秒；以后再打开会快得多。"""
"""The in-browser checker on the 写作自查 page (docs/javascripts/checker.js draws it)."""


def checker_block(reviewed: Sequence[Reviewed], vocab: Vocab) -> str:
    """The in-browser checker, with what its script needs from Python: the start-up steps of its
    worker, where the runtime and the checker's bundle are (from the site's root), and where the
    library lets a draft's links lead (library_links)."""
    config = {
        "steps": [list(step) for step in draft.STEPS],
        "pyodide": runtime.SITE_FOLDER + "/",
        "bundle": runtime.BUNDLE,
        "library": library_links(reviewed, vocab),
    }
    return CHECKER.format(config=escape_html(json.dumps(config, ensure_ascii=False)), steps=len(draft.STEPS) - 1)


CHECK_USAGE = """每条提示给出严重程度（错误、提醒、建议）、位置（如“二、（一）一是”，点一下，
下面“结构”中的这一条就会显出来）和一句修改建议；结构中每一条后面的链接通向样例里同类的写法。也可以从[结构]({structure})页下载按会议类型搭好的骨架，在骨架上写。
样例页面上的“校对提示”就是对样例本身做同样检查的结果。"""
"""What the checker gives and where its links lead, on the 写作自查 page."""
COPIES_USAGE = """## 查重

检查结构的同时，初稿逐句与样例库比对：与样例相同的句子，以及只改了标点、全角半角、繁简、数字、单位名称或个别词语的句子，
在“查重”下的全文中标出，后面注明出自哪篇样例的哪一段（点一下就到那里）；最上面一行说全文约有多少与样例库相同、最长的一段连续多少字。
比对在这台电脑的浏览器里进行，只读取样例库中用得着的数据文件，初稿不发送到任何地方。

这类材料人人都用的固定说法不算照抄：词表中的术语和套语（如“红红脸、出出汗”“一岗双责”“习近平新时代中国特色社会主义思想”），
以及样例库中超过 {stock}（且超过 {stock_min} 篇）的材料都有的说法；
一句话除去这些，剩下不到 {grams} 个连续 {gram} 字的片段，也不算。
一句话的片段有 {copied} 以上与某一段样例相同，就标为照抄。

结构中的要点后面列出“相近的写法”：样例库中与这条要点用词最接近的段落，同一部分的在前。"""
"""What 查重 marks and where it draws the line, on the 写作自查 page (the figures from copies.py)."""


def good_example(rule: str, reviewed: Sequence[Reviewed], vocab: Vocab) -> str:
    """A passage or report from the corpus that does what the rule asks, as a Markdown line: the
    rule's own example (check.EXAMPLES) if it has one, else a report without the fault."""
    find = EXAMPLES.get(rule)
    example = find(reviewed, vocab) if find else None
    if example and example.steps:
        links = " → ".join(f"[{escape_md(text)}]({report_link(example.report, anchor)})" for text, anchor in example.steps)
        return f"[{escape_md(example.report.title)}]({report_link(example.report)})的「{escape_md(example.text)}」：{links}"
    if example:
        report, anchor = example.report, example.anchor
        return f"[{escape_md(report.title)}]({report_link(report, anchor)})：{quoted(report, anchor, example.text)}{CUT}"
    for report, review in reviewed:
        if all(f.rule != rule for f in review.findings):
            return f"[{escape_md(report.title)}]({report_link(report)})没有这个问题。"
    return "样例中暂无。"


def required_parts(vocab: Vocab) -> str:
    """What parts the checker requires of which reports, as the 写作自查 page says it (from check.yml's `required`)."""
    return "；".join(
        f"{whose(req, vocab)}要有“{'”“'.join(vocab.role_name(r) for r in req.roles)}”" for req in vocab.check.required
    )


def check_guide(reviewed: Sequence[Reviewed], vocab: Vocab) -> str:
    """The 写作自查 page: how to run the checker, then each rule with a bad and a good example from the corpus."""
    blocks = [
        "---\ntitle: 写作自查\n---",
        "# 写作自查",
        "审稿时常见的退改理由：缺了原因剖析、编号跳号或重复、原因和措施答非所问、问题没有具体事例、"
        "占位符没有替换……写作自查在交稿前把这些找出来。下面逐条说明规则，并从样例中各举一例。",
        checker_block(reviewed, vocab),
        CHECK_USAGE.format(structure=page_link(layout.STRUCTURE)),
        COPIES_USAGE.format(
            stock=f"{copies.STOCK_SHARE:.0%}",
            stock_min=copies.STOCK_MIN,
            grams=copies.MIN_GRAMS,
            gram=copies.GRAM,
            copied=f"{copies.COPIED:.0%}",
        ),
        "## 规则",
    ]
    for rule, about in vocab.check.rules.items():
        samples = reviewed if about.on_samples else ()  # a finding about the copy would quote its residue
        bad = next(((r, f) for r, review in samples for f in review.findings if f.rule == rule), None)
        explain = about.explain.replace(REQUIRED_SLOT, required_parts(vocab))
        lines = [f"### {escape_md(about.name)} {{ #{rule} }}", f"**{SEVERITIES[about.severity]}**　{escape_md(explain)}"]
        if bad:
            report, f = bad
            lines.append(f"- 样例中的问题：[{escape_md(report.title)}]({report_link(report, f.section)})：{escape_md(f.message)}")
        elif about.bad:
            lines.append(f"- 常见的毛病（样例中没有，举例说明）：{escape_md(about.bad)}")
        lines.append(f"- 做得好的：{good_example(rule, reviewed, vocab)}")
        blocks.append("\n\n".join(lines))
    return "\n\n".join(blocks) + "\n"
