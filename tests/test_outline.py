"""The outline: golden snapshots of every report, and the invariants on any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportkb import clean, office, outline, pipeline, source, vocab
from reportkb.build import report_files
from reportkb.model import Section

from .conftest import REPORTS, ROOT
from .helpers import convert, squeeze

VOC = vocab.load(ROOT / "vocab")
GENRE = VOC.genre

GOLDEN = ROOT / "tests" / "golden"
ANCHOR = re.compile(r"^s\d+(?:-\d+)*(?:-p\d+)?$")
REPORT_FILES = report_files(REPORTS)
FIXTURE_FILES = report_files(ROOT / "tests" / "fixtures") + [
    p for p in report_files(ROOT / "tests" / "fixtures" / "files") if p.suffix not in office.SUFFIXES
]
"""Files as people have them: a Word export in GBK with CRLF, Markdown with front matter, a PDF copy; a
PDF, saved web pages and a WeChat article (files/; the old Word file needs LibreOffice: test_formats)."""


def golden_name(path) -> str:
    return (
        path.stem
        if path.parent == REPORTS
        else f"fixture-{path.stem}" + (path.suffix.replace(".", "-") if path.parent.name == "files" else "")
    )


def parse(text: str):
    return outline.parse(clean.clean(text, VOC), VOC.genre)


def all_ids(sections) -> list[str]:
    ids = []
    for s in sections:
        ids.append(s.id)
        ids.extend(p.id for p in s.points)
        ids.extend(all_ids(s.children))
    return ids


def rebuilt(tree) -> str:
    """Every piece of an outline in reading order, the way Report.pieces() gives them."""
    out = [tree.title_line, tree.preamble]

    def visit(s: Section):
        out.extend([s.heading, s.lead, *(p.text for p in s.points)])
        for c in s.children:
            visit(c)

    for s in tree.sections:
        visit(s)
    out.append(tree.closing)
    return "".join(out)


@pytest.mark.parametrize("path", REPORT_FILES + FIXTURE_FILES, ids=golden_name)
def test_golden_outline(path, voc, request):
    """`pytest --update-golden` rewrites these after a deliberate change; read the diff."""
    pretty = "\n".join(c.report.pretty() for c in pipeline.convert_file(path, voc))  # each report of a collection
    golden = GOLDEN / f"{golden_name(path)}.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(pretty, encoding="utf-8")
    assert golden.is_file(), f"no snapshot for {path.name}: run pytest --update-golden"
    assert pretty == golden.read_text(encoding="utf-8")


def test_every_golden_snapshot_has_its_report():
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(map(golden_name, REPORT_FILES + FIXTURE_FILES))


@pytest.mark.parametrize("path", REPORT_FILES + FIXTURE_FILES, ids=golden_name)
def test_outline_keeps_every_character_and_ids_are_unique(path, voc):
    parts = source.split(source.read(path), voc.furniture.report_markers)
    reports = [c.report for c in pipeline.convert_file(path, voc)]
    assert len(reports) == len(parts)
    for src, report in zip(parts, reports, strict=True):
        cleaned = clean.clean(src.text, voc, src.first_line, src.wrapped, src.hints)
        assert squeeze("".join(report.pieces())) == squeeze(cleaned.text)
        ids = [n.id for n in report.walk()]
        assert len(ids) == len(set(ids))
        assert all(ANCHOR.match(i) for i in ids)
    assert [c.report for c in pipeline.convert_file(path, voc)] == reports


def test_repeated_part_number_is_kept_and_warned(voc):
    report = convert(REPORTS / "shenpiju-2022-annual-personal.txt", voc)
    assert [s.label for s in report.sections] == ["一、", "二、", "二、", "三、", "四、"]
    assert [s.id for s in report.sections] == ["s1", "s2", "s3", "s4", "s5"]
    assert [s.role for s in report.sections] == ["rectification", "problems", "causes", "personal", "measures"]
    assert [(w.line, w.message) for w in report.warnings] == [
        (26, "编号「二、」重复：前面的「二、重点查找的突出问题」已用过这个编号")
    ]


def test_vague_title_takes_its_role_from_the_children(voc):
    first = convert(REPORTS / "yingshang-leader-personal.txt", voc).sections[0]
    assert first.title == "个人有关情况说明"
    assert first.role == "rectification"


def test_heading_as_first_sentence_of_a_paragraph(voc):
    section = convert(REPORTS / "yingshang-xuncha-county-head.txt", voc).sections[0].children[0]
    assert section.heading == "（一）在提高政治站位，深入学习研究，重视问题整改方面。"
    assert section.lead == ""
    assert [p.label for p in section.points] == ["一是", "二是", "三是", "四是"]
    assert section.points[2].headline == "服务意识提升的不够快。"
    assert section.points[0].signals.example and section.points[0].signals.figures


def test_bold_heading_with_colon_runs_on_into_the_body(voc):
    section = convert(REPORTS / "yingshang-leader-personal.txt", voc).sections[0].children[0]
    assert section.heading == "(一)2021年度民主生活会整改措施落实情况："
    assert section.lead.startswith("共查摆出x大类x个问题")


def test_points_on_their_own_lines_and_lead_before_them():
    tree = parse("标题\n\n三、整改措施\n针对问题，制定措施如下：\n一是补钙。\n　二是铸魂。\n三是提能。\n")
    (section,) = tree.sections
    assert section.lead == "针对问题，制定措施如下："
    assert [(p.id, p.label, p.text) for p in section.points] == [
        ("s1-p1", "一是", "一是补钙。"),
        ("s1-p2", "二是", "二是铸魂。"),
        ("s1-p3", "三是", "三是提能。"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "（一）学习方面。二是学得少。三是用得少。",  # no 一是
        "（一）学习方面。一是学得少，用得少。",  # a lone 一是
        "（一）学习方面。我一是一，二是二。",  # not at a sentence start
    ],
)
def test_only_a_real_sequence_starting_at_yishi_makes_points(body):
    (section,) = parse("标题\n\n" + body).sections
    assert section.points == ()


def test_deeper_numbering_nests():
    tree = parse("标题\n\n一、问题\n（一）学习方面\n1．理论学习\n（1）学得少。比如…\n①其一\n（2）用得少。\n2．实践\n二、原因\n")
    ids = all_ids(tree.sections)
    assert ids == ["s1", "s1-1", "s1-1-1", "s1-1-1-1", "s1-1-1-1-1", "s1-1-1-2", "s1-1-2", "s2"]
    assert tree.sections[0].children[0].children[0].children[1].heading == "（2）用得少。"


def test_numbering_gaps_are_warned_not_fixed():
    tree = parse("标题\n\n一、问题\n三、原因\n（一）甲\n（一）乙\n")
    assert [s.label for s in tree.sections] == ["一、", "三、"]
    assert [w.message for w in tree.warnings] == [
        "编号不连续：此处应为第 2 项，写的是「三、」",
        "编号「（一）」重复：前面的「（一）甲」已用过这个编号",
    ]


def test_preamble_and_closing():
    tree = parse("某某对照检查材料\n\n按照要求，现报告如下：\n一、问题\n正文。\n以上是我的发言，敬请各位同志批评指正。\n张三\n")
    assert tree.title_line == "某某对照检查材料"
    assert tree.preamble == "按照要求，现报告如下："
    assert tree.closing == "以上是我的发言，敬请各位同志批评指正。\n张三"


def test_first_line_that_is_not_a_title(tmp_path, voc):
    path = tmp_path / "no-title.txt"
    path.write_text("按照要求，现报告如下：\n一、存在问题\n学习不够。\n", encoding="utf-8")
    report = convert(path, voc)
    assert report.title == "no-title"
    assert report.preamble == "按照要求，现报告如下："
    assert "没有像标题的一行" in report.warnings[0].message


PIECES = [
    "一、", "二、", "三、", "（一）", "(二)", "（三）", "1．", "2.", "（1）", "一是", "二是", "三是", "四是", "学习不深", "。",
    "，", "：", "比如", "\n", "\n", "\n", "①", "②", "以上发言，请批评指正。", "{#s1}", "*", "xx", "十一、", "二十是",
]  # fmt: skip
reports_text = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@given(reports_text)
def test_any_input_keeps_text_and_gets_unique_positional_ids(text):
    cleaned = clean.clean(text, VOC)
    tree = outline.parse(cleaned, GENRE)
    assert squeeze(rebuilt(tree)) == squeeze(cleaned.text)
    ids = all_ids(tree.sections)
    assert len(ids) == len(set(ids))
    assert all(ANCHOR.match(i) for i in ids)
    assert outline.parse(cleaned, GENRE) == tree
