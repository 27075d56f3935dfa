"""The search engine alone, in a Web Worker (where there is no DOM): exact recall and precision
over the samples' search data, split into several shards; snippets; facets."""

from __future__ import annotations

import random

import pytest

from reportkb import search
from reportkb.build import report_files

from .conftest import REPORTS, ROOT
from .helpers import convert
from .test_phrases import PDF_COPY, PHRASES, RARE_CHARACTERS, TRADITIONAL, expected_hits, oracle_fold

ENGINE = ROOT / "docs" / "javascripts" / "search-engine.js"
WORKER = """
var window = self, engine = null, lazy = null, waits = [], shards = {}, index = [], postings = {}, titles = [];
var read = 0;
self.%(shard_callback)s = function (key, packed) {
  waits.push(RkSearch.unpackJson(packed).then(function (s) { shards[key] = s; }));
};
self.%(index_callback)s = function (part) {
  waits.push(RkSearch.unpack(part.postings).then(function (b) { index[part.index] = [part, b]; }));
};
self.%(postings_callback)s = function (key, packed) {
  waits.push(RkSearch.unpack(packed).then(function (b) { postings[key] = b; }));
};
self.%(titles_callback)s = function (part) { titles.push(part); };
%(tables)s
%(files)s
// The lazy engine loads only what each query needs, as the page does: the index files and postings
// its plan names (which give every hit and count), then the shards of the hits (to show them) or of
// the candidates of a one-character term (to confirm them). Its hits must be the full engine's.
function lazily(query) {
  lazy = new RkSearch.Engine(engine.data, engine.passageRoles);  // nothing loaded: what this query needs only
  titles.forEach(function (part) { lazy.addTitles(part); });
  var result = lazy.search(query), files = 0, rounds = 0;
  while (result && (result.plan.files.length || result.plan.postings.length) && rounds++ < 4) {
    result.plan.files.forEach(function (n) { lazy.addIndex(index[n][0], index[n][1]); files++; });
    result.plan.postings.forEach(function (key) { lazy.addPostings(key, postings[key]); files++; });
    result = lazy.search(query);
  }
  var counted = result.complete, known = result.hits.length, texts = 0;
  while (result.pending.length) {
    lazy.shardsOf(result.pending.slice(0, 50)).forEach(function (n) {
      lazy.addShard(lazy.data.shards[n], shards[lazy.data.shards[n]]);
      texts++;
    });
    result = lazy.search(query);
  }
  return { complete: result.complete, counted: counted, known: known, hits: result.hits.length, read: files, texts: texts,
           ids: result.hits.map(function (h) { return h.id; }) };
}
function facets(query) {
  var hits = engine.search(query).hits, all = engine.facets(hits, engine.wanted({}));
  var some = engine.facets(hits, engine.wanted({role: "problems", year: "2022"}));
  var plain = function (m) { return Object.fromEntries(m); };
  return {total: hits.length, all: all.shown.length, roles: plain(all.counts.role),
          some: some.shown.length, someRoles: plain(some.counts.role), years: plain(some.counts.year)};
}
onmessage = function (event) {
  if (event.data.facets) return postMessage(event.data.facets.map(facets));
  postMessage(event.data.map(function (query) {
    var result = engine.search(query);
    if (!result) return null;
    var lazyResult = lazily(query), ids = result.hits.map(function (h) { return h.id; });
    lazyResult.same = JSON.stringify(lazyResult.ids) === JSON.stringify(ids);
    delete lazyResult.ids;
    return {
      lazy: lazyResult,
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
Promise.all(waits.concat([RkSearch.Engine.open(window.%(name)s), RkSearch.Engine.open(window.%(name)s)])).then(function (opened) {
  engine = opened[opened.length - 2];
  lazy = opened[opened.length - 1];
  Object.keys(shards).forEach(function (key) { engine.addShard(key, shards[key]); });
  index.forEach(function (entry) { engine.addIndex(entry[0], entry[1]); });
  Object.keys(postings).forEach(function (key) { engine.addPostings(key, postings[key]); });
  titles.forEach(function (part) { engine.addTitles(part); lazy.addTitles(part); });
  var data = engine.data;
  postMessage({ready: engine.shards.filter(Boolean).length, shards: data.shards.length, indexFiles: data.indexFiles.length});
});
"""
"""The engine in a worker: the full one (every file) and a lazy one (only what a query needs)."""


@pytest.fixture(scope="module")
def corpus(voc):
    """The samples, a PDF copy (lines joined), a report in traditional characters and one with characters
    outside the Basic Multilingual Plane."""
    return [convert(p, voc) for p in [*report_files(REPORTS), PDF_COPY, TRADITIONAL, RARE_CHARACTERS]]


def engine_source(corpus, voc, shard_chars: int, index_chars: int) -> tuple[str, int, int]:
    """The worker's script over the corpus's search data; and how many shards and index files it has."""
    files = search.data_scripts(corpus, voc, search.FileSizes(shard_chars, index_chars))
    tables = search.read_tables(files[search.DATA_FILE])
    source = ENGINE.read_text("utf-8") + WORKER % {
        "shard_callback": search.SHARD_CALLBACK,
        "index_callback": search.INDEX_CALLBACK,
        "postings_callback": search.POSTINGS_CALLBACK,
        "titles_callback": search.TITLES_CALLBACK,
        "tables": files[search.DATA_FILE],
        "name": search.GLOBAL_NAME,
        "files": "".join(text for name, text in files.items() if name != search.DATA_FILE),
    }
    return source, len(tables["shards"]), len(tables["indexFiles"])


SIZES = {"small-files": (1500, 1200), "large-files": (30_000, 100_000)}
"""Shard and index file sizes the engine is tried with: many small files (and many grams with postings
files of their own), and a few large ones."""


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
            if answer:  # what only the files a query needs give is all of it, the same hits in the same order
                assert answer["lazy"]["complete"] and answer["lazy"]["same"], query
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

    def facets(queries: list[str]):
        """Each filter's counts over the hits of each query, with and without filters."""
        return page.evaluate(
            """queries => new Promise(resolve => {
                window.__worker.onmessage = e => resolve(e.data);
                window.__worker.postMessage({facets: queries});
            })""",
            queries,
        )

    ask.plans = plans
    ask.facets = facets
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


def test_hits_and_counts_come_from_the_postings_alone(worker_page):
    """A phrase of two characters or more is found, counted and ordered from the index and postings
    files of its grams, without any text; a missing one reads its grams' index files and nothing else;
    only a one-character term reads text, to confirm its candidates."""
    missing, rare, common, single = worker_page.plans(["没有这样的话语", "红脸出汗", "作风", "的"])
    assert missing["complete"] and missing["hits"] == 0 and missing["texts"] == 0
    assert rare["counted"] and rare["known"] == rare["hits"] > 0 and rare["texts"] == 0 and rare["read"] <= 3
    assert common["counted"] and common["known"] == common["hits"] > rare["hits"] and common["texts"] == 0
    assert not single["counted"] and single["texts"] > 0 and single["hits"] > common["hits"]


def test_facets_count_each_filter_with_the_others_applied(worker_page):
    (answer,) = worker_page.facets(["作风"])
    assert answer["all"] == answer["total"] == sum(answer["roles"].values())
    assert answer["some"] == answer["someRoles"]["problems"] < answer["total"]
    assert answer["years"]["2022"] == answer["some"] < sum(answer["years"].values())  # the year facet ignores the year filter
