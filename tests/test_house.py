"""The house: identity by position (never by source line), the model that converts back to its
paragraphs, and hostile inputs that end quickly with one Chinese line."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkb import check, clean, cli, docx_write, outline, pipeline, source
from reportkb.build import report_files
from reportkb.errors import LINES_MAX, TEXT_MAX, ReportError
from reportkb.model import Point, Section

from . import wordgen
from .conftest import REPORTS, ROOT
from .helpers import convert, texts

FIXTURES = ROOT / "tests" / "fixtures"
REPORTKB = (sys.executable, "-m", "reportkb", "--vocab", str(ROOT / "vocab"))
"""The command line, with the project's vocabulary."""
HANG = 60
"""Seconds after which a command that reads a hostile input counts as hung (they take one or two)."""


# ---------------------------------------------------------------- identity by position


def heading_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of the paragraphs of a .docx in a heading style."""
    doc = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_every_heading_split_from_one_paragraph_gets_its_heading_style_in_the_word_copy(voc):
    """run-in.txt holds all its parts in one paragraph: each piece kept the paragraph's source line,
    and the Word copy looked headings up by line, so only the last one was styled."""
    report = convert(FIXTURES / "run-in.txt", voc)
    sections = [node for node in report.walk() if isinstance(node, Section)]
    assert len(sections) == 9
    styled = heading_paragraphs(docx_write.report_docx(report, voc))
    assert len(styled) == len(sections) and all(text.startswith(s.heading) for (_, text), s in zip(styled, sections, strict=True))
    assert [style for style, _ in styled] == [f"Heading {s.depth + 1}" for s in sections]


def test_a_finding_about_a_heading_of_a_run_in_line_is_at_that_heading(voc, tmp_path):
    """（一）…(二)…（三） on one line: the mixed brackets are those of (二), which the finding names."""
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "某某同志2023年度民主生活会个人对照检查材料\n"
        "一、存在的问题\n"
        "（一）学习方面。学得不深。(二)作风方面。调研不多。（三）纪律方面。要求不严。\n"
        "二、原因剖析\n理想信念有所弱化。\n三、整改措施\n加强学习。\n",
        encoding="utf-8",
    )
    (conversion,) = pipeline.convert_file(draft, voc)
    (found,) = [f for f in conversion.review.findings if f.rule == "numbering-brackets"]
    assert (found.section, found.label, found.place) == ("s1-2", "(二)", "一、(二)")
    notice = next(n for n in conversion.report.warnings if n.rule == "numbering-brackets")
    assert notice.anchor == "s1-2"


def test_word_sources_say_paragraph_not_line(voc, tmp_path):
    draft = tmp_path / "初稿.docx"
    draft.write_bytes(
        wordgen.package("".join(wordgen.paragraph(t) for t in ["某某对照检查材料", "一、存在的问题", "一、原因", "学习不够。"]))
    )
    (conversion,) = pipeline.convert_file(draft, voc)
    text = check.as_text(conversion.report, conversion.review, voc)
    assert "第 3 段" in text and "第 3 行" not in text


def sample_and_fixture_reports(voc):
    paths = [*report_files(REPORTS), *sorted(FIXTURES.glob("*.txt")), *sorted(FIXTURES.glob("*.md"))]
    return [c for path in paths for c in pipeline.convert_file(path, voc)]


def test_the_model_gives_back_the_paragraphs_it_was_built_from(voc):
    """For every sample and fixture: the model's paragraphs are the cleaned paragraphs, in order."""
    for path in [*report_files(REPORTS), *sorted(FIXTURES.glob("*.txt"))]:
        src = source.read(path)
        parts = source.split(src, voc.furniture.report_markers)
        for part, conversion in zip(parts, pipeline.convert_file(path, voc), strict=True):
            cleaned = clean.clean(part.text, voc, part.first_line, part.wrapped, part.hints)
            expected = [p.text for p in ((cleaned.title,) if cleaned.title else ()) + cleaned.paragraphs]
            assert texts(conversion.report) == expected, path.name


def test_anchors_are_made_from_position_and_nodes_know_their_place(voc):
    for conversion in sample_and_fixture_reports(voc):
        report = conversion.report
        anchors = [p.anchor for p in report.passages()]
        assert len(anchors) == len(set(anchors)), report.slug
        for section, node in report.walk_in_sections():
            if isinstance(node, Point):
                assert node.section == section.id and node.id.startswith(section.id + "-p")
            else:
                parent = node.id.rsplit("-", 1)[0] if node.depth else ""
                assert node.parent == parent and node.id.count("-") == node.depth


BODY = st.lists(
    st.tuples(
        st.sampled_from(["一、", "二、", "（一）", "（二）", "(三)", "1．", "一是", "二是", "三是", ""]),
        st.text(alphabet="学习不够深入比如我。，：；", min_size=0, max_size=20),
    ),
    min_size=1,
    max_size=12,
)


@given(BODY, st.booleans())
def test_any_text_converts_back_to_its_paragraphs(voc, pieces, run_on):
    """Property: whatever the numbering, headings run on or not, the model's paragraphs are the cleaned ones."""
    joiner = "" if run_on else "\n"
    text = "某某对照检查材料\n" + joiner.join(label + body for label, body in pieces)
    src = source.Source(Path("draft.txt"), text, 1, "utf-8", wrapped=False)
    cleaned = clean.clean(src.text, voc, 1, False)
    try:
        conversion = pipeline.convert(src, voc)
    except ReportError:
        return  # only a title, or nothing left: said in one line
    expected = [p.text for p in ((cleaned.title,) if cleaned.title else ()) + cleaned.paragraphs]
    assert texts(conversion.report) == expected


# ---------------------------------------------------------------- hostile inputs


def numbered_line(markers: int) -> str:
    """One line with `markers` numbering markers (a heading, then （一） over and over)."""
    return "某某对照检查材料\n一、存在的问题。" + "（一）学习。" * markers + "\n"


def text_fitting(head: str, unit: str) -> str:
    """`head`, then `unit` repeated to a fifth of the size limits (enough for a cost that grows with the
    square of the size to take minutes, as the run-in split's did)."""
    count = min((TEXT_MAX // 5 - len(head)) // len(unit), LINES_MAX // 5 // max(unit.count("\n"), 1))
    return head + unit * count + "\n"


HOSTILE = {
    "huge-numbering.docx": wordgen.huge_numbering_docx,
    "deep-content.docx": wordgen.deep_docx,
    "deep-runs.docx": wordgen.deep_runs_docx,
    "bad-symbol.docx": wordgen.bad_symbol_docx,
    "zip-bomb.docx": lambda: wordgen.zip_bomb_docx(2**26),
    "many-paragraphs.docx": lambda: wordgen.package("<w:p/>" * (LINES_MAX + 10)),
    "five-megabytes-of-markers.txt": lambda: numbered_line(300_000).encode(),
    "markers-under-the-limit.txt": lambda: text_fitting("某某对照检查材料\n一、存在的问题。", "（一）学习。").encode(),
    "points-under-the-limit.txt": lambda: text_fitting("某某对照检查材料\n一、问题\n", "一是学习。二是作风。").encode(),
    "words-broken-by-blank-lines.txt": lambda: text_fitting("某某对照检查材料\n", "贯\n\n彻\n").encode(),
    "quoted-markers.txt": lambda: text_fitting("某某对照检查材料\n一、问题。", "“二、”（一）x。").encode(),
    "headings-under-the-limit.txt": lambda: text_fitting("某某对照检查材料\n", "一、问题\n（一）学习\n").encode(),
}
"""Files that took minutes or gigabytes, or showed a library's English, before issue 21."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, make in HOSTILE.items():
        (folder / name).write_bytes(make())
    return folder


ENGLISH = ("Traceback", "Error", "error:", "recursion", "invalid literal", "exceeded", "object", "Errno")
"""What a library's message would show."""


def one_chinese_line_or_a_report(result: subprocess.CompletedProcess) -> None:
    """A command ended with a report (exit 0 or 1) or one line on stderr in Chinese naming the file."""
    assert not any(word in result.stderr for word in ENGLISH), result.stderr[-500:]
    if result.returncode in (0, 1) and not result.stderr:
        return
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.stderr[-500:]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_inputs_end_with_one_chinese_line_or_a_report(hostile, name, capsys):
    for command in ("outline", "check"):
        status = cli.main(["--vocab", str(ROOT / "vocab"), command, str(hostile / name)])
        said = capsys.readouterr()
        one_chinese_line_or_a_report(subprocess.CompletedProcess([command], status, said.out, said.err))


BUILT = ("deep-content.docx", "zip-bomb.docx", "five-megabytes-of-markers.txt", "bad-symbol.docx", "quoted-markers.txt")
"""The hostile files a build is tried with: three refused, two read."""


def test_a_build_with_hostile_files_names_each_and_builds_the_rest(hostile, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in BUILT:
        (reports / name).write_bytes((hostile / name).read_bytes())
    (reports / "sample.txt").write_bytes((REPORTS / "yingshang-leader-personal.txt").read_bytes())
    cache = tmp_path / "cache"
    result = subprocess.run(
        [*REPORTKB, "build", "--keep-going", "--reports", str(reports), "--docs", str(tmp_path / "docs"), "--cache", str(cache)],
        capture_output=True,
        text=True,
        timeout=HANG * 3,
        check=False,
    )
    assert (tmp_path / "docs" / "reports" / "sample.html").is_file()
    assert "Traceback" not in result.stderr
    skipped = {Path(line.strip().split(":")[0]).name for line in result.stderr.splitlines() if line.startswith("  ")}
    assert skipped == {"deep-content.docx", "zip-bomb.docx", "five-megabytes-of-markers.txt"}


def test_outline_stops_at_more_nodes_than_a_report_has(voc):
    text = "某某对照检查材料\n一、问题\n" + "一是学习。二是作风。" * outline.NODES_MAX + "\n"
    with pytest.raises(ReportError, match="个以上的编号标题和要点"):
        pipeline.convert(source.Source(Path("many.txt"), text, 1, "utf-8"), voc)


# ---------------------------------------------------------------- whatever the bytes


def sample_word_copy(voc) -> bytes:
    return docx_write.report_docx(convert(REPORTS / "yingshang-leader-personal.txt", voc), voc)


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".docx"]))
def test_random_bytes_are_read_or_refused_in_one_line(voc, tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        pipeline.convert_file(path, voc)
    except ReportError as error:
        assert len(error.lines()) == 1 and not error.message.isascii()


@settings(max_examples=25)
@given(st.data())
def test_truncated_and_damaged_word_files_are_refused_in_one_line(voc, tmp_path, data):
    whole = sample_word_copy(voc)
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 1))
    flips = data.draw(st.lists(st.integers(min_value=0, max_value=len(whole) - 1), max_size=3))
    damaged = bytearray(whole[:cut] if data.draw(st.booleans()) else whole)
    for at in flips:
        if at < len(damaged):
            damaged[at] ^= 0xFF
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(damaged))
    try:
        pipeline.convert_file(path, voc)
    except ReportError as error:
        assert len(error.lines()) == 1 and "Word" in error.message


@settings(max_examples=30)
@given(st.text(alphabet="一二三四五六七八九十、（）()是学。，：“”\n", min_size=1000, max_size=20_000))
def test_giant_lines_of_markers_are_read(voc, text):
    src = source.Source(Path("giant.txt"), "某某对照检查材料\n" + text.replace("\n", "", text.count("\n") // 2), 1, "utf-8")
    try:
        pipeline.convert(src, voc)
    except ReportError as error:
        assert not error.message.isascii()


def test_a_zip_bomb_is_refused_after_reading_no_more_than_the_limit(voc, tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(wordgen.zip_bomb_docx(2**26 + 2**24))
    with pytest.raises(ReportError, match="解压后超过"):
        source.read(path)


def test_word_numbering_past_what_word_shows_is_written_in_digits(voc, tmp_path):
    path = tmp_path / "numbering.docx"
    path.write_bytes(wordgen.huge_numbering_docx())
    src = source.read(path)
    assert "2000000000.存在的问题" in src.text and len(src.text) < 200


def test_a_damaged_zip_inside_says_what_is_wrong_in_chinese(voc, tmp_path):
    whole = bytearray(sample_word_copy(voc))
    with zipfile.ZipFile(io.BytesIO(bytes(whole))) as package:
        info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    whole[start : start + 40] = b"\x00" * 40  # the deflated document, damaged
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(whole))
    with pytest.raises(ReportError) as caught:
        source.read(path)
    assert "Word 文件已损坏（压缩数据已损坏）" in caught.value.message or "无法解析" in caught.value.message
