"""Reading files as people have them: encodings, line ends, front matter, broken files."""

from __future__ import annotations

import codecs

import pytest

from reportkb import source
from reportkb.errors import ReportError

from .conftest import REPORTS
from .helpers import body_of, convert

SAMPLE = (REPORTS / "yingshang-xuncha-county-head.txt").read_text(encoding="utf-8")
BODY = body_of(SAMPLE)


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf8.txt", BODY.encode("utf-8"), "utf-8"),
        ("bom.txt", codecs.BOM_UTF8 + BODY.encode("utf-8"), "utf-8-sig"),
        ("word-gbk.txt", BODY.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        ("notepad.txt", BODY.encode("utf-16"), "utf-16"),
        ("old-mac.txt", BODY.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_and_line_ends_read_the_same(tmp_path, name, data, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    src = source.read(path)
    assert src.encoding == encoding
    assert src.text == BODY


def test_gbk_report_gives_the_same_outline_as_utf8(tmp_path, voc):
    utf8, gbk = tmp_path / "a.txt", tmp_path / "b.txt"
    utf8.write_text(SAMPLE, encoding="utf-8")
    gbk.write_bytes(SAMPLE.replace("\n", "\r\n").encode("gbk"))
    assert convert(gbk, voc).pretty() == convert(utf8, voc).pretty()


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "空", None),
        (b"  \r\n\n", "空", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制", None),
        ("标题\n正文".encode() + b"\n\x80\xff\x80\xff", "编码", 3),
        ("---\ntitle: [未闭合\nyear: 2022\n---\n标题\n正文。\n".encode(), "YAML", 3),
        ("---\ntitle: 标题\n正文。\n".encode(), "没有结束", 1),
        ("---\n- 列表\n---\n标题\n".encode(), "映射", 2),
        ("---\nauthor: 某人\n---\n标题\n正文。\n".encode(), "未知的键", None),
        ("---\nkind: [个人]\n---\n标题\n正文。\n".encode(), "kind", None),
        ("---\nyear: 二〇二二\n---\n标题\n正文。\n".encode(), "year", None),
    ],
)
def test_bad_files_get_one_clear_error(tmp_path, data, message, line):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReportError) as info:
        source.read(path)
    assert message in info.value.message
    assert info.value.line == line
    assert str(info.value).startswith(str(path))


def test_a_kind_or_meeting_must_be_one_of_the_vocabulary(tmp_path, voc):
    path = tmp_path / "bad.txt"
    path.write_text("---\nkind: 集体\n---\n标题\n正文。\n", encoding="utf-8")
    with pytest.raises(ReportError) as info:
        convert(path, voc)
    assert "kind" in info.value.message and "个人 或 班子" in info.value.message and info.value.path == path


def test_front_matter_forgives_plain_meanings(tmp_path, voc):
    path = tmp_path / "r.md"
    path.write_text("---\nyear: '2023'\nthemes: 营商环境\n---\n" + BODY, encoding="utf-8")
    meta = convert(path, voc).meta
    assert (meta.year, meta.themes) == (2023, ("营商环境",))


def test_only_a_title_is_an_error(tmp_path, voc):
    path = tmp_path / "title-only.txt"
    path.write_text("某某同志对照检查材料\n\n", encoding="utf-8")
    with pytest.raises(ReportError, match="只有标题"):
        convert(path, voc)


def test_front_matter_wins_over_inference(tmp_path, voc):
    path = tmp_path / "fm.md"
    path.write_text(
        "---\ntitle: 另一个标题\nyear: 2019\nkind: 班子\nmeeting: 年度\nunit: 某局\nthemes: [营商环境]\n"
        "roles: {s1: causes}\n---\n" + BODY,
        encoding="utf-8",
    )
    report = convert(path, voc)
    assert report.title == "另一个标题"
    assert report.title_line == "县长优化营商环境专项巡察整改民主生活会对照检查材料"
    assert (report.meta.year, report.meta.kind, report.meta.meeting, report.meta.unit) == (2019, "班子", "年度", "某局")
    assert report.meta.themes == ("营商环境",)
    assert [s.role for s in report.sections] == ["causes", "causes", "measures"]
    assert report.sections[0].children[0].role == "causes"


@pytest.mark.parametrize(
    ("title", "year", "kind", "meeting"),
    [
        ("县长优化营商环境专项巡察整改民主生活会对照检查材料", None, "个人", "专题"),
        ("局党组2022年民主生活会对照检查材料", 2022, "班子", None),
        ("市委常委班子成员2023年度民主生活会个人对照检查材料", 2023, "个人", "年度"),
        ("县委领导班子2021年度民主生活会对照检查材料", 2021, "班子", "年度"),
    ],
)
def test_metadata_is_inferred_from_the_title(tmp_path, voc, title, year, kind, meeting):
    path = tmp_path / "r.txt"
    path.write_text(f"{title}\n\n一、存在的主要问题\n学习不够。\n", encoding="utf-8")
    meta = convert(path, voc).meta
    assert (meta.year, meta.kind, meta.meeting) == (year, kind, meeting)


def test_role_override_must_name_a_part_and_a_role(tmp_path, voc):
    path = tmp_path / "r.txt"
    path.write_text("---\nroles: {s9: problems}\n---\n" + BODY, encoding="utf-8")
    with pytest.raises(ReportError, match="s9"):
        convert(path, voc)
    path.write_text("---\nroles: {s1: 问题}\n---\n" + BODY, encoding="utf-8")
    with pytest.raises(ReportError, match="角色"):
        convert(path, voc)


def test_slugs_are_page_names():
    assert source.slug_for(source.Path("reports/Yingshang Report(2).txt")) == "yingshang-report-2"
    assert source.slug_for(source.Path("reports/县长材料.txt")) == "县长材料"
