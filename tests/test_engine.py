"""The search engine alone, in a Web Worker (where there is no DOM): exact recall and precision
over the samples' search data, split into several shards; snippets; facets."""

from __future__ import annotations

import random

import pytest

from reportkb import search
from reportkb.build import report_files

from .conftest import REPORTS, ROOT
from .helpers import convert
from .test_phrases import PHRASES, expected_hits

ENGINE = ROOT / "docs" / "javascripts" / "search-engine.js"
WORKER = """
var window = self, engine = null;
self.%(callback)s = function (shard) { engine.addShard(shard); };
%(tables)s
engine = new RkSearch.Engine(window.%(name)s);
%(shards)s
onmessage = function (event) {
  postMessage(event.data.map(function (query) {
    var result = engine.search(query);
    if (!result) return null;
    return result.hits.map(function (hit) {
      var meta = engine.meta(hit.id), snippet = engine.snippet(result, hit, 36);
      return {
        hit: meta.slug + ".html#" + meta.anchor,
        marked: snippet.parts.filter(function (p) { return p.mark; }).map(function (p) { return p.text; }),
        exact: engine.exact(result, hit.id)
      };
    });
  }));
};
postMessage({ready: engine.complete(), shards: engine.data.shards});
"""


@pytest.fixture(scope="module")
def corpus(voc):
    return [convert(p, voc) for p in report_files(REPORTS)]


@pytest.fixture(scope="module")
def worker_page(browser, corpus, voc):
    """A blank page running the engine over the samples' data in a Web Worker; returns ask(queries)."""
    files = search.data_scripts(corpus, voc, shard_chars=4000)
    shards = [files[search.shard_file(i)] for i in range(len(files) - 1)]
    source = ENGINE.read_text("utf-8") + WORKER % {
        "callback": search.SHARD_CALLBACK,
        "tables": files[search.DATA_FILE],
        "name": search.GLOBAL_NAME,
        "shards": "".join(shards),
    }
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
    assert started == {"ready": True, "shards": len(shards)} and len(shards) > 3

    def ask(queries: list[str]):
        return page.evaluate(
            """queries => new Promise(resolve => {
                window.__worker.onmessage = e => resolve(e.data);
                window.__worker.postMessage(queries);
            })""",
            queries,
        )

    yield ask
    context.close()
    assert errors == []


def test_engine_finds_exactly_the_passages_that_hold_a_phrase(worker_page, corpus):
    answers = worker_page(PHRASES)
    for query, answer in zip(PHRASES, answers, strict=True):
        found = [a["hit"] for a in answer]
        assert len(found) == len(set(found)), query
        assert set(found) == expected_hits(corpus, query), query


def test_random_substrings_of_passages_are_found(worker_page, corpus):
    rng = random.Random(7)
    texts = [p.text for r in corpus for p in r.passages()]
    queries = []
    for _ in range(60):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        piece = text[start : start + rng.randint(2, 12)].strip()
        if piece and search.SEPARATOR not in piece and not any(c.isspace() for c in piece):
            queries.append(piece)
    for query, answer in zip(queries, worker_page(queries), strict=True):
        assert {a["hit"] for a in answer} == expected_hits(corpus, query), query


def test_snippets_mark_the_words_and_exact_matches_are_told_apart(worker_page):
    (answer,) = worker_page(["红脸出汗"])
    assert answer and all(set(a["marked"]) == {"红脸出汗"} and a["exact"] for a in answer)
    (folded,) = worker_page(["比如,"])
    assert folded and all(m in ("比如，", "比如,") for a in folded for m in a["marked"])
    assert not all(a["exact"] for a in folded)
    assert worker_page(["   "]) == [None]


def test_facets_count_each_filter_with_the_others_applied(browser, corpus, voc):
    files = search.data_scripts(corpus, voc, shard_chars=4000)
    page = browser.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(ENGINE))
    page.add_script_tag(content=f"window.{search.SHARD_CALLBACK} = s => window.__engine.addShard(s);")
    page.add_script_tag(content=files[search.DATA_FILE])
    page.evaluate(f"window.__engine = new RkSearch.Engine(window.{search.GLOBAL_NAME})")
    for i in range(len(files) - 1):
        page.add_script_tag(content=files[search.shard_file(i)])
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
