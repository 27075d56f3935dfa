"""写作自查: one small draft per rule, each giving exactly its finding at its place; the samples'
known findings; the command line's output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reportkb.check import RULES, review, whose
from reportkb.vocab import Requirement

from .conftest import REPORTS, ROOT
from .helpers import convert

CLEAN = """某某同志2023年度民主生活会个人对照检查材料

按照要求，现将个人对照检查情况报告如下：
一、上年度整改落实情况
上年度查摆的问题已全部整改。
二、存在的主要问题
（一）理论学习方面。一是学习不够系统。比如，我全年只读了2本原著。二是学用结合不紧。比如，我在调研中没有运用新理论。
（二）工作作风方面。一是调查研究不深入。比如，我今年只下基层3次。二是文风不实。比如，我起草的材料篇幅偏长。
三、产生问题的原因
（一）理论学习抓得不紧。对理论学习重视不够。
（二）作风建设有所放松。对作风要求有所放松。
四、个人有关事项
本人无应报告而未报告的事项。
五、整改措施
（一）加强理论学习。每月读一本原著。
（二）转变工作作风。每季度下基层调研。
以上是我的对照检查，请同志们批评指正。
"""
PROBLEMS = CLEAN.split("二、存在的主要问题\n")[1].split("三、")[0]
CAUSES = "三、产生问题的原因\n（一）理论学习抓得不紧。对理论学习重视不够。\n（二）作风建设有所放松。对作风要求有所放松。\n"
MEASURES = "五、整改措施\n（一）加强理论学习。每月读一本原著。\n（二）转变工作作风。每季度下基层调研。\n"


def findings(tmp_path, voc, text: str) -> list[tuple[str, str, int | None]]:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.rule, f.section, f.line) for f in review(convert(path, voc), voc).findings]


def test_a_clean_draft_has_no_findings(tmp_path, voc):
    assert findings(tmp_path, voc, CLEAN) == []


def test_a_root_cause_explains_the_problems_aspects_yml_says_it_explains(tmp_path, voc):
    """Causes are analysed as roots: 理想信念 explains a 理论学习 problem, 宗旨意识 a 作风 one; the
    measures answer them the same way. An unrelated root (统筹协调) does not."""
    roots = CLEAN.replace("（一）理论学习抓得不紧。对理论学习重视不够。", "（一）理想信念有所松懈。世界观改造放松。")
    roots = roots.replace("（二）作风建设有所放松。对作风要求有所放松。", "（二）宗旨意识有所淡化。对群众感情不深。")
    roots = roots.replace("（一）加强理论学习。每月读一本原著。", "（一）坚定理想信念。每月读一本原著。")
    assert findings(tmp_path, voc, roots) == []
    unrelated = roots.replace("（一）理想信念有所松懈。世界观改造放松。", "（一）统筹协调不够。各项工作抓得不匀。")
    assert findings(tmp_path, voc, unrelated) == [("chain-cause", "s2-1", 7)]


DRAFTS = {
    "missing-part": (
        lambda t: t.replace(CAUSES, "").replace("四、个人", "三、个人").replace("五、整改", "四、整改"),
        [("missing-part", "", None)],
    ),
    "missing-part-annual": (
        lambda t: t.replace("四、个人有关事项\n本人无应报告而未报告的事项。\n", "").replace("五、整改", "四、整改"),
        [("missing-part", "", None)],
    ),
    "part-order": (
        lambda t: (
            t.replace(CAUSES, "@")
            .replace(MEASURES, CAUSES.replace("三、", "五、"))
            .replace("@", MEASURES.replace("五、", "三、"))
        ),
        [("part-order", "", None)],
    ),
    "empty-problems": (lambda t: t.replace(PROBLEMS, "存在一些问题。\n"), [("empty-problems", "s2", 6)]),
    "numbering-repeat": (lambda t: t.replace("（二）工作作风方面", "（一）工作作风方面"), [("numbering-repeat", "s2-2", 8)]),
    "numbering-gap": (lambda t: t.replace("（二）工作作风方面", "（三）工作作风方面"), [("numbering-gap", "s2-2", 8)]),
    "numbering-brackets": (lambda t: t.replace("（二）工作作风方面", "(二)工作作风方面"), [("numbering-brackets", "s2-2", 8)]),
    "chain-measure": (lambda t: t.replace("（二）转变工作作风。", "（二）改进方法。"), [("chain-measure", "s2-2", 8)]),
    "chain-cause": (
        lambda t: t.replace("（二）作风建设有所放松。对作风要求", "（二）思想上有所放松。对自己要求"),
        [("chain-cause", "s2-2", 8)],
    ),
    "chain-orphan": (
        lambda t: t.replace("每季度下基层调研。\n", "每季度下基层调研。\n（三）加强统筹协调。一盘棋推进。\n"),
        [("chain-orphan", "s5-3", 17)],
    ),
    "no-detail": (
        lambda t: t.replace("一是学习不够系统。比如，我全年只读了2本原著。", "一是学习不够系统。"),
        [("no-detail", "s2-1-p1", 7)],
    ),
    "placeholder": (lambda t: t.replace("只下基层3次", "只下基层xx次"), [("placeholder", "s2-2-p1", 8)]),
    "watermark": (lambda t: t.replace("三、产生问题的原因", "三、产生问题的原因笔杆儿网www.bgzjy.cn"), [("watermark", "", 9)]),
    "stock-phrase": (lambda t: t.replace("上年度查摆的问题已全部整改。", "进一步" * 7 + "。"), [("stock-phrase", "", None)]),
    "long-sentence": (
        lambda t: t.replace("上年度查摆的问题已全部整改。", "上年度" * 60 + "。"),
        [("long-sentence", "s1-lead", 4)],
    ),
}


@pytest.mark.parametrize("case", DRAFTS, ids=str)
def test_each_rule_finds_exactly_its_fault(tmp_path, voc, case):
    mutate, expected = DRAFTS[case]
    text = mutate(CLEAN)
    assert text != CLEAN
    assert findings(tmp_path, voc, text) == expected


def test_every_rule_has_a_draft_and_an_explanation(voc):
    assert {case.split("-annual")[0] for case in DRAFTS} == set(RULES)
    assert set(voc.check.rules) == set(RULES) and all(r.name and r.explain for r in voc.check.rules.values())


def test_the_samples_known_findings(voc):
    shenpiju = review(convert(REPORTS / "shenpiju-2022-annual-personal.txt", voc), voc).findings
    assert ("numbering-repeat", "s3", 26) in [(f.rule, f.section, f.line) for f in shenpiju]
    assert sum(f.rule == "watermark" for f in shenpiju) == 17
    team = review(convert(REPORTS / "ju-dangzu-2022-team.txt", voc), voc).findings
    assert [(f.rule, f.section) for f in team if f.rule.startswith("numbering")] == [
        ("numbering-brackets", "s1-4"),
        ("numbering-brackets", "s2-4"),
    ]


def reportkb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportkb", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_command_line_exit_status_and_json(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="gb18030")
    result = reportkb("check", str(clean))
    assert result.returncode == 0 and "没有发现问题" in result.stdout
    assert "二、存在的主要问题 （存在问题）2 个方面，4 条要点（第 6 行）" in result.stdout
    broken = tmp_path / "broken.txt"
    broken.write_text(CLEAN.replace("只下基层3次", "只下基层xx次"), encoding="utf-8")
    result = reportkb("check", str(broken))
    assert result.returncode == 1
    assert "错误  二、（二）一是（第 8 行）：还有待填写的占位符「xx」，请换成实际内容。" in result.stdout
    data = json.loads(reportkb("check", "--json", str(broken)).stdout)
    assert data["findings"] == [
        {"severity": "error", "rule": "placeholder", "message": "还有待填写的占位符「xx」，请换成实际内容。",
         "section": "s2-2-p1", "label": "一是", "line": 8, "place": "二、（二）一是",
         "node": "s2-2-p1"}
    ]  # fmt: skip
    assert {"aspect": "理论学习", "problems": ["s2-1"], "causes": ["s3-1"], "measures": ["s5-1"]} in data["chain"]
    unreadable = tmp_path / "x.txt"
    unreadable.write_bytes(b"\x00\x01")
    result = reportkb("check", str(unreadable))
    assert result.returncode == 2 and result.stderr.startswith("错误：") and "Traceback" not in result.stderr


def test_which_reports_a_requirement_is_for_is_said_with_the_vocabulary_names(voc):
    """A meeting type's name comes from meta.yml (专题组织生活会 was "专题组织生活会民主生活会")."""
    assert whose(Requirement(("personal",), "专题组织生活会", None), voc) == "专题组织生活会对照检查材料"
    assert whose(Requirement(("personal",), "年度", "个人"), voc) == "年度民主生活会个人对照检查材料"
    assert whose(Requirement(("problems",)), voc) == "每篇对照检查材料"
