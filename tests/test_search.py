"""The phrase search's data: every passage once, with its anchor, and the fold table."""

from __future__ import annotations

import json

import pytest

from reportkb import search
from reportkb.build import GRAMS_PARALLEL_MIN, PARALLEL_MIN, KeptGrams, report_files, worker_count, workers

from .conftest import REPORTS
from .helpers import convert, squeeze


def load(script: str, prefix: str, suffix: str = ";\n") -> dict:
    """The JSON between `prefix` and `suffix`."""
    assert script.startswith(prefix) and script.endswith(suffix)
    return json.loads(script[len(prefix) : -len(suffix)])


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
        passages = list(report.passages())
        assert squeeze("".join(p.text for p in passages)) == squeeze("".join(report.pieces())[len(report.title_line) :])
        ids = {n.id for n in report.walk()}
        assert {p.anchor for p in passages} <= ids | {"preamble", "closing"} | {f"{i}-lead" for i in ids}


def decode(posting: str) -> list[int]:
    """Shard numbers from an index entry (gaps in base 36), independently of the engine."""
    out, n = [], 0
    for gap in posting.split(","):
        n += int(gap, 36)
        out.append(n)
    return out


def test_data_scripts_are_compact_and_consistent(voc):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    files = search.data_scripts(reports, voc, search.FileSizes(6000, 20_000))
    tables = load(files[search.DATA_FILE], f"window.{search.GLOBAL_NAME}=")

    def scripts(name: str, callback: str, keys: list[str]) -> list[dict]:
        return [load(files[name.format(key=key)], callback + "(", ");\n") for key in keys]

    packed = [load(files[search.SHARD_FILE.format(key=key)], search.SHARD_CALLBACK + "(", ");\n") for key in tables["shards"]]
    shards = [json.loads(search.unpacked(data)) for data in packed]
    index = scripts(search.INDEX_FILE, search.INDEX_CALLBACK, tables["indexFiles"])
    titles = scripts(search.TITLES_FILE, search.TITLES_CALLBACK, tables["titleFiles"])
    assert len(files) == 1 + len(shards) + len(index) + len(titles)
    assert [t for part in titles for t in part["titles"]] == [r.title for r in reports]
    assert len(index) > 1 and [part["index"] for part in index] == list(range(len(index)))
    # every file but the tables is named by its content
    assert [shard["key"] for shard in shards] == tables["shards"]
    assert all(search.content_key(files[name].split("(", 1)[1][: -len(");\n")]) in name for name in files if "index" in name)
    # every gram of every shard's folded text is in the index file its hash names, listing that shard
    for n, shard in enumerate(shards):
        for gram in search.grams(search.fold(shard["text"])):
            posting = index[search.gram_bucket(gram, len(index))]["grams"][gram]
            assert n in decode(posting), gram
    assert len(shards) > 1
    # every passage once, with its report, role, label, anchor and place: read back report by report
    stride = len(search.PASSAGE_FIELDS)
    records = []
    for shard in shards:
        texts = shard["text"].split(search.SEPARATOR)
        assert len(shard["passages"]) == stride * len(texts)
        assert texts == sorted(texts), "passages in the order of their text"
        for k, text in enumerate(texts):
            report, role, label, anchor, order = shard["passages"][stride * k : stride * (k + 1)]
            records.append((shard["reports"][report], order, tables["roles"][role][0], shard["labels"][label], anchor, text))
    by_report = {r.slug: i for i, r in enumerate(reports)}
    records.sort(key=lambda r: (by_report[r[0]], r[1]))
    assert records == [
        (r.slug, order, p.role, p.label, p.anchor, p.text) for r in reports for order, p in enumerate(r.passages())
    ]
    assert [r[0] for r in tables["reports"]] == [r.slug for r in reports]
    assert ["problems", "存在问题"] in tables["roles"] and ["preamble", "开篇"] in tables["roles"]
    assert tables["fold"]["，"] == "," and tables["fold"]["Ａ"] == "a"


def test_grams_worked_out_on_every_core_or_kept_make_the_same_data(voc, tmp_path):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    sizes = search.FileSizes(300, 20_000)
    alone = search.data_scripts(reports, voc, sizes)
    shards = load(alone[search.DATA_FILE], f"window.{search.GLOBAL_NAME}=")["shards"]
    assert len(shards) >= GRAMS_PARALLEL_MIN, "enough shards for worker processes"
    if worker_count() < 2:
        pytest.skip("one core: no worker processes")
    with workers(voc, PARALLEL_MIN) as pool:
        grams = KeptGrams(tmp_path, pool)
        assert search.data_scripts(reports, voc, sizes, grams) == alone
    grams.save()
    assert search.data_scripts(reports, voc, sizes, KeptGrams(tmp_path)) == alone, "the grams kept by the last build"
