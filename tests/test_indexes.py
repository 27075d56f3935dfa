"""Pages over the corpus: the right counts, every link landing on an anchor, a removed report gone
from every index, glossary explanations on hover."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from reportkb import indexes
from reportkb.build import report_files
from reportkb.layout import GENERATED

from .conftest import REPORTS, make_project, mkdocs_build
from .helpers import convert
from .test_browser import watched_page


class Links(HTMLParser):
    """The ids and the links of a page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def table_rows(page: Path) -> dict[str, list[str]]:
    """First cell → the other cells, of every table row, as text."""
    html = page.read_text(encoding="utf-8")
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_every_theme_aspect_and_role_with_its_count(built_site, voc):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    themes = table_rows(built_site / "themes" / "index.html")
    for theme in voc.themes:
        assert themes[theme.name][1] == str(sum(theme.name in r.meta.themes for r in reports)), theme.name
    assert themes["巡视整改"][1] == "3" and themes["营商环境"][1] == "2"
    aspects = table_rows(built_site / "aspects" / "index.html")
    for aspect in voc.aspects:
        by_role = [
            sum(aspect.name in c.aspects for r in reports for s in r.sections if s.role == role for c in s.children)
            + sum(
                aspect.name in {a.name for a in voc.aspects if any(k in p.headline for k in a.keywords)}
                for r in reports
                for s in r.sections
                if s.role == role and not s.children
                for p in s.points
            )
            for role in ("problems", "causes", "measures")
        ]
        assert aspects[aspect.name] == [str(n) for n in by_role], aspect.name
    structure = table_rows(built_site / "structure" / "index.html")
    for role, count in {"存在问题": 5, "原因剖析": 5, "整改措施": 5, "整改落实": 2, "个人事项": 1}.items():
        assert structure[role][1].startswith(f"{count} 篇"), role
    matrix = table_rows(built_site / "compare" / "index.html")
    assert matrix["行政审批局2022年度民主生活会个人发言提纲"] == ["一、", "二、", "二、", "三、", "四、"]
    assert matrix["局党组2022年民主生活会对照检查材料"] == ["—", "一、", "二、", "—", "三、"]


def test_every_link_lands_on_an_existing_anchor(built_site):
    pages = {p: parse(p) for p in built_site.rglob("*.html")}
    followed = 0
    for page, links in pages.items():
        if page.name == "404.html":  # served from anywhere, so its links start at the site root
            continue
        for href in links.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".docx":  # a Word copy or skeleton to download
                assert target.is_file(), f"{page.relative_to(built_site)}: {href} is missing"
                continue
            assert target in pages, f"{page.relative_to(built_site)}: {href} has no page"
            if parts.fragment:
                assert parts.fragment in pages[target].ids, f"{page.relative_to(built_site)}: {href} has no anchor"
            followed += 1
    assert followed > 500


def test_a_removed_report_is_gone_from_every_index(tmp_path):
    project = make_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    assert "xunshi-2021-district-head" in (project / "docs" / "compare" / "index.md").read_text(encoding="utf-8")
    (project / "reports" / "xunshi-2021-district-head.txt").unlink()
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for folder in GENERATED:
        for page in (project / "docs" / folder).iterdir():
            if page.suffix in (".docx", ".zip"):
                assert "xunshi-2021-district-head" not in page.name
                continue
            text = page.read_text(encoding="utf-8")
            assert "xunshi-2021-district-head" not in text and "2021年巡视反馈意见整改" not in text, page
    assert not (project / "site" / "reports" / "xunshi-2021-district-head.html").exists()


def test_hovering_a_glossary_term_shows_its_explanation(browser, built_site, serve, voc):
    base = serve(built_site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "reports/ju-dangzu-2022-team.html#s1-5-p1")
        term = page.locator("#s1-5-p1 abbr", has_text="一岗双责").first
        term.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for()
        assert tip.inner_text() == voc.glossary["一岗双责"]
        page.goto(base + "glossary/index.html")
        assert "ju-dangzu-2022-team.html#s1-5-p1" in page.content()
    assert problems == []


@pytest.mark.parametrize("name", ["themes/yingshang.html", "aspects/lilun.html", "compare/causes.html", "structure/index.html"])
def test_corpus_pages_link_back_to_passages(built_site, name):
    links = parse(built_site / name).links
    assert any(re.search(r"reports/[a-z0-9-]+\.html#(s\d|preamble|closing)", h) for h in links), name


def test_a_comparison_page_sets_side_by_side_at_most_its_limit(voc, monkeypatch):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    monkeypatch.setattr(indexes, "COMPARE_LIMIT", 2)
    pages = indexes.compare_pages(reports, voc)
    for name in ("compare/index.md", "compare/problems.md"):
        assert f"样例共 {len(reports)} 篇，这里列出前 2 篇" in pages[name] and "../phrases/index.md" in pages[name]
        shown = set(re.findall(r'href="\.\./reports/([^".#]+)\.html', pages[name]))
        assert shown == {r.slug for r in reports[:2]}
