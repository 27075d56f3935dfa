"""The search engine alone, in a Web Worker (where there is no DOM): exact recall and precision
over the samples' search data, split into several shards; snippets; facets."""

from __future__ import annotations

import json
import random

import pytest

from reportkb import search
from reportkb.build import report_files

from .conftest import REPORTS, ROOT
from .helpers import convert
from .test_phrases import PDF_COPY, PHRASES, RARE_CHARACTERS, TRADITIONAL, expected_hits, oracle_fold

ENGINE = ROOT / "docs" / "javascripts" / "search-engine.js"
WORKER = """
var window = self, engine = null, lazy = null, held = [], titles = [];
self.%(callback)s = function (packed) { held.push(packed); };  // in the tables' order
self.%(index_callback)s = function (part) { engine.addIndex(part); lazy.addIndex(part); };
self.%(titles_callback)s = function (part) { titles.push(part); };
%(tables)s
engine = new RkSearch.Engine(window.%(name)s);
lazy = new RkSearch.Engine(window.%(name)s);
%(index)s
%(shards)s
%(titles)s
titles.forEach(function (part) { engine.addTitles(part); });
// The lazy engine loads only what each query's plan names, as the page does: every hit must come
// from those shards, so its hits are the full engine's hits (the index never leaves one out).
function lazily(query) {
  var plan = lazy.plan(query), read = 0;
  (plan.missing || []).forEach(function (n) { lazy.addShard(held[n]); read++; });
  var result = lazy.search(query);
  result.plan.titles.forEach(function (n) { lazy.addTitles(titles[n]); });
  var again = lazy.search(query);
  var titled = again.hits.every(function (h) { return lazy.meta(h.id).title === engine.meta(h.id).title; });
  return { complete: again.complete && titled, hits: result.hits.length, read: read, candidates: plan.shards.length };
}
onmessage = function (event) {
  postMessage(event.data.map(function (query) {
    var result = engine.search(query);
    if (!result) return null;
    return {
      lazy: lazily(query),
      hits: result.hits.map(function (hit) {
        var meta = engine.meta(hit.id), snippet = engine.snippet(result, hit, 36);
        return {
          hit: meta.slug + ".html#" + meta.anchor,
          marked: snippet.parts.filter(function (p) { return p.mark; }).map(function (p) { return p.text; }),
          shown: snippet.parts.map(function (p) { return p.text; }).join(""),
          exact: engine.exact(result, hit.id)
        };
      })
    };
  }));
};
Promise.all(held.map(RkSearch.unpack)).then(function (shards) {
  held = shards;
  held.forEach(function (shard) { engine.addShard(shard); });
  postMessage({ready: held.length, shards: engine.data.shards.length, indexFiles: engine.data.indexFiles.length});
});
"""
"""The engine in a worker: the full one (every shard) and a lazy one (only what a query's plan names)."""


@pytest.fixture(scope="module")
def corpus(voc):
    """The samples, a PDF copy (lines joined), a report in traditional characters and one with characters
    outside the Basic Multilingual Plane."""
    return [convert(p, voc) for p in [*report_files(REPORTS), PDF_COPY, TRADITIONAL, RARE_CHARACTERS]]


def engine_source(corpus, voc, shard_chars: int, index_chars: int) -> tuple[str, int, int]:
    """The worker's script over the corpus's search data; and how many shards and index files it has."""
    files = search.data_scripts(corpus, voc, search.FileSizes(shard_chars, index_chars))
    tables = json.loads(files[search.DATA_FILE].split("=", 1)[1].rstrip(";\n"))
    shards = "".join(files[search.SHARD_FILE.format(key=key)] for key in tables["shards"])
    index = "".join(files[search.INDEX_FILE.format(key=key)] for key in tables["indexFiles"])
    titles = "".join(files[search.TITLES_FILE.format(key=key)] for key in tables["titleFiles"])
    source = ENGINE.read_text("utf-8") + WORKER % {
        "callback": search.SHARD_CALLBACK,
        "index_callback": search.INDEX_CALLBACK,
        "titles_callback": search.TITLES_CALLBACK,
        "titles": titles,
        "tables": files[search.DATA_FILE],
        "name": search.GLOBAL_NAME,
        "shards": shards,
        "index": index,
    }
    return source, len(tables["shards"]), len(tables["indexFiles"])


SIZES = {"small-files": (1500, 3000), "large-files": (30_000, 40_000)}
"""Shard and index file sizes the engine is tried with: many small files, and a few large ones."""


@pytest.fixture(scope="module", params=list(SIZES))
def worker_page(request, browser, corpus, voc):
    """A blank page running the engine over the samples' data in a Web Worker; returns ask(queries)."""
    source, shards, index_files = engine_source(corpus, voc, *SIZES[request.param])
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("about:blank")
    started = page.evaluate(
        """source => new Promise((resolve, reject) => {
            const worker = new Worker(URL.createObjectURL(new Blob([source], {type: "text/javascript"})));
            window.__worker = worker;
            worker.onerror = e => reject(new Error(e.message));
            worker.onmessage = e => resolve(e.data);
        })""",
        source,
    )
    assert started == {"ready": shards, "shards": shards, "indexFiles": index_files}
    assert shards > 3 if request.param == "small-files" else shards >= 1

    def ask(queries: list[str]):
        answers = page.evaluate(
            """queries => new Promise(resolve => {
                window.__worker.onmessage = e => resolve(e.data);
                window.__worker.postMessage(queries);
            })""",
            queries,
        )
        for query, answer in zip(queries, answers, strict=True):
            if answer:  # what only the plan's shards give is all of it
                assert answer["lazy"]["complete"] and answer["lazy"]["hits"] == len(answer["hits"]), query
        return [a and a["hits"] for a in answers]

    def plans(queries: list[str]):
        """What the lazy engine read for each query: {complete, hits, read, candidates}."""
        return [
            a["lazy"]
            for a in page.evaluate(
                """queries => new Promise(resolve => {
                window.__worker.onmessage = e => resolve(e.data);
                window.__worker.postMessage(queries);
            })""",
                queries,
            )
        ]

    ask.plans = plans
    yield ask
    context.close()
    assert errors == []


def test_engine_finds_exactly_the_passages_that_hold_a_phrase(worker_page, corpus):
    reading = {f"{r.slug}.html#{p.anchor}": (i, k) for i, r in enumerate(corpus) for k, p in enumerate(r.passages())}
    answers = worker_page(PHRASES)
    for query, answer in zip(PHRASES, answers, strict=True):
        found = [a["hit"] for a in answer]
        assert len(found) == len(set(found)), query
        assert set(found) == expected_hits(corpus, query), query
        assert found == sorted(found, key=reading.get), "hits in reading order, report by report"


def test_random_substrings_of_passages_are_found(worker_page, corpus):
    """The oracle: random pieces of random passages (of the PDF copy's joined lines, of the
    traditional report) are found in exactly the passages that hold them, and reading only the
    shards the index names gives every one of them (checked in `ask`)."""
    rng = random.Random(7)
    texts = [p.text for r in corpus for p in r.passages()]
    queries = []
    for _ in range(120):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        piece = text[start : start + rng.randint(2, 12)].strip()
        if piece and search.SEPARATOR not in piece and not any(c.isspace() for c in piece):
            queries.append(piece)
    for query, answer in zip(queries, worker_page(queries), strict=True):
        assert {a["hit"] for a in answer} == expected_hits(corpus, query), query


def test_characters_outside_the_basic_plane_match_whole(worker_page, corpus):
    """𠴛 matches itself and its traditional form 𡃕, never 𠰀 (U+20C00), which shares a surrogate with it."""
    queries = ["𠴛", "𡃕", "𠰀", "𠰀塘", "𡃕村", "住在𠴛村"]
    answers = worker_page(queries)
    for query, answer in zip(queries, answers, strict=True):
        assert {a["hit"] for a in answer} == expected_hits(corpus, query), query
    found = dict(zip(queries, answers, strict=True))
    assert len(found["𠰀"]) == 2 and len(found["𠴛"]) == 2 and len(found["住在𠴛村"]) == 1
    assert {m for a in found["𠴛"] for m in a["marked"]} == {"𡃕", "𠴛"}


def test_snippets_mark_the_words_and_exact_matches_are_told_apart(worker_page):
    (answer,) = worker_page(["红脸出汗"])
    assert answer and all(set(a["marked"]) == {"红脸出汗"} and a["exact"] for a in answer)
    (folded,) = worker_page(["比如,"])
    assert folded and all(m in ("比如，", "比如,") for a in folded for m in a["marked"])
    assert not all(a["exact"] for a in folded)
    assert worker_page(["   "]) == [None]


def test_a_hit_of_several_words_shows_every_word(worker_page, corpus):
    for query in ("营商 整改", "理论 不够 学习", "群众 服务 意识", "红脸出汗 批评"):
        (answer,) = worker_page([query])
        assert answer, query
        for a in answer:
            shown = oracle_fold(a["shown"])
            assert all(oracle_fold(word) in shown for word in query.split()), (query, a["shown"])


def test_a_rare_phrase_or_none_reads_few_shards(worker_page):
    missing, rare, common = worker_page.plans(["没有这样的话语", "红脸出汗", "的"])
    assert missing == {"complete": True, "hits": 0, "read": 0, "candidates": 0}
    assert rare["complete"] and 0 < rare["candidates"] <= common["candidates"]
    assert rare["candidates"] < common["candidates"] or common["candidates"] < 3  # a few large files: no room to skip


def test_facets_count_each_filter_with_the_others_applied(browser, corpus, voc):
    files = search.data_scripts(corpus, voc, search.FileSizes(1500, 3000))
    page = browser.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(ENGINE))
    page.add_script_tag(content=f"window.{search.SHARD_CALLBACK} = s => window.__unpacking.push(RkSearch.unpack(s));")
    page.add_script_tag(content=f"window.{search.INDEX_CALLBACK} = s => window.__engine.addIndex(s);")
    page.add_script_tag(content=f"window.{search.TITLES_CALLBACK} = s => window.__engine.addTitles(s);")
    page.add_script_tag(content=files[search.DATA_FILE])
    page.evaluate(f"window.__engine = new RkSearch.Engine(window.{search.GLOBAL_NAME})")
    page.evaluate("window.__unpacking = []")
    for name, script in files.items():
        if name != search.DATA_FILE:
            page.add_script_tag(content=script)
    page.evaluate("Promise.all(window.__unpacking).then(shards => shards.forEach(s => window.__engine.addShard(s)))")
    result = page.evaluate(
        """() => {
            const e = window.__engine, hits = e.search("作风").hits;
            const all = e.facets(hits, e.wanted({}));
            const some = e.facets(hits, e.wanted({role: "problems", year: "2022"}));
            const plain = m => Object.fromEntries(m);
            return {total: hits.length, all: all.shown.length, roles: plain(all.counts.role),
                    some: some.shown.length, someRoles: plain(some.counts.role), years: plain(some.counts.year)};
        }"""
    )
    page.close()
    assert result["all"] == result["total"] == sum(result["roles"].values())
    assert result["some"] == result["someRoles"]["problems"] < result["total"]
    assert result["years"]["2022"] == result["some"] < sum(result["years"].values())  # the year facet ignores the year filter
