"""Report pages: text shown as written, anchors where DESIGN.md puts them, same source → same page."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from mkdocs.utils.meta import get_data

from reportkb import render
from reportkb.annotate import placeholder_spans
from reportkb.build import report_files
from reportkb.check import review

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


def page_of(report, voc) -> str:
    """The page the build writes for a report."""
    return render.render_report(report, voc, review(report, voc))


def as_html(md: str) -> str:
    """The page as MkDocs renders it: front matter taken off, then Markdown."""
    body, _ = get_data(md)
    return markdown.markdown(body, extensions=EXTENSIONS)


def visible_text(rendered: str) -> str:
    return html.unescape(TAG.sub("", rendered))


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_report_text_is_data(line):
    rendered = as_html(render.block(line, "s1-p1", "rk-point"))
    assert visible_text(rendered).strip() == line
    assert not re.search(r"<(script|img|code|em|strong|a|h1|ol|ul|blockquote)\b", rendered)
    assert 'id="s1-p1"' in rendered


def test_placeholders_are_visible_marks():
    text = "在**村、**社区，*区达到*%，xx市XX巡视组，x大类。www.x.cn"
    rendered = as_html(render.block(text, "preamble", "rk-preamble", placeholder_spans(text)))
    marks = re.findall(r'<span class="rk-ph"[^>]*>(.*?)</span>', rendered)
    assert marks == ["**", "**", "*", "*", "xx", "XX", "x"]
    assert visible_text(rendered) == "在**村、**社区，*区达到*%，xx市XX巡视组，x大类。www.x.cn"


@pytest.mark.parametrize("path", report_files(REPORTS), ids=lambda p: p.stem)
def test_every_anchor_is_on_the_page(path, voc):
    report = convert(path, voc)
    page = page_of(report, voc)
    rendered = as_html(page)
    ids = set(re.findall(r'id="([^"]+)"', rendered))
    expected = {n.id for n in report.walk()}
    expected |= {"preamble"} if report.preamble else set()
    expected |= {"closing"} if report.closing else set()
    assert expected <= ids
    assert page_of(convert(path, voc), voc) == page


def test_structure_summary_and_role_badges(voc):
    report = convert(REPORTS / "yingshang-leader-personal.txt", voc)
    rendered = as_html(page_of(report, voc))
    assert '<a href="#s2">二、对照查摆存在的问题不足</a></td>\n<td>存在问题</td>\n<td>5</td>\n<td>15</td>' in rendered
    assert re.search(r'<h2 class="rk-section rk-role-problems" data-role="存在问题" id="s2">', rendered)
    assert '<span class="rk-label">三是</span><abbr title="出自“红红脸、出出汗”：' in rendered
    assert "红脸出汗</abbr>不够到位" in rendered
    assert '<td>理论学习</td>\n<td><a href="#s2-1">（一）</a></td>\n<td><a href="#s3-1">（一）</a></td>' in rendered
    assert '<details class="note rk-findings"><summary>校对提示（24 处）' in rendered  # 30 less 6 placeholders (about the copy)


def test_page_title_is_html_safe_for_the_theme(tmp_path, voc):
    path = tmp_path / "t.txt"
    path.write_text("恶意<b>标题</b>&amp;材料\n\n一、存在问题\n学习不够。\n", encoding="utf-8")
    _, meta = get_data(page_of(convert(path, voc), voc))
    assert meta["title"] == "恶意&lt;b&gt;标题&lt;/b&gt;&amp;amp;材料"
