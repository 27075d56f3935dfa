"""The command line: what it prints, what it writes, and how it fails."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportkb import build as build_mod

from .conftest import REPORTS, ROOT, make_project, mkdocs_build


def reportkb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportkb", *args], cwd=cwd, capture_output=True, text=True, check=False)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_prints_what_it_cleaned_and_never_touches_reports(tmp_path):
    project = make_project(tmp_path)
    before = tree_digest(project / "reports")
    result = reportkb("build", cwd=project)
    assert result.returncode == 0, result.stderr
    # quiet by default: the notices (naming their file) and a summary, no line per report
    assert "reports/shenpiju-2022-annual-personal.txt：第 26 行：编号「二、」重复" in result.stdout
    assert "清理：去除水印 17 处（1 篇）" in result.stdout
    assert "条要点" not in result.stdout and len(result.stdout.splitlines()) == 6
    assert tree_digest(project / "reports") == before
    pages = [p.stem + ext for p in REPORTS.glob("*.txt") for ext in (".html", ".docx")]  # page and Word copy
    names = sorted(p.name for p in (project / "docs" / "reports").iterdir())
    data = [n for n in names if n.startswith(("search-", "copies-")) and n != "search-data.js"]  # named by their content
    assert sorted(set(names) - set(data)) == sorted(["index.md", "search-data.js", "copies.json", *pages])
    assert any(n.startswith("search-data-") for n in data) and any(n.startswith("search-index-") for n in data)
    again = reportkb("build", "-v", cwd=project)
    assert "转换 0 篇，沿用上次结果 5 篇" in again.stdout and "（写入 0，" in again.stdout and "删除 0）" in again.stdout
    assert "reports/shenpiju-2022-annual-personal.txt：5 个部分，40 条要点（utf-8）" in again.stdout
    assert "  清理：去除水印 17 处" in again.stdout and "  提示：第 26 行：编号「二、」重复" in again.stdout


def test_the_same_sources_give_the_same_pages_in_any_process(tmp_path):
    """Hash randomisation differs per process: nothing generated may depend on set order."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    for project, seed in ((first, "1"), (second, "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "reportkb", "build"], cwd=project, env=env, check=True, capture_output=True)
    assert tree_digest(first / "docs") == tree_digest(second / "docs")


def test_editing_one_report_reconverts_only_that_one(tmp_path):
    project = make_project(tmp_path)
    assert reportkb("build", cwd=project).returncode == 0
    pages = project / "docs" / "reports"
    before = {p.name: p.stat().st_mtime_ns for p in pages.glob("*.html")}
    edited = project / "reports" / "xunshi-2021-district-head.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("多提宝贵意见", "批评指正"), encoding="utf-8")
    result = reportkb("build", cwd=project)
    assert "转换 1 篇，沿用上次结果 4 篇" in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in pages.glob("*.html")}
    assert [name for name in before if before[name] != after[name]] == ["xunshi-2021-district-head.html"]
    assert "批评指正" in (pages / "xunshi-2021-district-head.html").read_text(encoding="utf-8")


def test_bad_file_fails_clearly_and_leaves_previous_pages(tmp_path):
    project = make_project(tmp_path)
    assert reportkb("build", cwd=project).returncode == 0
    pages = tree_digest(project / "docs" / "reports")
    (project / "reports" / "broken.md").write_text("---\ntitle: [\n---\n标题\n", encoding="utf-8")
    (project / "reports" / "empty.txt").write_bytes(b"")
    result = reportkb("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("错误：reports/broken.md:2: 前置元数据（YAML）有误")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert tree_digest(project / "docs" / "reports") == pages

    result = reportkb("build", "--keep-going", cwd=project)
    assert result.returncode == 1
    assert "跳过 2 个文件" in result.stderr
    assert "reports/broken.md:2:" in result.stderr and "reports/empty.txt: 文件是空的" in result.stderr
    assert (project / "docs" / "reports" / "ju-dangzu-2022-team.html").is_file()


def test_outline_tree_and_json():
    tree = reportkb("outline", "reports/xunshi-2021-district-head.txt", cwd=ROOT)
    assert tree.returncode == 0
    assert "[s2-3] （三）宗旨意识不够牢固。  <causes>" in tree.stdout
    data = json.loads(reportkb("outline", "--json", "reports/yingshang-leader-personal.txt", cwd=ROOT).stdout)
    assert {"title", "meta", "preamble", "sections", "closing", "warnings"} <= data.keys()
    section = data["sections"][1]["children"][0]
    assert {"id", "label", "title", "role", "lead", "children", "points"} <= section.keys()
    assert section["points"][2] | {"signals": None} == section["points"][2] | {
        "id": "s2-1-p3",
        "label": "三是",
        "headline": "红脸出汗不够到位。",
        "signals": None,
    }


def test_outline_of_unreadable_file(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02")
    result = reportkb("outline", str(path), cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == f"错误：{path}: 这是二进制文件，不是文本（如果是 Word 文档，请另存为纯文本 .txt）\n"


def test_mkdocs_build_names_the_bad_report(tmp_path):
    project = make_project(tmp_path, {"bad.txt": "---\nkind: 集体\n---\n标题\n正文。\n"})
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "reports/bad.txt: 前置元数据 kind 的值 '集体' 不合适" in result.stderr
    assert "Traceback" not in result.stderr


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [False, True])
def test_progress_is_one_line_with_a_count(tty):
    stream = _Stream(tty)
    tell = build_mod.progress_line(stream)
    for done in range(1, 10_001):
        tell(done, 10_000)
    lines = stream.getvalue().split("\n")[:-1]
    if tty:  # rewritten in place: one line on the screen
        assert len(lines) == 1 and lines[0].split("\r")[-1] == "转换样例：10000/10000"
    else:  # a log: a line at every tenth of the way
        assert len(lines) == 11 and lines[-1] == "转换样例：10000/10000"
    small = _Stream(tty)
    build_mod.progress_line(small)(5, 5)
    assert small.getvalue() == ""
