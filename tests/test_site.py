"""The built site: strict build, every report page with its anchors, nothing loaded from outside."""

from __future__ import annotations

import re

from reportkb.build import report_files

from .conftest import REPORTS

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
LINK = re.compile(r'href="([^"#:]*)(?:#([^"]*))?"')
"""A link within the site: its file (empty: the same page) and anchor."""
ID = re.compile(r'\bid="([^"]+)"')


def test_every_report_has_a_page_with_its_anchors(built_site):
    for path in report_files(REPORTS):
        page = (built_site / "reports" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert 'id="s1"' in page and 'id="preamble"' in page
    index = (built_site / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="yingshang-leader-personal.html"') == 1


def test_nothing_is_loaded_from_outside(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_report_pages_carry_the_chain_and_their_findings(built_site):
    page = (built_site / "reports" / "shenpiju-2022-annual-personal.html").read_text(encoding="utf-8")
    assert '<details class="note rk-findings">' in page
    assert 'href="#s3">二、</a> 编号「二、」重复：前面的「二、重点查找的突出问题」已用过这个编号，请核对编号。</li>' in page
    assert "<th>方面</th>" in page and '<span class="rk-gap">—</span>' in page
    guide = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    assert 'id="numbering-repeat"' in guide and "../reports/shenpiju-2022-annual-personal.html#s3" in guide


def test_every_link_goes_to_a_page_and_an_anchor_on_it(built_site):
    """What MkDocs' validation does for Markdown pages, for every page (report pages are not Markdown)."""
    found = [p.resolve() for p in built_site.rglob("*.html") if "pyodide" not in p.parts and p.name != "404.html"]
    pages = {page: page.read_text(encoding="utf-8") for page in found}  # 404.html links from the server's root
    ids = {page: set(ID.findall(text)) for page, text in pages.items()}
    checked = 0
    for page, text in pages.items():
        for target, anchor in LINK.findall(text):
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.relative_to(built_site)}: {target}"
            if anchor and path.suffix == ".html":
                assert anchor in ids[path], f"{page.relative_to(built_site)}: {target}#{anchor}"
                checked += 1
    assert checked > 1000
