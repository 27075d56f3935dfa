"""查重: the fingerprints (normal form, edits, offsets that map back to the draft), drafts copied from
the library with light edits found with their source, new text and stock phrases left alone, and a
report found twice in the library."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportkb import build as build_mod
from reportkb import copies, pipeline, search, synth
from reportkb import draft as draft_mod

from .conftest import REPORTS, ROOT

OWN_SENTENCES = (
    "今年我到联系的三个村走访了十一次，帮助解决了灌溉水渠年久失修的问题，但跟踪回访做得不够。",
    "在推进老旧小区改造时，我对居民提出的加装电梯诉求研究得不细，方案几经反复才定下来。",
    "分管的窗口单位去年收到群众投诉七件，我只过问了其中的两件，其余交给科室处理后没有再看结果。",
    "对年轻干部压担子多、谈心少，有两名同志因为工作压力大情绪低落，我发现得比较晚。",
    "开会时我习惯先讲自己的意见，班子其他同志往往顺着说，真正的不同看法很少摆到桌面上。",
    "在防汛值守期间，我对值班记录的抽查流于形式，有一晚的巡查表是事后补填的，我没有及时发现。",
)
"""Sentences written for these tests (in no sample): a draft's own text, which must never be marked."""


def own_draft(*paragraphs: str) -> str:
    return "关于本年度民主生活会的个人对照检查材料\n" + "\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """docs/ with the samples built into it: the library's files as `reportkb check` reads them."""
    docs = tmp_path_factory.mktemp("library") / "docs"
    build_mod.build(REPORTS, docs, ROOT / "vocab")
    return docs


@pytest.fixture(scope="module")
def samples(voc):
    return [c.report for path in build_mod.report_files(REPORTS) for c in pipeline.convert_file(path, voc)]


def checked(text: str, docs: Path, tmp_path: Path, voc, phrases=None) -> tuple[copies.Copies, str]:
    path = tmp_path / "初稿.txt"
    path.write_text(text, encoding="utf-8")
    (conversion,) = pipeline.convert_file(path, voc)
    found = copies.find(conversion.report, docs, voc.set_phrases if phrases is None else phrases)
    return found, copies.draft_text(conversion.report)


def test_the_normal_form_forgets_what_a_light_edit_changes():
    assert copies.normal_form("２０２２年，存在的主要問題（一）") == copies.normal_form("2021年 存在的主要问题(三)")
    assert copies.normal_form("第三次") == copies.normal_form("第5次")
    assert copies.normal_form("红红脸、出出汗！") == "红红脸出出汗"


@given(st.text())
def test_the_normal_form_maps_back_to_the_text(text):
    normal, where = copies.normalized(text)
    assert normal == copies.normal_form(text)
    assert len(where) == len(normal) and where == sorted(where)
    assert all(text[i].translate(copies.NORMAL) == normal[k] for k, i in enumerate(where))


def test_the_build_and_a_check_hash_grams_alike(samples):
    """The build hashes with numpy, a check (in Pyodide) with plain Python: the same fingerprints."""
    hashes, passages, owners = copies.gram_arrays(samples)
    expected = [(h, n, r) for r, n, p in numbered(samples) for h in copies.grams(copies.normal_form(p.text))]
    assert list(zip(hashes.tolist(), passages.tolist(), owners.tolist(), strict=True)) == expected


def numbered(reports):
    n = 0
    for r, report in enumerate(reports):
        for passage in report.passages():
            yield r, n, passage
            n += 1


def test_copied_sentences_are_found_with_their_source_and_own_ones_are_not(library, samples, voc, tmp_path):
    rng = random.Random(5)
    found = total = 0
    for _ in range(12):
        paragraphs, copied = [], []
        for own in rng.sample(OWN_SENTENCES, 3):
            report = rng.choice(samples)
            sentence = rng.choice([s for p in report.passages() for s in synth.sentences_of(p.text)])
            for edit in rng.sample(synth.EDITS, rng.randint(1, 2)):
                sentence = synth.light_edit(sentence, edit, rng)
            copied.append((sentence, report.slug))
            paragraphs += [sentence, own]
        result, text = checked(own_draft(*paragraphs), library, tmp_path, voc)
        for sentence, slug in copied:
            total += 1
            found += any(slug in {s.slug for s in c.sources} for c in result.over(text, sentence))
        for own in OWN_SENTENCES:
            assert not result.over(text, own), own
        for c in result.passages:  # offsets are in the text the check read
            assert text[c.start : c.end] == c.text
    assert found / total >= 0.9, f"{found}/{total}"  # the bench measures it on a larger set (at least 95 % wanted)


def test_a_copied_stretch_names_its_source_places_and_the_longest_is_summed_up(library, samples, voc, tmp_path):
    team = next(r for r in samples if r.slug == "ju-dangzu-2022-team")
    points = [p for p in team.passages() if len(p.text) > 60][:2]
    result, text = checked(own_draft(OWN_SENTENCES[0], points[0].text + points[1].text, OWN_SENTENCES[1]), library, tmp_path, voc)
    (stretch,) = result.passages
    assert [(s.slug, s.anchor) for s in stretch.sources] == [(team.slug, p.anchor) for p in points]
    assert stretch.text == text[stretch.start : stretch.end]
    assert 0.5 < result.share < 0.9
    summary = copies.summary(result)
    assert summary.startswith(
        f"全文约 {round(result.share * 100)}% 与样例库中的材料相同；最长的一段连续 {copies.chars(stretch.text)} 字"
    )
    assert f"与《{team.title}》相同" in summary


def test_the_genres_stock_phrases_are_no_copies(library, voc, tmp_path):
    stock = (
        "要敢于红红脸、出出汗。严格落实一岗双责。坚持以习近平新时代中国特色社会主义思想为指导。以上对照检查，请各位同志批评指正。"
    )
    result, _ = checked(own_draft(OWN_SENTENCES[2], stock, OWN_SENTENCES[3]), library, tmp_path, voc)
    assert result.passages == () and result.share == 0
    assert copies.summary(result) == "没有发现与样例库中的材料相同的句子。"
    unlisted, _ = checked(own_draft(OWN_SENTENCES[2], stock, OWN_SENTENCES[3]), library, tmp_path, voc, phrases=())
    assert unlisted.passages, "without the set wording, the samples' 习近平新时代… sentence would be a copy"


def test_a_point_shows_the_librarys_passages_most_like_it(library, samples, voc, tmp_path):
    shenpi = next(r for r in samples if r.slug == "shenpiju-2022-annual-personal")
    point = next(p for p in shenpi.passages() if p.role == "problems" and p.label == "一是" and len(p.text) > 40)
    edited = synth.light_edit(point.text[2:], "word", random.Random(1))
    draft = own_draft("一、存在的问题", "（一）在工作作风方面", "一是" + edited, "二是" + OWN_SENTENCES[4])
    path = tmp_path / "初稿.txt"
    path.write_text(draft, encoding="utf-8")
    (conversion,) = pipeline.convert_file(path, voc)
    found = copies.find(conversion.report, library, voc.set_phrases)
    (first, *_), *rest = [found.similar[n.id] for n in conversion.report.walk() if n.id in found.similar]
    assert (first.slug, first.anchor) == (shenpi.slug, point.anchor)
    assert not rest  # the point of the draft's own words has none


def test_check_json_carries_the_copies(library, samples, tmp_path):
    team = next(r for r in samples if r.slug == "ju-dangzu-2022-team")
    copied = next(p for p in team.passages() if len(p.text) > 60)
    path = tmp_path / "初稿.txt"
    path.write_text(own_draft(OWN_SENTENCES[0], copied.text), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "reportkb", "check", "--json", "--docs", str(library), str(path)], capture_output=True, text=True
    )
    data = json.loads(run.stdout)["copies"]
    assert 0 < data["share"] < 1
    (passage,) = data["passages"]
    place = copied.label or "开篇"  # the first long passage is the opening
    source = {"slug": team.slug, "title": team.title, "anchor": copied.anchor, "label": copied.label, "place": place}
    assert passage["sources"][0] == source
    assert passage["text"] == copied.text and passage["end"] - passage["start"] == len(copied.text)
    text = subprocess.run(
        [sys.executable, "-m", "reportkb", "check", "--docs", str(library), str(path)], capture_output=True, text=True
    )
    assert "查重：全文约" in text.stdout and "Traceback" not in text.stderr


def test_without_the_librarys_data_the_check_says_so_in_one_line(tmp_path):
    path = tmp_path / "初稿.txt"
    path.write_text(own_draft(OWN_SENTENCES[0]), encoding="utf-8")
    command = [sys.executable, "-m", "reportkb", "check", "--docs", str(tmp_path), str(path)]
    as_json = subprocess.run([*command[:4], "--json", *command[4:]], capture_output=True, text=True)
    assert json.loads(as_json.stdout)["copies"] is None and as_json.stderr == ""
    as_text = subprocess.run(command, capture_output=True, text=True)
    (line,) = [x for x in as_text.stdout.splitlines() if x.startswith("查重：")]
    assert "没有样例库的查重数据" in line and "reportkb build" in line and line.endswith("这次没有查重。")
    assert as_text.stderr == ""


NO_LINKS = json.dumps({"phrases": [], "aspects": {}, "roles": []})
"""What the library holds for the links (indexes.library_links): nothing, here."""


def test_the_worker_gets_what_a_check_needs_in_three_rounds(library, voc, tmp_path):
    """The worker's protocol (draft.check_file): an empty folder, the files each answer names copied in, asked again."""
    leader = next(p for p in REPORTS.glob("yingshang-leader-*.txt"))
    draft = tmp_path / "初稿.txt"
    draft.write_text(own_draft(OWN_SENTENCES[0], *leader.read_text("utf-8").splitlines()[20:24]), encoding="utf-8")
    folder, rounds = tmp_path / "library", 0
    while "need" in (
        answer := json.loads(draft_mod.check_file(str(draft), str(ROOT / "vocab"), "初稿.txt", NO_LINKS, str(folder)))
    ):
        rounds += 1
        assert rounds <= 3 and set(answer["fixed"]) == set(copies.FIXED)
        for name in answer["need"]:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(library / name, folder / name)
    assert rounds == 3
    (report,) = answer["reports"]
    assert report["copies"]["passages"] and report["copies"]["summary"].startswith("全文约")


def test_a_report_in_the_library_twice_is_found_and_shown_once(tmp_path, voc):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    docs = tmp_path / "docs"
    build_mod.build(reports, docs, ROOT / "vocab")
    leader = (reports / "yingshang-leader-personal.txt").read_text("utf-8").splitlines()
    before, _ = checked(own_draft(*leader[20:23]), docs, tmp_path, voc)
    assert {s.slug for c in before.passages for s in c.sources} == {"yingshang-leader-personal"}
    shutil.copy(reports / "yingshang-leader-personal.txt", reports / "zz-from-another-site.txt")
    result = build_mod.build(reports, docs, ROOT / "vocab")  # into the same folder: a check reads the new library
    after, _ = checked(own_draft(*leader[20:23]), docs, tmp_path, voc)
    assert {s.slug for c in after.passages for s in c.sources} == {"yingshang-leader-personal", "zz-from-another-site"}
    again = build_mod.build(reports, docs, ROOT / "vocab")
    assert not [p for p in again.written if p.suffix == ".html"], "a page that says which report it is is written once"
    assert result.same == ((str(reports / "yingshang-leader-personal.txt"), str(reports / "zz-from-another-site.txt")),)
    assert any("同一篇材料" in line and "zz-from-another-site.txt" in line for line in build_mod.summary(result))
    for slug, other in (
        ("zz-from-another-site", "yingshang-leader-personal"),
        ("yingshang-leader-personal", "zz-from-another-site"),
    ):
        page = (docs / "reports" / f"{slug}.html").read_text("utf-8")
        assert f'<p class="rk-same">这篇材料与《<a href="{other}.html">' in page and "》全文相同" in page
    assert "rk-same" not in (docs / "reports" / "ju-dangzu-2022-team.html").read_text("utf-8")
    tables = search.read_tables((docs / "reports" / search.DATA_FILE).read_text("utf-8"))
    counts = dict(zip([r[0] for r in tables["reports"]], tables["passageCounts"], strict=True))
    shared = {first: others for first, others in tables["seeAlso"]}
    assert len(shared) >= counts["zz-from-another-site"] // 2  # the long passages of one are the other's
    assert all(len(others) == 1 for others in shared.values())
