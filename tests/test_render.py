"""Report pages: text shown as written, anchors where DESIGN.md puts them, same source → same page."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import markdown
import pytest

from reportkb import render
from reportkb.annotate import placeholder_spans
from reportkb.build import report_files
from reportkb.check import review
from reportkb.frame import Fragment

from .conftest import REPORTS
from .helpers import convert

EXTENSIONS = ["attr_list", "tables", "toc"]
TAG = re.compile(r"<[^>]+>")
HOSTILE_LINES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "*重点*与**加粗**",
    "`x` 与 ``y``",
    "{#id} 与 {: .cls } 与 {{ config.site_name }}",
    "# 不是标题",
    "[a](b) 与 ![c](d)",
    "1. 不是列表",
    "- 也不是列表",
    "> 不是引用",
    "&amp; 与 &lt; 原样",
    "a_b_c 与 \\ 反斜杠 与 | 竖线 |",
]


def page_of(report, voc) -> Fragment:
    """The page the build writes for a report."""
    written = render.render_report(report, voc, review(report, voc))
    return Fragment.loads(written, Path("page"))


def as_html(md: str) -> str:
    """Markdown of an index page as MkDocs renders it."""
    return markdown.markdown(md, extensions=EXTENSIONS)


def visible_text(rendered: str) -> str:
    return html.unescape(TAG.sub("", rendered))


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_report_text_is_data(line, voc):
    rendered = render.block(line, "s1-p1", "rk-point")
    assert visible_text(rendered) == line
    assert not re.search(r"<(script|img|code|em|strong|a|h1|ol|ul|blockquote)\b", rendered)
    assert 'id="s1-p1"' in rendered
    # in a heading and in the title (the page, its table of contents and the theme's <title>)
    sample = convert(REPORTS / "yingshang-leader-personal.txt", voc)
    part = replace(sample.sections[0], label="", title=line, lead="", children=(), points=())
    page = page_of(replace(sample, title=line, sections=(part,), placeholders={}), voc)
    headings = re.findall(r'<h[12] id="(?:title|s1)"[^>]*>(.*?)<a class="headerlink"', page.body)
    assert [visible_text(h) for h in headings] == [line, line] and not any("<" in h for h in headings)
    assert visible_text(page.toc) == line and html.unescape(page.title) == line
    # in an index page, which is Markdown
    inline = as_html(render.inline_md(line))
    assert visible_text(inline) == line and not re.search(r"<(script|img|code|em|strong|a|h1|ol|ul|blockquote)\b", inline)


def test_placeholders_are_visible_marks():
    text = "在**村、**社区，*区达到*%，xx市XX巡视组，x大类。www.x.cn"
    rendered = render.block(text, "preamble", "rk-preamble", placeholder_spans(text))
    marks = re.findall(r'<span class="rk-ph"[^>]*>(.*?)</span>', rendered)
    assert marks == ["**", "**", "*", "*", "xx", "XX", "x"]
    assert visible_text(rendered) == "在**村、**社区，*区达到*%，xx市XX巡视组，x大类。www.x.cn"


@pytest.mark.parametrize("path", report_files(REPORTS), ids=lambda p: p.stem)
def test_every_anchor_is_on_the_page(path, voc):
    report = convert(path, voc)
    page = page_of(report, voc)
    ids = set(re.findall(r'id="([^"]+)"', page.body))
    expected = {n.id for n in report.walk()}
    expected |= {"preamble"} if report.preamble else set()
    expected |= {"closing"} if report.closing else set()
    assert expected <= ids
    assert page_of(convert(path, voc), voc) == page


def test_structure_summary_and_role_badges(voc):
    report = convert(REPORTS / "yingshang-leader-personal.txt", voc)
    page = page_of(report, voc)
    rendered = page.body
    assert '<a href="#s2">二、对照查摆存在的问题不足</a></td><td>存在问题</td><td>5</td><td>15</td>' in rendered
    role = 'class="rk-section rk-role-problems" data-role="存在问题"'
    assert f'<h2 id="s2" {role}>二、对照查摆存在的问题不足<a class="headerlink"' in rendered
    assert '<a href="#s2-1" class="md-nav__link"><span class="md-ellipsis">（一）在党性意识方面</span></a>' in page.toc
    assert '<span class="rk-label">三是</span><abbr title="出自“红红脸、出出汗”：' in rendered
    assert "红脸出汗</abbr>不够到位" in rendered
    assert '<td>理论学习</td><td><a href="#s2-1">（一）</a></td><td><a href="#s3-1">（一）</a></td>' in rendered
    assert '<details class="note rk-findings"><summary>校对提示（17 处）' in rendered  # 23 less 6 placeholders (about the copy)


def test_page_title_is_html_safe_for_the_theme(tmp_path, voc):
    path = tmp_path / "t.txt"
    path.write_text("恶意<b>标题</b>&amp;材料\n\n一、存在问题\n学习不够。\n", encoding="utf-8")
    assert page_of(convert(path, voc), voc).title == "恶意&lt;b&gt;标题&lt;/b&gt;&amp;amp;材料"
