"""Reports as people have them: web copies, PDF copies, traditional characters, run-in text,
collections — read right, nothing of the report lost, no residue on any page."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from reportkb import clean, hanzi, vocab
from reportkb.build import report_files
from reportkb.check import review
from reportkb.numbering import match_marker
from reportkb.pipeline import convert_file as convert
from reportkb.text import SENTENCE

from .conftest import REPORTS, ROOT, make_project, mkdocs_build
from .helpers import squeeze

FIXTURES = ROOT / "tests" / "fixtures"
FURNITURE = [
    "某某公文网，欢迎您！",
    "首页 > 范文大全 > 党建材料 >",
    "浏览量：34　发布时间：2026-01-30",
    "作者：佚名　来源：网络",
    "【写作参考】以下是为您精选的范文，喜欢就复制下载吧！",
    "【第一篇】",
    "更多相关范文请访问 www.example.com",
    "https://www.example.com/a/1.html",
    "某某范文网",
]
"""Lines of page furniture in the shapes real copies have."""


def sample_sentences() -> list[str]:
    """Sentences of the sample reports (with their numbering, as they stand in the passages)."""
    out = []
    for path in report_files(REPORTS):
        for conversion in convert(path, VOC):
            for p in conversion.report.passages():
                out += [s for s in re.split(f"(?<={SENTENCE.pattern})", p.text) if len(s) > 4]
    return out


VOC = vocab.load(ROOT / "vocab")
SENTENCES = sample_sentences()


@given(st.lists(st.one_of(st.sampled_from(SENTENCES), st.sampled_from(FURNITURE)), min_size=1, max_size=25))
def test_furniture_removal_never_takes_a_line_of_the_report(lines):
    cleaned = squeeze(clean.clean("\n".join(lines), VOC).text)
    for line in lines:
        if line in SENTENCES or match_marker(line):
            assert squeeze(line) in cleaned, line


CJK_OR_NOT = st.sampled_from(list("第一时间政治敏锐性形式主義已經成為，。：“”aZ19- \u3000"))


@given(st.lists(CJK_OR_NOT, max_size=40).map("".join))
def test_wrap_spaces_are_only_taken_from_between_chinese_characters(text):
    out = clean.CJK_SPACE.sub("", text)
    assert out.replace(" ", "") == text.replace(" ", "")
    for m in clean.CJK_SPACE.finditer(text):
        assert re.match(f"[{clean.CJK}]", text[m.start() - 1]) and re.match(f"[{clean.CJK}]", text[m.end()])


RUN_IN_PIECES = ["一、", "二、", "三、", "（一）", "（二）", "(三)", "一是", "二是", "存在的问题", "在学习方面。", "。", "：",
                 "“一是一、二是二”", "学得不深", "，", "比如"]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from(RUN_IN_PIECES), min_size=1, max_size=30).map("".join), min_size=1, max_size=4))
def test_splitting_run_in_text_and_joining_it_gives_it_back(texts):
    paragraphs = [clean.Paragraph(t, i + 1) for i, t in enumerate(texts)]
    split, changes = clean.split_run_in(paragraphs)
    assert "".join(p.text for p in split) == "".join(texts)
    assert len(split) == len(paragraphs) + len(changes)
    assert all(p.text for p in split)


def test_no_marker_in_quotes_or_in_a_phrase_is_split():
    text = "（一）在作风方面。坚持“一是一、二是二”的作风，二、是说不得的。"
    split, _ = clean.split_run_in([clean.Paragraph(text, 1)])
    assert [p.text for p in split] == [text]


def test_a_web_copy_leaves_no_residue_on_any_page(tmp_path):
    project = make_project(tmp_path, {"web-copy.txt": (FIXTURES / "web-copy.txt").read_bytes()})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "去除网页残留" in result.stderr
    for page in (project / "site").rglob("*"):
        if page.suffix in (".html", ".js"):
            text = page.read_text("utf-8")
            for residue in ("gongwenfanwen", "公文范文库", "喜欢就复制下载", "浏览量：128", "某某励志网", "汇集3篇"):
                assert residue not in text, (page.name, residue)


def test_the_checker_flags_what_a_web_copy_left(voc):
    (conversion,) = convert(FIXTURES / "web-copy.txt", voc)
    residue = [f.message for f in conversion.review.findings if f.rule == "watermark"]
    assert any("www.gongwenfanwen" in m for m in residue) and any("欢迎您" in m for m in residue)


def test_a_collection_becomes_one_page_per_report(tmp_path):
    project = make_project(tmp_path, {"collection.txt": (FIXTURES / "collection.txt").read_bytes()})
    result = mkdocs_build(project, "-v")  # each report's own lines
    assert result.returncode == 0, result.stderr
    assert "collection.txt → collection-1" in result.stderr and "collection.txt → collection-2" in result.stderr
    first = (project / "site" / "reports" / "collection-1.html").read_text("utf-8")
    second = (project / "site" / "reports" / "collection-2.html").read_text("utf-8")
    assert "组织生活会个人检视剖析材料" in first and "党员个人对照检查材料" in second
    assert 'id="s3"' in first and 'id="s3"' in second
    assert "会议：组织生活会" in first


def test_traditional_text_reads_and_checks_like_simplified(tmp_path, voc):
    traditional = (FIXTURES / "traditional.txt").read_text("utf-8")
    (tmp_path / "simplified.txt").write_text(hanzi.simplified(traditional), "utf-8")
    (trad,) = convert(FIXTURES / "traditional.txt", voc)
    (simp,) = convert(tmp_path / "simplified.txt", voc)
    assert trad.report.traditional and not simp.report.traditional
    assert trad.report.meta == simp.report.meta
    assert [(n.id, getattr(n, "role", ""), n.aspects, n.themes) for n in trad.report.walk()] == [
        (n.id, getattr(n, "role", ""), n.aspects, n.themes) for n in simp.report.walk()
    ]
    assert [(f.rule, f.section) for f in trad.review.findings] == [(f.rule, f.section) for f in simp.review.findings]
    assert "存在的主要問題" in trad.report.sections[0].heading  # shown as written


def test_a_glossary_term_in_traditional_text_is_explained(voc):
    from reportkb import render

    (conversion,) = convert(FIXTURES / "traditional.txt", voc)
    page = render.render_report(conversion.report, voc, review(conversion.report, voc))
    assert '<abbr title="领导干部既要抓好' in page and ">一崗雙責</abbr>" in page


def test_reportkb_works_from_any_folder(tmp_path):
    run = [sys.executable, "-m", "reportkb"]
    inside = subprocess.run([*run, "outline", str(FIXTURES / "run-in.txt")], cwd=tmp_path, capture_output=True, text=True)
    assert inside.returncode == 0 and "[s3-2-p2]" in inside.stdout
    (tmp_path / "draft.txt").write_text("某某对照检查材料\n一、存在的问题\n", "utf-8")
    lost = subprocess.run([*run, "check", "draft.txt"], cwd=tmp_path, capture_output=True, text=True)
    assert lost.returncode == 2 and "找不到项目的词表文件夹" in lost.stderr and "Traceback" not in lost.stderr
    told = [*run, "--vocab", str(ROOT / "vocab"), "check", "draft.txt"]
    told = subprocess.run(told, cwd=tmp_path, capture_output=True, text=True)
    assert told.returncode == 1 and "缺少「原因剖析」部分" in told.stdout
