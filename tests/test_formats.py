"""Files as keepers receive them: a PDF, saved web pages (a site's page, a WeChat article, one saved as
a single .mhtml file), an old Word file. Each is read to the same paragraphs as the report's text,
with the site's furniture gone and recorded; what cannot be read is one Chinese line."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from reportkb import clean, office, pipeline, source
from reportkb.annotate import title_scores
from reportkb.errors import ReportError
from reportkb.model import ChangeKind

from .conftest import ROOT
from .helpers import texts

FIXTURES = ROOT / "tests" / "fixtures"
FILES = FIXTURES / "files"
REFERENCE = FIXTURES / "eco-bureau-2025.txt"
"""The report as its writer typed it; every file in files/ is this report as a keeper got it."""


def paragraphs(path: Path, voc) -> list[str]:
    (conversion,) = pipeline.convert_file(path, voc)
    return texts(conversion.report)


@pytest.mark.parametrize("name", ["pdf-export.pdf", "saved-page.html", "saved-page-single.mhtml", "wechat-article.html"])
def test_each_format_reads_to_the_reports_own_paragraphs(voc, name):
    """Title, parts, points and closing exactly as typed: no banner, breadcrumb, blurb, login prompt,
    disclaimer, related list or QR-code line left, no page header or footer, no line left broken."""
    assert paragraphs(FILES / name, voc) == paragraphs(REFERENCE, voc)


def test_what_was_left_out_of_a_page_is_recorded(voc):
    (conversion,) = pipeline.convert_file(FILES / "wechat-article.html", voc)
    removed = [c.removed for c in conversion.report.changes if c.kind == ChangeKind.FURNITURE]
    assert any("关注" in r for r in removed) and any("侵权" in r for r in removed) and any("推荐阅读" in r for r in removed)
    assert any(c.kind == ChangeKind.WEB_PAGE for c in conversion.report.changes)
    assert conversion.report.unit == "段"
    (pdf,) = pipeline.convert_file(FILES / "pdf-export.pdf", voc)
    running = [c.removed for c in pdf.report.changes if c.kind == ChangeKind.RUNNING]
    assert running.count("市生态环境局党组") == 2 and not [c for c in pdf.report.changes if c.kind == ChangeKind.FURNITURE]
    assert not [f for f in pdf.review.findings if f.rule == "watermark"], "a PDF's page header is no site's residue"


def test_old_word_without_libreoffice_says_how_to_save_it(monkeypatch, tmp_path):
    monkeypatch.setenv(office.ENVIRONMENT, str(tmp_path / "no-libreoffice"))
    with pytest.raises(ReportError, match=r"需要 LibreOffice.*另存为”Word 文档（\.docx）"):
        source.read(FILES / "old-word.doc")


def test_old_word_through_libreoffice(voc, libreoffice, tmp_path):
    """A .doc as Word 97 saves it reads as the report (a .wps or .rtf takes the same way, by LibreOffice)."""
    assert paragraphs(FILES / "old-word.doc", voc) == paragraphs(REFERENCE, voc)


def test_a_scan_and_a_damaged_pdf_are_one_line_each(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)  # pages with no text on them, as a scan's (its images aside)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as out:
        writer.write(out)
    with pytest.raises(ReportError, match="没有文字层"):
        source.read(scan)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes((FILES / "pdf-export.pdf").read_bytes()[:3000])
    with pytest.raises(ReportError) as caught:
        source.read(damaged)
    assert caught.value.message.startswith("PDF") and caught.value.message.isascii() is False


def test_a_page_without_an_article_is_one_line(voc, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>某某范文网</title></head><body><script>var a = 1;</script></body></html>", "utf-8")
    with pytest.raises(ReportError, match="没能从网页中找到正文"):
        source.read(page)
    nav = tmp_path / "nav.html"
    nav.write_text("<html><head><title>某某范文网</title></head><body><div class='nav'>首页</div></body></html>", "utf-8")
    with pytest.raises(ReportError) as caught:
        pipeline.convert_file(nav, voc)
    assert len(caught.value.lines()) == 1 and not caught.value.message.isascii()


def test_pdf_radicals_are_read_as_the_ideographs_and_recorded(voc, tmp_path):
    """Text out of many PDFs has Kangxi and supplement radicals for ideographs: ⽣ ⼦ ⺠ ⼀."""
    copy = tmp_path / "radicals.txt"
    copy.write_text("市⽣态环境局领导班⼦2025年度⺠主⽣活会对照检查材料\n⼀、存在的主要问题\n学习不够深⼊。\n", "utf-8")
    (conversion,) = pipeline.convert_file(copy, voc)
    report = conversion.report
    assert report.title == "市生态环境局领导班子2025年度民主生活会对照检查材料"
    assert (report.meta.kind, report.meta.year, report.meta.meeting) == ("班子", 2025, "年度")
    assert [s.heading for s in report.sections] == ["一、存在的主要问题"]
    radicals = "".join(c.removed for c in report.changes if c.kind == ChangeKind.RADICAL)
    assert radicals == "⽣⼦⺠⽣⼀⼊"


def test_a_word_sidecar_also_serves_a_pdf_or_a_page(voc, tmp_path):
    shutil.copy(FILES / "saved-page.html", tmp_path / "page.html")
    (tmp_path / "page.yml").write_text("unit: 市生态环境局\nthemes: [生态环保]\n", "utf-8")
    (conversion,) = pipeline.convert_file(tmp_path / "page.html", voc)
    assert conversion.report.meta.unit == "市生态环境局" and conversion.report.meta.themes == ("生态环保",)


def test_the_checker_bundle_reads_pdf(tmp_path):
    """写作自查 in the browser reads a PDF with the same reader: pypdf and the radicals' table are in its bundle."""
    from reportkb import runtime

    names = zipfile.ZipFile(__import__("io").BytesIO(runtime.bundle(ROOT / "vocab"))).namelist()
    assert "pypdf/__init__.py" in names and "reportkb/data/EquivalentUnifiedIdeograph.txt" in names


RESIDUE = ("范文网", "小编", "登录", "侵权", "上一篇", "相关推荐", "浏览次数", "提纲", "精选5篇", "相互批评意见100条")
"""What of web-copy-shapes.txt's furniture must not be left anywhere in the report."""


def test_a_web_copy_in_the_shapes_real_pages_have_comes_out_clean(voc):
    """A breadcrumb that starts with the site's name, the site's 【提纲】 summary, a 小编 blurb, the title
    wrapped after 对照检 and repeated, a view count without its number, 1、 parts run into their part's
    heading, a login prompt cutting a word in two, a disclaimer, the previous and next articles, a list
    of related ones."""
    (conversion,) = pipeline.convert_file(FIXTURES / "web-copy-shapes.txt", voc)
    report = conversion.report
    assert report.title == "县财政局局长2025年度民主生活会个人对照检查材料"
    assert (report.meta.kind, report.meta.year, report.meta.meeting) == ("个人", 2025, "年度")
    text = "\n".join(texts(report))
    assert not [word for word in RESIDUE if word in text]
    assert [s.heading for s in report.sections[0].children] == [
        "1、理论学习不够深入。",
        "2、工作作风不够扎实。",
        "3、防范化解风险不够有力。",
    ]
    assert "学思用贯通、知信行统一。" in text and "应对风险。2025年以来" in text
    assert report.closing == "以上是我的对照检查，请各位同志批评指正。"


def test_a_site_outline_above_the_title_without_its_tag_is_no_title(voc, tmp_path):
    """The site's outline of the article (markers of several parts in one line) above the title is taken
    out and recorded; it does not end the search for the title, nor become five parts."""
    copy = tmp_path / "outline-above.txt"
    outline = "一、存在的主要问题。(一)理论学习方面。(二)工作作风方面。二、原因分析。三、整改措施。"
    copy.write_text(
        f"某某范文网\n{outline}\n县财政局局长2025年度民主生活会个人对照检查材料\n现将个人对照检查情况报告如下：\n"
        "一、存在的主要问题\n（一）理论学习方面。一是学得不深。二是用得不够。\n二、原因分析\n理想信念有所松懈。\n"
        "三、整改措施\n加强学习。\n以上对照检查，请批评指正。\n",
        "utf-8",
    )
    (conversion,) = pipeline.convert_file(copy, voc)
    assert conversion.report.title == "县财政局局长2025年度民主生活会个人对照检查材料"
    assert [s.label for s in conversion.report.sections] == ["一、", "二、", "三、"]
    assert outline in [c.removed for c in conversion.report.changes if c.kind == ChangeKind.FURNITURE]


def test_a_copy_that_begins_in_the_middle_of_a_list_keeps_its_points(voc):
    """一是…二是… before any heading: the end of a part whose heading the copy lost. Its points are points
    of a part without a heading (its role from what they say), not opening text; the page says the
    heading is missing, the Word copy has no empty heading."""
    (conversion,) = pipeline.convert_file(FIXTURES / "mid-list.txt", voc)
    report = conversion.report
    first = report.sections[0]
    assert (first.label, first.title, first.role) == ("", "", "problems")
    assert [p.label for p in first.points] == ["一是", "二是", "三是"] and report.preamble == ""
    assert report.places()[first.id] == "（开头缺失的部分）"
    assert texts(report)[1].startswith("一是理论学习不够系统。")


@pytest.mark.parametrize("name", ["pdf-export.pdf", "saved-page.html", "saved-page-single.mhtml", "wechat-article.html"])
def test_cleaning_what_a_file_gives_is_idempotent_and_loses_nothing_unrecorded(voc, name):
    """The new readers' text goes through the same cleaning: cleaning it twice changes nothing more, and
    every character is in the cleaned text or in a recorded change."""
    src = source.read(FILES / name)
    once = clean.clean(src.text, voc, src.first_line, src.wrapped, src.hints)
    twice = clean.clean(once.text, voc)
    assert twice.text == once.text
    removed = "".join(c.removed for c in once.changes)  # (what the reader left out of src.text is in src.changes)
    kept = "".join(ch for ch in once.text if not ch.isspace())
    assert len("".join(src.text.split())) == len(kept) + len("".join(removed.split()))


def test_a_headings_role_scores_are_not_changed_by_what_a_part_adds(voc):
    """The heading's role scores are cached: what one part adds to them (its subsections' votes, its text)
    never reaches the next heading of the same words."""
    scores = title_scores("个人剖析对照检查情况", voc)
    scores["problems"] += 10
    assert title_scores("个人剖析对照检查情况", voc) == {"causes": 1}
    roles = [s.role for c in pipeline.convert_file(FIXTURES / "roles-by-evidence.txt", voc) for s in c.report.sections]
    assert roles == ["problems", "measures", "causes", "measures"]
