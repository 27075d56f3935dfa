"""The synthetic corpus: deterministic, varied, and read back exactly as planned."""

from __future__ import annotations

import dataclasses

import pytest

from reportkb import synth
from reportkb.build import report_files

from .conftest import REPORTS
from .helpers import convert

N = 60


@pytest.fixture(scope="module")
def corpus(voc):
    return synth.synth(N, 11, report_files(REPORTS), voc)


def test_same_seed_same_bytes(corpus, voc):
    again = synth.synth(N, 11, report_files(REPORTS), voc)
    assert [(name, data) for name, _, data in again] == [(name, data) for name, _, data in corpus]
    other = synth.synth(N, 12, report_files(REPORTS), voc)
    assert [data for _, _, data in other] != [data for _, _, data in corpus]


def test_every_report_parses_as_planned_without_warnings(corpus, voc, tmp_path):
    for name, plan, data in corpus:
        path = tmp_path / name
        path.write_bytes(data)
        report = convert(path, voc)
        found = [(s.role, [len(c.points) for c in s.children]) for s in report.sections]
        assert found == plan.shape, name
        assert report.warnings == (), name
        assert report.title == plan.title
        assert report.closing == plan.closing


def test_formats_round_trip_through_the_reader(corpus, voc, tmp_path):
    formatted = [
        (name, plan, data) for name, plan, data in corpus if plan.wrap or plan.encoding != "utf-8" or "\r" in plan.newline
    ]
    assert formatted
    for name, plan, data in formatted:
        plain = dataclasses.replace(plan, encoding="utf-8", newline="\n", wrap=None)
        (tmp_path / name).write_bytes(data)
        (tmp_path / f"plain-{name}").write_bytes(synth.write(plain))
        assert convert(tmp_path / name, voc).pretty() == convert(tmp_path / f"plain-{name}", voc).pretty(), name


def test_the_corpus_varies_like_a_real_collection(corpus):
    plans = [plan for _, plan, _ in corpus]
    assert {p.encoding for p in plans} >= {"utf-8", "gb18030"}
    assert {p.newline for p in plans} == {"\n", "\r\n"}
    assert any(p.wrap for p in plans) and any(not p.wrap for p in plans)
    assert {p.bracket for p in plans} == {"（{}）", "({})"} and {p.inline_points for p in plans} == {True, False}
    roles = [[part.role for part in p.parts] for p in plans]
    assert any("rectification" in r for r in roles) and any("rectification" not in r for r in roles)
    assert any("personal" in r for r in roles) and any("personal" not in r for r in roles)
    aspects = [len(part.aspects) for p in plans for part in p.parts if part.role != "personal"]
    points = [len(a.points) for p in plans for part in p.parts for a in part.aspects]
    assert min(aspects) == 2 and max(aspects) == 7
    assert set(points) == {0, 2, 3, 4, 5}
    meta = [p.front_matter for p in plans if p.front_matter]
    assert meta and len({m["year"] for m in meta}) > 3 and {m["kind"] for m in meta} == {"个人", "班子"}


def test_a_varied_corpus_is_structured_as_planned_and_repeats_like_a_real_one(voc, tmp_path):
    """`--varied` writes the openings, leads and points anew from the samples' characters: each report
    still parses as planned (no numbering crept in), set phrases of the genre stay common, and the text
    deflates and repeats like real reports' (the samples: 1.29 bytes a character, hardly any 10-character
    gram in two reports), not like recombined passages (half their grams repeated)."""
    varied = synth.synth(200, 5, report_files(REPORTS), voc, synth.SHORT, varied=True)
    for name, plan, data in varied[:40]:
        (tmp_path / name).write_bytes(data)
        report = convert(tmp_path / name, voc)
        assert [(s.role, [len(c.points) for c in s.children]) for s in report.sections] == plan.shape, name
    texts = ["\n".join(synth.paragraphs(plan)) for _, plan, _ in varied]
    per_char, repeated = synth.variety(texts)
    samples = synth.variety(["\n".join(p.text for p in convert(path, voc).passages()) for path in report_files(REPORTS)])
    assert abs(per_char / samples[0] - 1) < 0.2 and repeated < 0.05
    recombined = synth.variety(["\n".join(synth.paragraphs(p)) for _, p, _ in synth.synth(200, 5, report_files(REPORTS), voc)])
    assert recombined[1] > 0.3
    assert sum("整改" in t for t in texts) > len(texts) / 2  # a set phrase of the genre stays common
