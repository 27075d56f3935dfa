"""The phrase search's data: every passage once, with its anchor, and the fold table."""

from __future__ import annotations

import json

import pytest

from reportkb import search
from reportkb.build import report_files
from reportkb.convert import convert

from .conftest import REPORTS
from .helpers import squeeze


def load(script: str) -> dict:
    prefix = f"window.{search.GLOBAL_NAME}="
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix) : -2])


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("红脸,出汗", "红脸，出汗"),
        ("(一)", "（一）"),
        ("xx", "XX"),
        ("\uff41\uff42", "AB"),
        ('"六稳"', "“六稳”"),
        ("a b", "a\u3000b"),
    ],
)
def test_fold_forgives_what_users_cannot_see(typed, text):
    assert search.fold(typed) == search.fold(text)


def test_fold_keeps_length_and_leaves_everything_else_alone():
    text = "。、①②１２３ＡＢＣ“”‘’　！？"
    assert len(search.fold(text)) == len(text)
    assert search.fold("。、①②《》——") == "。、①②《》——"


def test_passages_cover_every_report_exactly_once(voc):
    for path in report_files(REPORTS):
        report = convert(path, voc)
        passages = search.passages(report)
        assert squeeze("".join(p.text for p in passages)) == squeeze("".join(report.pieces())[len(report.title_line) :])
        ids = {n.id for n in report.walk()}
        assert {p.anchor for p in passages} <= ids | {"preamble", "closing"} | {f"{i}-lead" for i in ids}


def test_data_script_is_compact_and_consistent(voc):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    data = load(search.data_script(reports, voc))
    texts = data["text"].split(search.SEPARATOR)
    assert len(data["passages"]) == 4 * len(texts) == 4 * sum(len(search.passages(r)) for r in reports)
    assert [r[0] for r in data["reports"]] == [r.slug for r in reports]
    first = data["passages"][:4]
    assert data["reports"][first[0]][0] == reports[0].slug and first[3] == "preamble"
    assert ["problems", "存在问题"] in data["roles"] and ["preamble", "开篇"] in data["roles"]
    assert data["fold"]["，"] == "," and data["fold"]["Ａ"] == "a"
