"""Vocabularies are safe to edit: each mistake is one clear line from every command, and a role's
meaning is data (renaming its id changes no finding)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportkb import cli, render, vocab
from reportkb.build import report_files
from reportkb.check import review
from reportkb.errors import VocabError

from .conftest import REPORTS, ROOT, make_project, mkdocs_build
from .helpers import convert

# (file, text replaced, replacement, what the one line must name: key and line)
MISTAKES = {
    "min-mentions-not-a-number": ("themes.yml", "min_mentions: 3", "min_mentions: many", "min_mentions", 5),
    "rule-as-a-string": (
        "check.yml",
        "  watermark: {severity: error,",
        "  watermark: 水印残留\n  # {severity: error,",
        "rules.watermark",
        65,
    ),
    "required-as-a-list": (
        "check.yml",
        "required:\n  always: [problems, causes, measures]",
        "required: [problems]\n  always:",
        None,
        None,
    ),
    "unknown-role-in-required": (
        "check.yml",
        "always: [problems, causes, measures]",
        "always: [problem, causes, measures]",
        "required.always",
        8,
    ),
    "unknown-role-in-skeleton": (
        "skeletons.yml",
        "parts: [problems, causes, measures]",
        "parts: [problems, cause, measures]",
        "parts",
        None,
    ),
    "duplicate-role-id": ("roles.yml", "  - id: personal", "  - id: rectification", "roles[2].id", None),
    "duplicate-aspect-id": ("aspects.yml", "  - id: lixiang", "  - id: lilun", "aspects[2].id", 18),
    "unknown-explained-aspect": (
        "aspects.yml",
        "explains: [理想信念, 政治站位, 意识形态, 担当作为]",
        "explains: [理想信念, 政治站位, 意识形, 担当作为]",
        "aspects[1].explains[3]",
        16,
    ),
    "invalid-watermark-regex": ("watermarks.yml", "patterns:\n", "patterns:\n  - '笔杆儿网(未闭合'\n", "patterns[1]", 8),
    "empty-keywords": ("aspects.yml", "keywords: [意识形态]", "keywords: []", "aspects[11].keywords", None),
    "empty-kind-keywords": ("meta.yml", "班子: [班子, 党组, 党委, 常委会, 支委会]", "班子: []", "kind.班子", 7),
    "words-as-a-string": ("genre.yml", "example: [比如, 例如, 譬如, 如：]", "example: 比如", "example", None),
    "duplicate-term": ("glossary.yml", "  - term: 四个自信", "  - term: 四个意识", "terms[2].term", None),
    "duplicate-key": ("glossary.yml", "terms:", "terms: []\nterms:", "写了两次", 6),
    "meeting-without-a-name": (
        "meta.yml",
        "专题组织生活会: {name: 专题组织生活会, keywords:",
        "专题组织生活会: {keywords:",
        "meeting.专题组织生活会.name",
        20,
    ),
    "invalid-furniture-regex": ("watermarks.yml", "  url:\n", "  url:\n    - '(?<=网+)x'\n", "fragments.url[1]", None),
    "typo-in-a-key": ("themes.yml", "    keywords: [营商环境,", "    keyword: [营商环境,", "themes[1].keyword", None),
    "unknown-role-in-order": ("roles.yml", "order: [rectification,", "order: [rectify,", "order", None),
    "bad-severity": ("check.yml", "missing-part: {severity: error,", "missing-part: {severity: fatal,", "severity", None),
    "bad-yaml": ("roles.yml", "roles:\n", "roles: [\n", "YAML", None),
    "unknown-meeting-in-required": ("check.yml", "  年度: [rectification]", "  季度: [rectification]", "required.季度", None),
    # issue 21: each of these was a traceback, or a message that ended in "应为" with nothing after it
    "number-as-a-watermark": ("watermarks.yml", "patterns:\n", "patterns:\n  - 42\n", "patterns[1]", 8),
    "empty-watermark": ("watermarks.yml", "patterns:\n", "patterns:\n  - ''\n", "patterns[1]", 8),
    "watermark-matching-nothing-at-all": ("watermarks.yml", "patterns:\n", "patterns:\n  - '(?:网站)?'\n", "能匹配空文字", 8),
    "no-kinds": (
        "meta.yml",
        "kind:\n  个人: [个人, 发言提纲, 书记, 县长, 市长, 区长, 局长, 主任, 党员]\n  班子: [班子, 党组, 党委, 常委会, 支委会]",
        "kind: {}",
        "kind：应为非空的映射",
        5,
    ),
    "role-colour-by-name": ("roles.yml", '    colour: "#c62828"', "    colour: red", "colour", None),
}


def mutated(tmp_path: Path, case: str) -> Path:
    """A copy of vocab/ with one mistake in one file."""
    name, old, new, _, _ = MISTAKES[case]
    folder = tmp_path / "vocab"
    shutil.copytree(ROOT / "vocab", folder)
    text = (folder / name).read_text("utf-8")
    assert old in text, case
    (folder / name).write_text(text.replace(old, new, 1), "utf-8")
    return folder


def one_clear_line(err: str, case: str) -> str:
    """The command's stderr: one line naming the file (and key and line) of the mistake, no traceback."""
    name, _, _, key, line = MISTAKES[case]
    lines = [x for x in err.splitlines() if x.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and name in lines[0], err
    if key:
        assert key in lines[0], err
    if line:
        assert re.search(rf"{re.escape(name)}:{line}: ", lines[0]), err
    return lines[0]


@pytest.mark.parametrize("case", MISTAKES)
def test_each_mistake_is_one_clear_line_from_every_command(tmp_path, capsys, case):
    folder = mutated(tmp_path, case)
    sample = str(REPORTS / "yingshang-leader-personal.txt")
    commands = [
        ["build", "--reports", str(REPORTS), "--docs", str(tmp_path / "docs"), "--cache", str(tmp_path / "cache")],
        ["check", sample],
        ["outline", sample],
        ["synth", "2", str(tmp_path / "synth"), "--source", str(REPORTS)],
    ]
    for command in commands:
        status = cli.main(["--vocab", str(folder), *command])
        err = capsys.readouterr().err
        assert status in (1, 2), command
        one_clear_line(err, case)
    assert not (tmp_path / "docs").exists() and not (tmp_path / "synth").exists()


@pytest.mark.parametrize("case", ["min-mentions-not-a-number", "unknown-role-in-required"])
def test_mkdocs_build_names_the_mistake(tmp_path, case):
    project = make_project(tmp_path, {"a.txt": (REPORTS / "ju-dangzu-2022-team.txt").read_bytes()})
    shutil.rmtree(project / "vocab")
    shutil.copytree(mutated(tmp_path / "m", case), project / "vocab")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    name, _, _, key, line = MISTAKES[case]
    assert re.search(rf"{name}:{line}: {re.escape(key)}", result.stderr), result.stderr


def test_every_mistake_in_a_file_at_once(tmp_path):
    folder = tmp_path / "vocab"
    shutil.copytree(ROOT / "vocab", folder)
    text = (folder / "themes.yml").read_text("utf-8")
    text = text.replace("min_mentions: 3", "min_mentions: 0").replace("  - id: xunshi", "  - id: Xunshi")
    (folder / "themes.yml").write_text(text, "utf-8")
    with pytest.raises(VocabError) as caught:
        vocab.load(folder)
    assert [m.line for m in caught.value.mistakes] == [11, 5]
    assert len(caught.value.lines()) == 2


def test_synth_works_on_a_corpus_without_units_or_themes(tmp_path, voc):
    source = tmp_path / "source"
    source.mkdir()
    for path in report_files(REPORTS):
        text = path.read_text("utf-8")
        text = re.sub(r"^(unit|themes): .*\n", "", text, flags=re.MULTILINE)
        (source / path.name).write_text(text, "utf-8")
    status = cli.main(["synth", "3", str(tmp_path / "out"), "--source", str(source)])
    assert status == 0 and len(list((tmp_path / "out").iterdir())) == 3


def test_synth_says_why_it_cannot_work(tmp_path, capsys):
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.txt").write_text("某某对照检查材料\n\n一、存在的问题\n学习不够。\n", "utf-8")
    assert cli.main(["synth", "3", str(tmp_path / "out"), "--source", str(source)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "存在问题" in err and str(source) in err


RENAMES = {
    "roles.yml": [("id: problems", "id: wenti"), ("order: [rectification, problems,", "order: [rectification, wenti,")],
    "check.yml": [("always: [problems,", "always: [wenti,")],
    "skeletons.yml": [
        ("[rectification, problems,", "[rectification, wenti,"),
        ("[problems,", "[wenti,"),
        ("  problems:\n", "  wenti:\n"),
    ],
}


def test_renaming_a_role_changes_no_finding(tmp_path, voc):
    folder = tmp_path / "vocab"
    shutil.copytree(ROOT / "vocab", folder)
    for name, pairs in RENAMES.items():
        text = (folder / name).read_text("utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        (folder / name).write_text(text, "utf-8")
    renamed = vocab.load(folder)
    assert renamed.chain_role("problem") == "wenti"

    def findings(v, path):
        return [(f.severity, f.rule, f.message, f.section, f.line) for f in review(convert(path, v), v).findings]

    total = 0
    for path in report_files(REPORTS):
        before = findings(voc, path)
        assert findings(renamed, path) == before, path.name
        total += len(before)
    assert total > 30
    # the page: the renamed role's parts carry its class, and its colour comes with it
    report = convert(REPORTS / "yingshang-leader-personal.txt", renamed)
    page = render.render_report(report, renamed, review(report, renamed))
    assert 'class="rk-section rk-role-wenti" data-role="存在问题"' in page and "rk-role-problems" not in page
    assert ".rk-role-wenti{--rk-role:#c62828}" in render.role_styles(renamed)
    assert ".rk-role-problems{" not in render.role_styles(renamed)
