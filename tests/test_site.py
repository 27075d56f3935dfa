"""The built site: strict build, every report page with its anchors, nothing loaded from outside."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reportkb.build import report_files
from reportkb.pipeline import convert_file

from .conftest import REPORTS

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
LINK = re.compile(r'href="([^"#:?]*)(?:\?[^"#]*)?(?:#([^"]*))?"')
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
    assert 'href="#s3">二、</a>：编号「二、」重复：前面的「二、重点查找的突出问题」已用过这个编号，请核对编号。</li>' in page
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


WIDE = "\u2e80-\u9fff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2026"
STRAY_SPACE = re.compile(f".{{0,8}}[{WIDE}][ \\n\\t]+[{WIDE}].{{0,8}}")
"""A space a reader sees between two Chinese characters (a source line break shown as one)."""
BLOCKS = set("p li td th h1 h2 h3 h4 h5 h6 summary dt dd div ul ol table tr label".split())
"""Elements whose edges end a line of text, spaces at them unseen (labels: the filters, items of a flex row)."""


class ShownText(HTMLParser):
    """The text of a page's article, block by block, as a reader sees it (code and scripts left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.article = 0

    def end_block(self) -> None:
        self.blocks.append("".join(self.current).strip())
        self.current = []

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in ("script", "style", "pre", "code", "textarea", "select")
        self.article += tag == "article"
        if tag in BLOCKS or tag == "br":
            self.end_block()

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in ("script", "style", "pre", "code", "textarea", "select")
        self.article -= tag == "article"
        if tag in BLOCKS:
            self.end_block()

    def handle_data(self, data) -> None:
        if self.article and not self.hidden:
            self.current.append(data)


def test_no_stray_space_inside_chinese_text_on_any_page(built_site):
    """Source line breaks of the hand-written pages showed as spaces ("词语， 列出": 6 on the home page,
    26 on 写作自查); generated lists spaced their links with spaces. None is left on any page."""
    found = {}
    for page in built_site.rglob("*.html"):
        if "pyodide" in page.parts:
            continue
        parser = ShownText()
        parser.feed(page.read_text(encoding="utf-8"))
        stray = [m for block in parser.blocks for m in STRAY_SPACE.findall(block)]
        if stray:
            found[page.relative_to(built_site).as_posix()] = stray
    assert found == {}


def test_pages_speak_to_writers_and_are_all_reachable(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "不上传" in home and "写作自查" in home
    assert "reports/</code>" not in home and "手工" not in home  # the maintainers' business is in the README
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', home)
    assert any("aspects/index.html" in a + b for a, b in nav)
    structure = (built_site / "structure" / "index.html").read_text(encoding="utf-8")
    assert "“一、”：5 篇" in structure and "“(一)”（半角括号）" in structure
    downloads = re.findall(r'<a download="([^"]+)" href="skeleton-', structure)
    assert len(downloads) == 4 and all(name.endswith("对照检查材料（骨架）.docx") for name in downloads)
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert glossary.count(">八项规定<") == 0 and "（也写作“八项规定”）" in glossary
    for entry in glossary.split("<h3")[1:]:
        reports = re.findall(r'href="\.\./reports/([^"#]+)', entry)
        assert len(reports) == len(set(reports)), entry[:40]  # each report once under a term
    check = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    assert "preamble" not in re.sub(r"<[^>]+>", "", check.split('class="md-content"')[1])


def test_the_personal_part_side_by_side_shows_the_whole_part(built_site, voc):
    page = (built_site / "compare" / "personal.html").read_text(encoding="utf-8")
    parts = [s for p in report_files(REPORTS) for c in convert_file(p, voc) for s in c.report.sections if s.role == "personal"]
    assert parts and all(line in page for part in parts for line in part.lead.split("\n") if line and "<" not in line)
