"""The phrase search's data: every passage once, with its anchor, and the fold table."""

from __future__ import annotations

import itertools
import json

import pytest

from reportkb import search
from reportkb.build import report_files

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


def varints(data: bytes, at: int = 0):
    """LEB128 numbers from `at` on, independently of the engine: yields (number, where the next starts)."""
    while at < len(data):
        value = shift = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield value, at


def places(postings: bytes) -> list[tuple[int, int]]:
    """(passage, position) of each place a gram's postings list, independently of the engine."""
    numbers = [v for v, _ in varints(postings)]
    out, passage, position = [], 0, 0
    for k in range(0, len(numbers), 2):
        gap, step = numbers[k], numbers[k + 1]
        if k == 0 or gap:
            passage, position = passage + gap, step
        else:
            position += step
        out.append((passage, position))
    return out


def index_grams(part: dict) -> dict[str, bytes]:
    """The grams of an index file with their postings."""
    data = search.unpacked(part["postings"])
    numbers = varints(data)
    count, _ = next(numbers)
    length, at = next(numbers)
    sizes = []
    for _ in range(count):
        size, at = next(numbers)
        sizes.append(size)
    grams = data[at : at + length].decode()
    at += length
    out = {}
    for k, size in enumerate(sizes):
        out[grams[2 * k : 2 * k + 2]] = data[at : at + size]
        at += size
    return out


def test_data_scripts_are_compact_and_consistent(voc):
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    files = search.data_scripts(reports, voc, search.FileSizes(6000, 800))
    tables = search.read_tables(files[search.DATA_FILE])

    def scripts(name: str, callback: str, keys: list[str]) -> list[dict]:
        return [load(files[name.format(key=key)], callback + "(", ");\n") for key in keys]

    def called(name: str, callback: str, key: str) -> list[str]:
        return json.loads("[" + files[name.format(key=key)][len(callback) + 1 : -len(");\n")] + "]")

    shards = [json.loads(search.unpacked(called(search.SHARD_FILE, search.SHARD_CALLBACK, key)[1])) for key in tables["shards"]]
    index = scripts(search.INDEX_FILE, search.INDEX_CALLBACK, tables["indexFiles"])
    titles = scripts(search.TITLES_FILE, search.TITLES_CALLBACK, tables["titleFiles"])
    own = {
        key: search.unpacked(called(search.POSTINGS_FILE, search.POSTINGS_CALLBACK, key)[1])
        for part in index
        for key in part["own"].values()
    }
    assert own, "some grams have postings of their own"
    assert len(files) == 1 + len(set(tables["shards"])) + len(index) + len(own) + len(titles)
    assert [t for part in titles for t in part["titles"]] == [r.title for r in reports]
    assert len(index) > 1 and [part["index"] for part in index] == list(range(len(index)))
    # every file but the tables is named by its content
    for key in tables["shards"]:
        assert called(search.SHARD_FILE, search.SHARD_CALLBACK, key)[0] == key
    assert all(search.content_key(files[name].split("(", 1)[1][: -len(");\n")]) in name for name in files if "index" in name)
    assert all(search.content_key(data) == key for key, data in own.items())
    # passages in reading order, report by report: each shard's passages from its start on
    passages = [(r.slug, p) for r in reports for p in r.passages()]
    starts = [0, *itertools.accumulate(tables["passageCounts"])]
    assert starts[-1] == len(passages) and tables["shardStarts"][0] == 0
    roles = search.unpacked(tables["passageRoles"])
    assert [tables["roles"][role][0] for role in roles] == [p.role for _, p in passages]
    stride = len(search.PASSAGE_FIELDS)
    for shard, first in zip(shards, tables["shardStarts"], strict=True):
        texts = shard["text"].split(search.SEPARATOR)
        assert len(shard["passages"]) == stride * len(texts)
        for k, text in enumerate(texts):
            label, anchor = shard["passages"][stride * k : stride * (k + 1)]
            slug, p = passages[first + k]
            assert (shard["labels"][label], anchor, text) == (p.label, p.anchor, p.text), slug
    # the postings: every gram of every passage's folded text, at every place, in the file its hash names
    found = {}
    for part in index:
        for gram, data in index_grams(part).items():
            assert search.gram_bucket(gram, len(index)) == part["index"]
            found[gram] = places(data)
        for gram, key in part["own"].items():
            assert search.gram_bucket(gram, len(index)) == part["index"]
            found[gram] = places(own[key])
    expected: dict[str, list[tuple[int, int]]] = {}
    for n, (_, p) in enumerate(passages):
        text = search.fold(p.text)
        for i in range(len(text) - 1):
            if not (text[i].isspace() or text[i + 1].isspace()):
                expected.setdefault(text[i : i + 2], []).append((n, i))
    assert found == expected
    assert [r[0] for r in tables["reports"]] == [r.slug for r in reports]
    assert ["problems", "存在问题"] in tables["roles"] and ["preamble", "开篇"] in tables["roles"]
    assert tables["fold"]["，"] == "," and tables["fold"]["Ａ"] == "a"


def test_postings_encoded_a_chunk_at_a_time_are_the_same(voc, monkeypatch):
    """The encoding takes the places a chunk at a time (to bound the build's memory): any chunk size
    gives the same files."""
    reports = [convert(p, voc) for p in report_files(REPORTS)]
    whole = search.data_scripts(reports, voc, search.FileSizes(6000, 800))
    monkeypatch.setattr(search, "CHUNK", 7)
    assert search.data_scripts(reports, voc, search.FileSizes(6000, 800)) == whole
