"""Word in and out: .docx reports read as Word shows them, samples and skeletons exported as official-style .docx."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import assume, given
from hypothesis import strategies as st

from reportkb import docx_write, skeleton, source
from reportkb.build import skeleton_files
from reportkb.check import review
from reportkb.docx_read import format_number
from reportkb.errors import ReportError
from reportkb.model import Report, Section
from reportkb.pipeline import convert as convert_source

from . import wordgen
from .conftest import REPORTS, ROOT, make_project
from .helpers import convert, squeeze, texts
from .test_cli import reportkb

SEEDS = sorted(REPORTS.glob("*.txt"))
A4_POINTS = (595.3, 841.9)
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def headings(report: Report) -> list[tuple[str, str]]:
    return [(node.id, node.heading) for node in report.walk() if isinstance(node, Section)]


def tree(report: Report) -> list[str]:
    """The outline without metadata and warnings (a Word copy carries no front matter, and counts lines by paragraph)."""
    return [line for line in report.pretty().splitlines() if not line.startswith(("meta:", "warning:"))]


def export(path: Path, voc, out: Path) -> Path:
    """A report file's Word copy, written to `out`."""
    out.write_bytes(docx_write.report_docx(convert_source(source.read(path), voc).report, voc))
    return out


# Reading


def test_automatic_numbering_is_rendered_as_word_shows_it(tmp_path, voc):
    report = convert(wordgen.numbering_docx(tmp_path / "numbered.docx"), voc)
    assert headings(report) == [
        ("s1", "一、存在的主要问题"),
        ("s1-1", "（一）理论学习方面"),
        ("s1-2", "（二）工作作风方面"),
        ("s1-2-1", "1．调查研究不够"),
        ("s1-2-2", "2．服务群众不够"),  # continued across a body paragraph
        ("s1-2-3", "1．文山会海"),  # a list restarted with startOverride
        ("s1-2-4", "2．督查检查过多"),
        ("s2", "二、原因剖析"),
        ("s2-1", "（一）理想信念有所弱化"),  # lower levels restart under a new higher level
        ("s3", "三、整改措施"),
        ("s3-1", "（一）加强理论学习"),
        ("s3-1-1", "（1）制定学习计划"),
    ]
    assert [w.rule for w in report.warnings] == ["numbering-repeat", "numbering-repeat"]  # shown, not fixed
    assert Counter(c.kind for c in report.changes)["numbering"] == 12


def test_numbering_given_by_heading_styles(tmp_path, voc):
    report = convert(wordgen.style_numbering_docx(tmp_path / "styles.docx"), voc)
    expected = [("s1", "一、存在的问题"), ("s1-1", "（一）政治建设方面"), ("s1-2", "（二）作风建设方面"), ("s2", "二、整改措施")]
    assert headings(report) == expected
    assert [s.role for s in report.sections] == ["problems", "measures"]


def test_numbering_matches_what_libreoffice_shows(tmp_path, libreoffice):
    files = [wordgen.numbering_docx(tmp_path / "numbered.docx"), wordgen.style_numbering_docx(tmp_path / "styles.docx")]
    libreoffice(files, "txt:Text (encoded):UTF8", tmp_path)
    for path in files:
        ours = [squeeze(line) for line in source.read(path).text.splitlines() if line.strip()]
        theirs = [squeeze(line) for line in path.with_suffix(".txt").read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        assert ours == theirs


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCountingThousand", "十二"),
        (20, "chineseCounting", "二十"),
        (4, "chineseLegalSimplified", "肆"),
        (10, "ideographDigital", "一〇"),
        (2, "ideographTraditional", "乙"),
        (11, "taiwaneseCountingThousand", "十一"),
        (2, "ideographZodiacTraditional", "乙丑"),
        (3, "decimalEnclosedParen", "⑶"),
        (2, "ideographEnclosedCircle", "㈡"),
        (21, "decimalEnclosedCircle", "21"),
        (3, "decimalEnclosedCircle", "③"),
        (7, "decimalFullWidth", "\uff17"),  # full-width 7
        (28, "lowerLetter", "bb"),
        (9, "upperRoman", "IX"),
        (5, "decimalZero", "05"),
        (5, "bullet", ""),
        (6, "someFutureFormat", "6"),
    ],
)
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_tracked_changes_count_as_accepted(tmp_path):
    src = source.read(wordgen.revisions_docx(tmp_path / "revised.docx"))
    lines = [line for line in src.text.splitlines() if line]
    assert lines == [
        "某同志民主生活会对照检查材料",
        "一、存在的主要问题",
        "一是学习不够系统。",
        "二是联系群众不够，深入基层少。三是调研不深。",  # a deleted paragraph mark joins two paragraphs; moved text shows once
        "二、原因剖析",
        "理想信念有所弱化。",
    ]
    assert [c.removed for c in src.changes if c.kind == "revision"] == ["突出", "二是调研不深。"]


def test_page_furniture_stays_out_and_is_reported(tmp_path):
    path = wordgen.furniture_docx(tmp_path / "furniture.docx")
    src = source.read(path)
    for hidden in ("中共某县委办公室", "第 1 页", "这一部分再展开", "内部资料", "隐藏的修改意见", "7"):
        assert hidden not in src.text
    assert "一是学习不够。二是调研不够。" in src.text
    assert {c.kind for c in src.changes} == {"comment", "textbox", "hidden", "field", "footnote"}


def test_heading_styles_give_structure_without_numbers(tmp_path, voc):
    report = convert(wordgen.style_headings_docx(tmp_path / "headings.docx"), voc)
    assert headings(report) == [("s1", "存在的问题"), ("s1-1", "理论学习方面"), ("s2", "原因剖析")]
    assert [s.role for s in report.sections] == ["problems", "causes"]
    assert report.sections[0].children[0].count_points() == 2
    assert not report.warnings


def test_bold_lines_are_headings_and_a_centred_title_is_one_title(tmp_path, voc):
    report = convert(wordgen.bold_headings_docx(tmp_path / "bold.docx"), voc)
    assert report.title == "中共某县委常委班子2022年度民主生活会对照检查材料"
    assert (report.meta.year, report.meta.kind, report.meta.meeting) == (2022, "班子", "年度")
    assert headings(report) == [("s1", "存在的问题"), ("s2", "问题产生的原因")]
    assert "这一点必须引起高度重视。" in report.sections[1].lead  # a bold sentence is emphasis, not a heading
    assert any(c.kind == "unwrap" for c in report.changes)


def test_bold_marks_nothing_where_everything_is_bold(tmp_path, voc):
    doc = Document()
    for text in ("某同志民主生活会对照检查材料", "存在的问题", "学习不够深入，调研不够。", "张三", "以上对照检查，请批评指正。"):
        doc.add_paragraph().add_run(text).bold = True
    doc.save(tmp_path / "all-bold.docx")
    assert not source.read(tmp_path / "all-bold.docx").hints


def test_a_sidecar_gives_metadata(tmp_path, voc):
    path = wordgen.style_headings_docx(tmp_path / "headings.docx")
    sidecar = "title: 某县委常委班子2023年度民主生活会对照检查材料\nyear: 2023\nmeeting: 年度\nunit: 某县委\n"
    path.with_suffix(".yml").write_text(sidecar, "utf-8")
    report = convert(path, voc)
    assert report.title == "某县委常委班子2023年度民主生活会对照检查材料"
    assert (report.meta.year, report.meta.meeting, report.meta.unit) == (2023, "年度", "某县委")


def test_a_bad_sidecar_is_an_error_naming_it(tmp_path, voc):
    path = wordgen.style_headings_docx(tmp_path / "headings.docx")
    path.with_suffix(".yml").write_text("year: 2023\nkind: 个人班子\n", "utf-8")
    with pytest.raises(ReportError) as caught:
        convert(path, voc)
    assert caught.value.path.name == "headings.yml" and "kind" in caught.value.message


BROKEN = {
    "damaged.docx": (b"PK\x03\x04 not really a zip", "已损坏"),
    "locked.docx": (wordgen.OLE_HEADER + "EncryptedPackage".encode("utf-16-le"), "设了打开密码"),
    "renamed.docx": (wordgen.OLE_HEADER + b"WordDocument", "旧版 Word 格式"),
    "old.doc": (wordgen.OLE_HEADER + b"WordDocument", "旧版 Word 格式"),
    "scan.pdf": (b"%PDF-1.4", "PDF 文件已损坏"),
}
"""Files people put in reports/ that cannot be read, with what the error says."""


def test_unreadable_word_files_give_one_clear_line_each(tmp_path):
    reports = {"good.txt": (REPORTS / "xunshi-2021-district-head.txt").read_bytes()}
    reports |= {name: data for name, (data, _) in BROKEN.items()}
    reports["no-body.docx"] = wordgen.zip_of({"[Content_Types].xml": "<Types/>"})
    reports["bad-xml.docx"] = wordgen.zip_of({"word/document.xml": "<w:document"})
    embedded = f'<w:document xmlns:w="{wordgen.W_NS}"><w:body><w:altChunk/></w:body></w:document>'
    reports["embedded.docx"] = wordgen.zip_of({"word/document.xml": embedded})
    reports["~$good.docx"] = b"\x05owner file Word leaves while a document is open"
    reports["orphan.yml"] = "year: 2022\n"
    project = make_project(tmp_path, reports)
    alone = reportkb("build", cwd=project)
    assert alone.returncode == 1 and "Traceback" not in alone.stderr and len(alone.stderr.strip().splitlines()) == 1
    result = reportkb("build", "--keep-going", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for name, (_, message) in BROKEN.items():
        assert re.search(rf"reports/{re.escape(name)}: .*{message}", result.stderr), name
    assert "reports/no-body.docx: 不是 Word 文档" in result.stderr
    assert "reports/bad-xml.docx: Word 文件已损坏（word/document.xml 第 1 行无法解析）" in result.stderr
    assert "reports/orphan.yml: 没有同名的样例文件" in result.stderr
    assert "reports/embedded.docx: 正文是嵌入的其他文档" in result.stderr
    assert "~$good" not in result.stdout + result.stderr
    assert (project / "docs" / "reports" / "good.html").is_file()


# Writing


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory, voc) -> Path:
    out = tmp_path_factory.mktemp("export")
    return export(REPORTS / "shenpiju-2022-annual-personal.txt", voc, out / "sample.docx")


def test_layout_follows_the_official_document_format(sample_docx):
    doc = Document(str(sample_docx))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]

    def east_asian(style) -> str:
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))

    title, normal = doc.styles["Title"], doc.styles["Normal"]
    assert (east_asian(title), title.font.size) == ("方正小标宋简体", Pt(22))
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (east_asian(normal), normal.font.size) == ("仿宋_GB2312", Pt(16))
    assert east_asian(doc.styles["Heading 1"]) == "黑体" and east_asian(doc.styles["Heading 2"]) == "楷体_GB2312"
    spacing = normal.paragraph_format
    assert spacing.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert 22 * spacing.line_spacing <= text_height < 23 * spacing.line_spacing  # 22 lines a page

    paragraphs = doc.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "行政审批局2022年度\n民主生活会个人发言提纲")
    assert [p.text[:2] for p in paragraphs if p.style.name == "Heading 1"] == ["一、", "二、", "二、", "三、", "四、"]
    assert all(p.text.startswith("（") for p in paragraphs if p.style.name == "Heading 2")

    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        (p,) = footer.paragraphs
        assert p.text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_sample_read_back_from_word_has_the_same_outline_and_text(path, voc, tmp_path):
    original = convert_source(source.read(path), voc)
    copy = export(path, voc, tmp_path / "copy.docx")
    again = convert_source(source.read(copy), voc)
    assert tree(again.report) == tree(original.report)
    assert texts(again.report) == texts(original.report)


def test_a_word_report_survives_the_round_trip(tmp_path, voc):
    """Numbers Word generated are typed in the copy; unnumbered headings keep their heading styles."""
    for make in (wordgen.numbering_docx, wordgen.style_headings_docx, wordgen.bold_headings_docx):
        path = make(tmp_path / f"{make.__name__}.docx")
        copy = export(path, voc, tmp_path / f"{make.__name__}-copy.docx")
        assert tree(convert(copy, voc)) == tree(convert(path, voc)), make.__name__


def test_export_is_byte_for_byte_repeatable(voc, tmp_path):
    path = REPORTS / "xunshi-2021-district-head.txt"
    assert export(path, voc, tmp_path / "a.docx").read_bytes() == export(path, voc, tmp_path / "b.docx").read_bytes()


def test_exported_files_open_in_libreoffice_with_the_text_on_a4_pages(voc, tmp_path, libreoffice):
    files = [export(path, voc, tmp_path / f"{path.stem}.docx") for path in SEEDS]
    for name, data in skeleton_files(voc).items():
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    out = tmp_path / "out"
    libreoffice(files, "txt:Text (encoded):UTF8", out)
    libreoffice(files, "pdf", out)
    broken = 0
    for path in files:
        expected = [squeeze(text) for text in texts(convert_source(source.read(path), voc).report)]
        lines = docx_write.title_lines(expected[0], voc.genre.title_breaks, voc.title_words)
        expected[:1] = lines  # the title's lines, broken between words
        text = (out / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
        shown = [squeeze(line) for line in text.splitlines() if line.strip()]
        assert shown == expected, path.name
        boxes = MEDIA_BOX.findall((out / f"{path.stem}.pdf").read_bytes())
        assert boxes and all(abs(float(w) - A4_POINTS[0]) < 1 and abs(float(h) - A4_POINTS[1]) < 1 for w, h in boxes)
        # As LibreOffice lays the page out: the title's lines are ours, none of them wrapped again.
        printed = [squeeze(line) for line in pypdf.PdfReader(out / f"{path.stem}.pdf").pages[0].extract_text().splitlines()]
        assert printed[: len(lines)] == lines, path.name
        broken += len(lines) > 1
    assert broken >= 4  # most samples' and skeletons' titles are longer than a line


def test_a_long_title_breaks_between_words_in_a_trapezoid(voc):
    """GB/T 9704: a title of two or more lines breaks where the words allow (before 民主生活会,
    never inside 对照检查材料 or 巡察整改), its lines growing or shrinking, or longest in the middle."""

    def lines(title: str) -> list[str]:
        return docx_write.title_lines(title, voc.genre.title_breaks, voc.title_words)

    assert lines("局党组2022年民主生活会对照检查材料") == ["局党组2022年民主生活会对照检查材料"]
    county = "县长优化营商环境专项巡察整改民主生活会对照检查材料"
    assert lines(county) == ["县长优化营商环境专项巡察整改", "民主生活会对照检查材料"]
    assert lines("行政审批局2022年度民主生活会个人发言提纲") == ["行政审批局2022年度", "民主生活会个人发言提纲"]
    narrow = "某同志2024年民主生活会个人对照检查材料"  # 19.4 ems: a digit is 0.6 of a character
    assert lines(narrow) == [narrow]
    assert lines("关于落实全面从严治党主体责任情况的对照检查材料") == ["关于落实全面从严治党", "主体责任情况的对照检查材料"]
    three = "中共某某市某某区委员会常务委员会领导班子关于学习贯彻主题教育专题民主生活会对照检查材料"
    assert "".join(lines(three)) == three and len(lines(three)) == 3
    assert all(len(line) <= docx_write.TITLE_CHARS for line in lines(three))
    too_long = three + "（关于某某某某某某某某某某某某某某某某某的说明）"
    assert lines(too_long) == [too_long]  # past three lines a reader would not rejoin it: Word wraps it
    no_words = "甲" * 45
    assert [len(line) for line in lines(no_words)] == [15, 15, 15]  # no word to break at: even lines


# Skeletons


@pytest.mark.parametrize("index", range(4))
def test_each_skeleton_has_the_parts_of_its_meeting_type(index, voc, tmp_path):
    kit = voc.skeletons.types[index]
    path = tmp_path / skeleton.file_name(kit)
    path.write_bytes(skeleton_files(voc)[path.name])
    report = convert(path, voc)  # read back from the Word file
    assert tuple(s.role for s in report.sections) == kit.parts
    assert f"{report.meta.meeting}民主生活会 · " in kit.name and report.meta.kind in kit.name.replace("领导班子", "班子")
    rules = Counter(f.rule for f in review(report, voc).findings)
    assert not rules["missing-part"] and not rules["part-order"]
    assert rules["placeholder"]  # ×× left to fill in
    notes = [s.lead for s in report.sections]
    assert all(note.startswith("（写法提示：") for note in notes)


def test_skeletons_cover_every_meeting_type(voc):
    kinds = {(("年度" in s.name), ("个人" in s.name)) for s in voc.skeletons.types}
    assert kinds == {(True, True), (True, False), (False, True), (False, False)}


def test_word_copies_are_in_the_site(built_site):
    for path in SEEDS:
        page = (built_site / "reports" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert f'href="{path.stem}.docx"' in page and ">下载 Word<" in page
        assert zipfile.is_zipfile(built_site / "reports" / f"{path.stem}.docx")
    guide = (built_site / "structure" / "index.html").read_text(encoding="utf-8")
    for name in re.findall(r'href="(skeleton-[\w-]+\.docx)"', guide):
        assert Document(io.BytesIO((built_site / "structure" / name).read_bytes())).paragraphs
    assert len(set(re.findall(r'href="(skeleton-[\w-]+\.docx)"', guide))) == 4


PARAGRAPH = st.text(alphabet="存在问题原因措施学习调研群众一二三是，。；：、（）“”&<>\"' ab12×*", min_size=1, max_size=40)
MARKERS = st.sampled_from(["", "", "一、", "二、", "（一）", "（二）", "1．", "（1）", "一是"])


@given(st.lists(st.tuples(MARKERS, PARAGRAPH), min_size=2, max_size=12))
def test_any_text_survives_export_and_reading_back(voc, paragraphs):
    text = "\n".join(marker + body for marker, body in paragraphs)
    try:
        original = convert_source(source.Source(Path("draft.txt"), text, 1, "utf-8", wrapped=False), voc)
    except ReportError:
        assume(False)  # nothing but a title: not a report
    data = docx_write.report_docx(original.report, voc)
    again = convert_source(source.word_source(Path("draft.docx"), data, {}), voc)
    assert texts(again.report)[-len(texts(original.report)) :] == texts(original.report)
    assert headings(again.report) == headings(original.report)


def test_a_word_draft_can_be_checked(tmp_path, voc):
    draft = tmp_path / "初稿.docx"
    draft.write_bytes(skeleton_files(voc)["skeleton-annual-personal.docx"])
    result = reportkb("check", str(draft), cwd=ROOT)
    assert result.returncode == 1, result.stderr  # placeholders left: 错误
    assert "四、个人有关事项" in result.stdout and "占位符" in result.stdout


@pytest.fixture(scope="module")
def numbered_parts(tmp_path_factory) -> dict[str, bytes]:
    path = wordgen.numbering_docx(tmp_path_factory.mktemp("parts") / "numbered.docx")
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@given(
    part=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml"]),
    cut=st.tuples(st.floats(0, 1), st.integers(1, 400)),
    flip=st.one_of(st.none(), st.tuples(st.floats(0, 1), st.integers(0, 255))),
)
def test_a_damaged_word_file_is_an_error_naming_it_never_a_crash(numbered_parts, part, cut, flip):
    parts = dict(numbered_parts)
    start = int(cut[0] * len(parts[part]))
    parts[part] = parts[part][:start] + parts[part][start + cut[1] :]
    data = bytearray(wordgen.zip_of({name: data.decode("utf-8", "replace") for name, data in parts.items()}))
    if flip:  # and a byte of the zip itself
        data[int(flip[0] * (len(data) - 1))] = flip[1]
    try:
        source.word_source(Path("damaged.docx"), bytes(data), {})
    except ReportError as error:
        assert error.path == Path("damaged.docx") and error.message


OTHER_PROGRAMS = {
    "web.html": [("s1", "存在的问题"), ("s1-1", "1.学习不够深入。"), ("s1-2", "2.调研不够。"), ("s1-3", "作风方面")],
    "outline.fodt": [
        ("s1", "一、存在的问题"),
        ("s1-1", "（一）理论学习方面"),
        ("s1-2", "（二）作风方面"),
        ("s2", "二、原因剖析"),
    ],
    "lists.fodt": [
        ("s1", "一、存在的问题"),
        ("s1-1", "（一）学习方面"),
        ("s1-1-1", "1．学得不深"),
        ("s1-1-2", "2．用得不够"),
        ("s1-2", "（二）作风方面"),
        ("s1-2-1", "1．调研少"),
        ("s2", "二、原因剖析"),  # a list continued after a paragraph
        ("s3", "一、另起的清单"),  # a new list restarting
        ("s4", "二、第二项"),
    ],
}
"""Reports written elsewhere (a web page; LibreOffice texts with outline numbering on heading styles and
with nested, continued and restarted lists), saved by LibreOffice as .docx with its own styles and numbering."""


@pytest.fixture(scope="module")
def other_programs(tmp_path_factory, libreoffice) -> Path:
    """Every document of OTHER_PROGRAM_SOURCES saved as .docx by LibreOffice, and that .docx as LibreOffice
    shows it (.txt in out/); one LibreOffice run for each, since each start costs seconds."""
    folder = tmp_path_factory.mktemp("other-programs")
    originals = []
    for name, text in wordgen.OTHER_PROGRAM_SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
        originals.append(folder / name)
    libreoffice(originals, "docx:MS Word 2007 XML", folder)
    libreoffice([p.with_suffix(".docx") for p in originals], "txt:Text (encoded):UTF8", folder / "out")
    return folder


@pytest.mark.parametrize("name", OTHER_PROGRAMS)
def test_a_docx_from_another_program_reads_as_that_program_shows_it(name, other_programs, voc):
    path = (other_programs / name).with_suffix(".docx")
    shown = (other_programs / "out" / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
    assert squeeze(source.read(path).text) == squeeze(shown)
    assert headings(convert(path, voc)) == OTHER_PROGRAMS[name]


def test_symbol_font_boxes_and_ticks_are_read_as_characters(tmp_path):
    doc = Document()
    p = doc.add_paragraph("配偶子女经商办企业情况：有")
    for code in ("F0A8", "F0C5"):  # an empty box, then a character no table knows
        p._p.append(wordgen.element(f'<w:r><w:sym w:font="Wingdings" w:char="{code}"/></w:r>'))
    p.add_run(" 无")
    p._p.append(wordgen.element('<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'))
    doc.save(tmp_path / "form.docx")
    src = source.read(tmp_path / "form.docx")
    assert src.text == "配偶子女经商办企业情况：有□ 无☑"
    assert [(c.kind, c.removed) for c in src.changes] == [("symbol", "Wingdings F0C5")]


def test_revisions_and_furniture_from_another_program(other_programs):
    src = source.read(other_programs / "furniture.docx")
    expected = ["某同志民主生活会对照检查材料", "一、存在的主要问题", "一是学习不够。二是调研不够。", "二、整改措施"]
    assert src.text.splitlines() == expected
    left_out = [(c.kind, c.removed) for c in src.changes]
    assert left_out == [("revision", "突出"), ("comment", ""), ("footnote", ""), ("textbox", "内部资料")]
