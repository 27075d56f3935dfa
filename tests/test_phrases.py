"""例句检索 in the browser: type, filter, share, click through; exact recall and precision."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from reportkb import search
from reportkb.build import report_files
from reportkb.hanzi import simplified
from reportkb.model import Section

from .conftest import ROOT, make_project, mkdocs_build, with_extra
from .helpers import convert
from .test_browser import watched_page

PDF_COPY = ROOT / "tests" / "fixtures" / "pdf-copy.txt"
TRADITIONAL = ROOT / "tests" / "fixtures" / "traditional.txt"
RARE_CHARACTERS = ROOT / "tests" / "fixtures" / "rare-characters.txt"
"""Characters outside the Basic Multilingual Plane: 𡃕 (traditional, folded to 𠴛) beside 𠰀 (U+20C00),
which shares a surrogate with 𠴛 (a regular expression without the u flag matched one for the other)."""
ORACLE_FOLD = str.maketrans(
    {**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", "“": '"', "”": '"', "‘": "'", "’": "'"}
)


def oracle_fold(text: str) -> str:
    """Independent of reportkb.search: full-width forms as ASCII, curly quotes straight, letters lower,
    traditional characters simplified (OpenCC's table, as hanzi.py reads it)."""
    return "".join(c.lower() if c.isascii() else c for c in simplified(text).translate(ORACLE_FOLD))


def oracle_passages(report) -> list[tuple[str, str]]:
    """(anchor, text) of every passage, from the document model."""
    out = [("preamble", report.preamble)] if report.preamble else []

    def visit(s: Section):
        out.append((s.id, s.heading))
        if s.lead:
            out.append((f"{s.id}-lead", s.lead))
        out.extend((p.id, p.text) for p in s.points)
        for c in s.children:
            visit(c)

    for s in report.sections:
        visit(s)
    return out + ([("closing", report.closing)] if report.closing else [])


def expected_hits(reports, query: str) -> set[str]:
    terms = [oracle_fold(t) for t in query.split()]
    return {
        f"{r.slug}.html#{anchor}"
        for r in reports
        for anchor, text in oracle_passages(r)
        if all(t in oracle_fold(text) for t in terms)
    }


@pytest.fixture(scope="module")
def search_project(tmp_path_factory, voc):
    """The samples and the PDF copy, with the search data split into several small files."""
    sizes = f"reportkb: {{shard_chars: {SHARD_CHARS}, index_chars: {SHARD_CHARS}}}"
    project = with_extra(make_project(tmp_path_factory.mktemp("search")), sizes)
    shutil.copy(PDF_COPY, project / "reports" / "pdf-copy.txt")
    shutil.copy(TRADITIONAL, project / "reports" / "traditional.txt")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    data = project / "site" / "reports"
    assert len(list(data.glob(search.SHARD_FILE.format(key="*")))) > 3, "the corpus should span several shards"
    assert len(list(data.glob(search.INDEX_FILE.format(key="*")))) > 3, "and the index several files"
    reports = [convert(p, voc) for p in report_files(project / "reports")]
    return project / "site", reports


DRAWN = "document.querySelector('[data-rk-results]').dataset.drawn === 'true'"
"""Every hit of the screen is drawn (their text has arrived)."""


def shown_hits(page) -> list[str]:
    """Every hit's link (report page and anchor), after showing all of them."""
    page.wait_for_function(DRAWN)
    while page.locator(".rk-more").count():
        page.locator(".rk-more").click()
        page.wait_for_function(DRAWN)
    hrefs = page.locator("[data-rk-results] [data-hit] a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [h.split("/reports/", 1)[1] for h in hrefs]


def option_count(page, name: str, label: str) -> int:
    """The count a filter list shows beside an option: 存在问题（12） → 12."""
    options = page.locator(f'[data-rk-filter="{name}"] option').all_inner_texts()
    return int(next(o for o in options if o.startswith(label)).split("（")[1].rstrip("）"))


def type_query(page, query: str, paste: bool = False, filters: bool = True) -> None:
    """Type a query key by key, or paste it (as a writer copying a phrase from a draft); wait for all hits
    (and for the filter lists, unless `filters` is false)."""
    box = page.locator("[data-rk-kw]")
    box.fill("")
    if paste:
        box.fill(query)
    else:
        box.type(query)
    page.wait_for_function(
        "([q, filters]) => { const r = document.querySelector('[data-rk-results]');"
        " return r.dataset.query === q && r.dataset.complete === 'true' && (!filters || r.dataset.filters === q); }",
        arg=[query.strip(), filters],
    )


PHRASES = [
    "红脸出汗",
    "一岗双责",
    "批评指正",
    "比如，",
    "比如,",
    "（一）",
    "(一)",
    "xx",
    "“四风”",
    '"四风"',
    "两个维护",
    "学习 不够 理论",
    "一是学习传达",  # crosses a line break in the PDF copy
    "2022年以来",  # the PDF copy has 2022 年 with a space
    "这句话哪里都没有",
    "以上 批评",
    "调查研究不够深入",  # simplified, found in the traditional copy too
    "調查研究",  # traditional, found in the simplified samples too
]
SHARD_CHARS = 3000
"""Characters per file of search data in these tests: the samples span several files."""


def shown_once(site, reports) -> set[str]:
    """The passages 例句检索 shows at the same passage of another report (the same report from another
    source: copies.shared_passages), as hit links."""
    tables = search.read_tables((site / "reports" / search.DATA_FILE).read_text("utf-8"))
    numbered = [f"{r.slug}.html#{p.anchor}" for r in reports for p in r.passages()]
    return {numbered[n] for _, others in tables["seeAlso"] for n in others}


def site_hits(site, reports, query: str) -> set[str]:
    """The hits 例句检索 shows on the site for a query: every passage that holds it, a passage that
    reports which are one report share once."""
    return expected_hits(reports, query) - shown_once(site, reports)


def test_recall_and_precision_are_exact_across_shards(browser, search_project, serve):
    site, reports = search_project
    base = serve(site)
    assert shown_once(site, reports), "the PDF copy is a sample's copy: the passages they share are shown once"
    also = []
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        for i, query in enumerate(PHRASES):
            type_query(page, query, paste=i > 0, filters=False)
            expected = site_hits(site, reports, query)
            found = shown_hits(page)
            assert len(found) == len(set(found)), query
            assert set(found) == expected, query
            assert page.locator("[data-rk-status] [data-hit-count]").inner_text() == str(len(expected)), query
            also += page.locator(".rk-hit__also").all_inner_texts()
        assert also and set(also) == {"另见 1 篇"}  # at the passage the PDF copy shares with its sample
        assert "kw=" in page.url
    assert problems == []


def test_a_query_reads_only_the_files_that_can_hold_it(browser, search_project, serve):
    site, reports = search_project
    base = serve(site)
    shards = len(list((site / "reports").glob(search.SHARD_FILE.format(key="*"))))
    for query, most in (("这句话哪里都没有", 0), ("红脸出汗", 2)):
        with watched_page(browser, base) as (page, problems):
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url.rsplit("/", 1)[-1]))
            page.goto(base + "phrases/index.html?kw=" + quote(query))
            page.wait_for_selector("[data-rk-results][data-complete=true][data-drawn=true]", state="attached")
            read = [u for u in requests if u.startswith("search-data-")]
            assert len(read) <= most < shards, (query, read)
            assert page.locator("[data-rk-status] [data-hit-count]").inner_text() == str(len(site_hits(site, reports, query)))
            assert any(u.startswith("search-index-") for u in requests)
            titles = {r.title for r in reports}  # read from their own small files, for the reports found only
            shown = set(page.locator(".rk-group__title a").all_inner_texts())
            assert shown <= titles and bool(shown) == bool(most)
        assert problems == []


def test_filters_show_counts_and_narrow_the_hits(browser, search_project, serve):
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        type_query(page, "作风")
        everything = shown_hits(page)
        assert option_count(page, "role", "全部") == len(everything)
        count = option_count(page, "role", "存在问题")
        page.locator('[data-rk-filter="role"]').select_option("problems")
        page.wait_for_function("() => location.search.includes('role=problems')")
        assert len(shown_hits(page)) == count < len(everything)
        assert set(page.locator("[data-rk-results] .rk-hit__role").all_inner_texts()) == {"存在问题"}
        page.locator('[data-rk-filter="year"]').select_option("2021")
        assert {h.split(".html")[0] for h in shown_hits(page)} == {"xunshi-2021-district-head"}
    assert problems == []


def test_shared_url_opens_with_results_and_a_hit_lands_on_its_passage(browser, search_project, serve):
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/?kw=" + quote("红脸出汗") + "&role=problems")
        page.locator("[data-hit]").first.wait_for()
        assert page.locator('[data-rk-filter="role"]').input_value() == "problems"
        assert page.locator("[data-rk-kw]").input_value() == "红脸出汗"
        page.locator("[data-hit] a").first.click()
        page.wait_for_url("**/reports/yingshang-leader-personal.html#s2-1-p3")
        target = page.locator("#s2-1-p3")
        assert target.is_visible() and "红脸出汗" in target.inner_text()
    assert problems == []


def redrawn(page) -> None:
    """Have the page draw its results again, as it does each time a data file arrives."""
    page.evaluate("document.dispatchEvent(new CustomEvent('rkb:data'))")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_hits_on_the_page_stay_put_while_data_arrives(browser, search_project, serve):
    """A hit being clicked or holding the focus is the same element after a redraw, and 显示更多
    is not undone by one."""
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        type_query(page, "的", filters=False)
        page.locator(".rk-more").click()
        shown = page.locator("[data-rk-results] [data-hit]").count()
        first = page.locator("[data-rk-results] [data-hit] a").first
        first.focus()
        first.evaluate("a => { a.dataset.probe = 'drawn before'; }")
        assert shown == 100
        redrawn(page)
        assert page.evaluate("document.activeElement.dataset.probe") == "drawn before"
        assert page.locator("[data-rk-results] [data-hit]").count() == shown
        type_query(page, "作", filters=False)
        assert page.locator("[data-rk-results] [data-hit]").count() == 50, "a new query starts from the first screenful"
    assert problems == []


def test_search_from_a_folder(browser, search_project):
    site, _ = search_project
    url = Path(site, "phrases", "index.html").as_uri() + "?kw=" + quote("批评指正")
    with watched_page(browser, "file://") as (page, problems):
        page.goto(url)
        page.locator("[data-hit]").first.wait_for()
        link = page.locator("[data-hit] a").last
        href = link.get_attribute("href")
        assert href.startswith("file://") and "/reports/" in href
        link.click()
        page.wait_for_url(href)
        target = page.locator("#" + href.split("#")[1])
        assert target.is_visible() and "批评指正" in target.inner_text()
    assert problems == []


def test_two_searchers_each_get_the_files_their_query_needs(browser, search_project, serve):
    """The 例句检索 page and the header box search side by side: the files one's query waits for are
    not dropped when the other searches (they shared one queue, and the last search won)."""
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, _):
        page.goto(base + "index.html")
        page.evaluate(
            """async () => {
                const ui = RkSearch.ui;
                await ui.load();
                window.__pair = [new ui.Searcher(), new ui.Searcher()];
                window.__pair[0].search("红脸出汗", 50);  // nothing of it is loaded yet
                window.__pair[1].search("一岗双责", 50);
            }"""
        )
        page.wait_for_function(
            """() => ["红脸出汗", "一岗双责"].every(q => {
                const engine = RkSearch.ui.engine(), result = engine.search(q);
                return result.complete && result.hits.length && result.hits.every(h => engine.hasText(h.id));
            })""",
            timeout=15_000,
        )


def test_header_box_uses_the_same_engine(browser, search_project, serve):
    site, reports = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "reports/ju-dangzu-2022-team.html")
        page.wait_for_load_state("networkidle")
        assert not any("search-data" in u for u in requests), "search data loaded before anyone searched"
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.matches('[data-rk-search-input]')")
        page.keyboard.type("一岗双责")
        results = page.locator("[data-rk-search-result]")
        page.wait_for_function(
            "() => { const r = document.querySelector('[data-rk-search-result]');"
            " return r.dataset.query === '一岗双责' && r.dataset.complete === 'true'; }"
        )
        expected = site_hits(site, reports, "一岗双责")
        assert results.locator("[data-hit-count]").inner_text() == str(len(expected))
        hrefs = results.locator("[data-hit] a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert {h.split("/reports/", 1)[1] for h in hrefs} == expected
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.closest('[data-hit]') !== null")
        page.evaluate("document.activeElement.dataset.probe = 'drawn before'")
        redrawn(page)
        assert page.evaluate("document.activeElement.dataset.probe") == "drawn before", "the focused hit was drawn anew"
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        page.keyboard.press("s")
        page.keyboard.press("Enter")
        page.wait_for_url("**/phrases/index.html?kw=*")
        page.locator("[data-rk-results] [data-hit]").first.wait_for()
        assert page.locator("[data-rk-kw]").input_value() == "一岗双责"
    assert problems == []


def test_report_text_in_hits_is_text(browser, hostile_site, serve):
    base = serve(hostile_site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html?kw=" + quote("<script>"))
        hit = page.locator("[data-hit]").first
        hit.wait_for()
        assert "<script>window.__pwned = 1</script>" in hit.inner_text()
        assert page.locator("[data-rk-results] script, [data-rk-results] img").count() == 0
        type_query(page, "onerror")
        assert page.evaluate("window.__pwned") is None
    assert problems == []


def test_simplified_and_traditional_find_each_other(browser, search_project, serve):
    site, reports = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        type_query(page, "一岗双责")
        hits = shown_hits(page)
        assert "traditional.html#s1-2-p2" in hits and any(not h.startswith("traditional") for h in hits)
        assert "落實「一崗雙責」不到位" in page.locator('[data-hit] a[href$="traditional.html#s1-2-p2"]').inner_text()
        type_query(page, "領導幹部")
        hits = shown_hits(page)
        assert hits and all(not h.startswith("traditional") for h in hits)
        assert set(hits) == site_hits(site, reports, "領導幹部")
    assert problems == []


def test_the_meeting_type_filter_names_each_type(browser, search_project, serve):
    site, reports = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        type_query(page, "批评")
        count = option_count(page, "meeting", "专题民主生活会")
        page.locator('[data-rk-filter="meeting"]').select_option("专题")
        page.wait_for_function("() => location.search.includes('meeting=')")
        found = shown_hits(page)
        assert len(found) == count > 0
        meetings = {r.slug: r.meta.meeting for r in reports}
        assert {meetings[h.split(".html")[0]] for h in found} == {"专题"}
    assert problems == []


def test_filter_changes_go_into_the_history_and_a_year_can_be_none(browser, search_project, serve):
    """Back undoes a filter as it undoes a query; reports that state no year have a 年份 choice of their own."""
    site, reports = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        type_query(page, "作风")
        everything = shown_hits(page)
        none = next(o for o in page.locator('[data-rk-filter="year"] option').all_inner_texts() if o.startswith("未注明年份"))
        page.locator('[data-rk-filter="year"]').select_option("未注明")
        page.wait_for_function("() => location.search.includes('year=')")
        no_year = {r.slug for r in reports if r.meta.year is None}
        shown = shown_hits(page)
        assert shown and {h.split(".html")[0] for h in shown} <= no_year and len(shown) == int(none.split("（")[1][:-1])
        page.locator('[data-rk-filter="role"]').select_option("measures")
        page.wait_for_function("() => location.search.includes('role=measures')")
        page.go_back()
        page.wait_for_function("() => !location.search.includes('role=') && location.search.includes('year=')")
        assert page.locator('[data-rk-filter="role"]').input_value() == ""
        page.go_back()
        page.wait_for_function("() => !location.search.includes('year=')")
        page.wait_for_function("() => document.querySelectorAll('[data-rk-results] [data-hit]').length > 0")
        assert page.locator('[data-rk-filter="year"]').input_value() == "" and len(shown_hits(page)) == len(everything)
        assert page.locator("[data-rk-kw]").input_value() == "作风"
        page.wait_for_timeout(1100)  # a pause: the next query is a new entry in the history
        type_query(page, "批评指正")
        page.go_back()
        page.wait_for_function("() => new URLSearchParams(location.search).get('kw') === '作风'")
        page.wait_for_function("() => document.querySelector('[data-rk-results]').dataset.query === '作风'")
    assert problems == []


def test_letters_an_input_method_is_composing_are_not_searched(browser, search_project, serve):
    """Typing 红脸 with pinyin: while the input method composes, neither the 例句检索 page nor the
    header box searches "hong" or puts it in the address; the characters it gives are searched."""
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        cdp = page.context.new_cdp_session(page)
        for box, output in (("[data-rk-kw]", "[data-rk-results]"), ("[data-rk-search-input]", "[data-rk-search-result]")):
            if box == "[data-rk-search-input]":
                page.evaluate("document.activeElement.blur()")
                page.keyboard.press("s")  # opens the header box
            page.locator(box).click()
            for letters in ("h", "ho", "hon", "hong", "hong l", "hong lian"):
                end = len(letters)
                cdp.send("Input.imeSetComposition", {"text": letters, "selectionStart": end, "selectionEnd": end})
            page.wait_for_timeout(300)
            assert page.locator(box).input_value() == "hong lian"
            assert (page.locator(output).get_attribute("data-query") or "") == ""
            assert box != "[data-rk-kw]" or "kw=" not in page.url
            cdp.send("Input.insertText", {"text": "红脸"})  # the input method gives its characters
            page.wait_for_function(f"() => document.querySelector('{output}').dataset.query === '红脸'")
        assert "kw=%E7%BA%A2%E8%84%B8" in page.url  # 红脸, from the page's box
    assert problems == []


def test_a_hit_on_the_closing_is_highlighted_like_any_other(browser, search_project, serve):
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        for anchor in ("closing", "preamble", "s2-1-p3"):
            page.goto(base + f"reports/yingshang-leader-personal.html#{anchor}")
            shown = page.locator(f"#{anchor}").evaluate("e => getComputedStyle(e).backgroundColor")
            assert shown not in ("rgba(0, 0, 0, 0)", "transparent"), anchor
    assert problems == []


def test_a_query_reads_what_it_needs_and_shows_its_first_screen_early(browser, search_project, serve):
    """A missing phrase reads no text at all; a rare one reads its grams' postings and the text of the
    hits it shows, no other shard; a query of one character shows its first screen while it is still
    confirming the rest (its count says how far: 已检索 n%)."""
    site, _ = search_project
    base = serve(site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html")
        page.wait_for_function("() => RkSearch.ui.engine && RkSearch.ui.engine()")
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url.rsplit("/", 1)[-1]))
        type_query(page, "这句话哪里都没有", paste=True)
        assert not [f for f in requested if f.startswith("search-data-")] and any(
            f.startswith("search-index-") for f in requested
        )
        requested.clear()
        type_query(page, "红脸出汗", paste=True)
        shown = shown_hits(page)
        shards = {f for f in requested if f.startswith("search-data-")}
        assert shown and 0 < len(shards) <= len(shown)
        requested.clear()
        page.evaluate(
            """() => {
                const results = document.querySelector('[data-rk-results]');
                window.__first = null;
                new MutationObserver(() => {
                    const status = document.querySelector('[data-rk-status]');
                    if (window.__first === null && results.querySelector('[data-hit]'))
                        window.__first = {complete: results.dataset.complete, status: status.textContent};
                }).observe(results, {childList: true, subtree: true});
            }"""
        )
        type_query(page, "的", paste=True)
        first = page.evaluate("window.__first")
        assert first["complete"] == "false" and "已检索" in first["status"]
        assert len([f for f in requested if f.startswith("search-data-")]) > 3  # it read the shards, in order
    assert problems == []


def test_a_report_filter_shows_the_passages_it_shares_with_the_report_it_is(browser, search_project, serve):
    """A passage the PDF copy shares with its sample is shown once, at the sample's; asked for the copy
    alone (the 样例 filter), it is shown there."""
    site, reports = search_project
    base = serve(site)
    link = sorted(shown_once(site, reports))[0]
    slug, anchor = link.split(".html#")
    passage = next(p for r in reports if r.slug == slug for p in r.passages() if p.anchor == anchor)
    phrase = next(run for run in passage.text.split() if len(run) >= 8)[-8:]
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "phrases/index.html?kw=" + quote(phrase))
        assert link not in shown_hits(page)
        page.goto(base + "phrases/index.html?kw=" + quote(phrase) + "&report=" + slug)
        assert link in shown_hits(page)
    assert problems == []
