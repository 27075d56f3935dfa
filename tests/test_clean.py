"""Cleaning: residue goes, text stays, every change is recorded, and cleaning twice changes nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportkb import clean, source

from .conftest import REPORTS, ROOT
from .helpers import body_of, squeeze


def texts(result: clean.Cleaned) -> list[str]:
    """The cleaned text's paragraphs, the title first."""
    return [p.text for p in ((result.title,) if result.title else ()) + result.paragraphs]


def cleaned(text: str, voc) -> list[str]:
    return texts(clean.clean(text, voc))


def test_watermark_glued_to_a_heading_goes(voc):
    text = (
        "二、重点查找的突出问题笔杆儿网www.bgzjy.cn\n四、努力方向笔杆儿网，www.biganzijiayuan.com\n正文笔杆儿网www.bgzjy.cn继续。"
    )
    result = clean.clean(text, voc)
    assert texts(result) == ["二、重点查找的突出问题", "四、努力方向", "正文继续。"]
    assert [(c.kind, c.line) for c in result.changes] == [("watermark", 1), ("watermark", 2), ("watermark", 3)]


def test_heading_bold_goes_placeholder_asterisks_stay(voc):
    text = "\n".join(
        [
            "**一、存在的主要问题**",
            "**（一）2021年度整改落实情况：**共查摆出*个问题。",
            "**(二)聚焦学习教育的力度还不够到位。**我虽能学习。",
            "**镇党委在**村、**社区开展调研，*区达到*%。",
            "一是在**镇。二是*重点*。",
        ]
    )
    assert cleaned(text, voc) == [
        "一、存在的主要问题",
        "（一）2021年度整改落实情况：共查摆出*个问题。",
        "(二)聚焦学习教育的力度还不够到位。我虽能学习。",
        "**镇党委在**村、**社区开展调研，*区达到*%。",
        "一是在**镇。二是*重点*。",
    ]


def test_bold_point_labels_go_placeholders_next_to_them_stay(voc):
    text = "\n".join(
        [
            "**（一）**在学习方面。**一是理论学习不够。**具体表现为…。**二是**实践不够。",
            "三是在**镇调研不够。**四是在**村。",
        ]
    )
    assert cleaned(text, voc) == [
        "（一）在学习方面。一是理论学习不够。具体表现为…。二是实践不够。",
        "三是在**镇调研不够。**四是在**村。",
    ]


def test_markdown_marks_go_only_on_titles_and_before_structure(voc):
    text = "# 某某对照检查材料\n## 一、存在问题\n# 不是标题\n- 一是学习不够。\n- 列表项\n* **（二）作风方面**"
    expected = ["某某对照检查材料", "一、存在问题", "# 不是标题", "一是学习不够。", "- 列表项", "（二）作风方面"]
    assert cleaned(text, voc) == expected


def test_pdf_copy_is_joined_back_into_the_original_paragraphs(voc):
    """The fixture is the county-head sample hard-wrapped, indented, paginated, with spaced digits."""
    pdf = (ROOT / "tests" / "fixtures" / "pdf-copy.txt").read_text(encoding="utf-8")
    original = [
        ln for ln in body_of((REPORTS / "yingshang-xuncha-county-head.txt").read_text(encoding="utf-8")).split("\n") if ln
    ]
    result = clean.clean(pdf, voc)
    assert texts(result) == original[:7]
    kinds = {c.kind for c in result.changes}
    assert {"unwrap", "page-number", "indent", "space"} <= kinds


def test_page_numbers_and_form_feeds_are_dropped(voc):
    text = "　　第一段文字很长很长很长很长很长很长很长很长很长很长很长很长很长很\n- 12 -\n第 3 页 共 9 页\n\f3/9\n短段。"
    assert cleaned(text, voc) == ["第一段文字很长很长很长很长很长很长很长很长很长很长很长很长很长很", "短段。"]


def test_spaces_between_digits_and_chinese_go(voc):
    assert cleaned("2022 年以来先后 6 次传达，达到 95%。", voc) == ["2022年以来先后6次传达，达到95%。"]


def test_control_and_bidi_characters_go_and_are_recorded(voc):
    result = clean.clean("学习\x1b[31m不够\u202e深入\u200b。\x07", voc)
    assert texts(result) == ["学习[31m不够深入。"]
    assert [(c.kind, c.removed) for c in result.changes] == [("invisible", "\x1b\u202e\u200b\x07")]


def test_summary_names_kinds_and_lines(voc):
    src = source.read(REPORTS / "shenpiju-2022-annual-personal.txt")
    summary = clean.summarize(clean.clean(src.text, voc, src.first_line).changes)
    assert summary.startswith("去除水印 17 处（第 11、")


TOKENS = [
    "一、", "（一）", "(二)", "1．", "（1）", "一是", "二是", "三是", "学习不够深入", "比如", "我", "。", "，", "：",
    "\n", "\n\n", "　　", " ", "2022", " 年", "- 3 -", "\f", "笔杆儿网www.bgzjy.cn", "**", "*", "xx", "# ", "## ",
    "\u200b", "\u00a0", "\t", "- ", "**一是", "。**",
    "以上对照检查，敬请批评指正。", "<script>", "{#id}", "很长的一段话没有标点" * 3,
]  # fmt: skip
documents = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@given(documents)
def test_cleaning_is_idempotent(voc, text):
    once = clean.clean(text, voc)
    twice = clean.clean(once.text, voc)
    assert twice.text == once.text


@given(documents)
def test_cleaning_loses_nothing_it_does_not_record(voc, text):
    result = clean.clean(text, voc)
    removed = "".join(c.removed for c in result.changes)
    assert len(squeeze(text)) == len(squeeze(result.text)) + len(squeeze(removed))


def test_every_kind_of_change_is_named_for_the_build_report():
    from reportkb.model import ChangeKind

    assert set(clean.CHANGE_NAMES) == set(ChangeKind)
