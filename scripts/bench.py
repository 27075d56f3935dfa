"""`make bench`: what the build and the site cost at 5, 100 and 1,000 reports, beside plain MkDocs + Material.

The corpora are `reportkb synth --varied`: text written anew from the samples' characters, which
deflates and repeats like a real collection's (the figures of its variety are in the table);
`--recombined` measures the older corpus of the samples' passages recombined, for comparison.

For each corpus size, in one run:
- ours: `reportkb build` from cold (conversion), `mkdocs build` with the pages already converted,
  and `mkdocs build --strict` from cold (what `make site` runs);
- the baseline: the same reports as plain Markdown pages (title + paragraphs, no generated index
  pages, Material's default search and navigation) built by plain `mkdocs build`.
Times are wall-clock seconds (median of several runs where a run is short); memory is the peak
resident set of the whole process tree. The table is printed and kept as JSON in build/bench/.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from reportkb import build as build_mod
from reportkb import copies, pipeline, runtime, search, source, synth, vocab

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
SIZES = (5, 100, 1000)
SHORT_FROM = 10_000
"""Corpora of this many reports and more are made of shorter reports (synth.SHORT: about 3,600
characters, 35 million in all at 10,000, as the corpus issue 14 measured), the smaller ones of
reports as long as the samples."""
SEED = 1
VARIETY_REPORTS = 2000
"""Reports the corpus's variety is measured on (the first ones; all of a smaller corpus)."""
SHORT_RUN = 5.0
"""A step faster than this many seconds is repeated and the median taken."""
REPEATS = 3
PLAIN_MKDOCS_YML = """site_name: 对照检查材料（基准）
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
nav:
  - index.md
"""
"""The baseline's configuration. The reports are left out of the navigation, as ours are: in it,
every page would list every report, and at 10,000 reports the baseline alone took over an hour
and tens of GB (3 MB a page)."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
PHRASES = ("红脸出汗", "一岗双责", "批评指正")
"""Typed character by character to time each keystroke."""
CANDIDATES = ("红脸出汗", "一岗双责", "批评指正", "营商环境", "理论学习", "形式主义", "巡视整改", "党史学习教育", "担当作为")
"""Phrases the bench picks its common and rare queries from (by the share of reports that hold them)."""
NO_HIT = "这句话哪里都没有"
"""A query no report holds."""
KEYSTROKE_JS = """async (q) => {
  const input = document.querySelector('[data-rk-kw]'), results = document.querySelector('[data-rk-results]');
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input'));
  // redrawn for the new query with the data at hand (files it still needs load meanwhile and
  // redraw it again when they arrive: those times are the first/all figures)
  while (results.dataset.query !== q.trim()) await new Promise(r => setTimeout(r, 1));
  await new Promise(r => requestAnimationFrame(r));  // until the updated results are painted
  return performance.now() - t0;
}"""


def tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB, read from /proc."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0"))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def measure(cmd: list[str], cwd: Path, out: Path | None = None) -> tuple[float, float]:
    """Run a command (its output into `out`, if given); (seconds, peak MiB of its process tree). A failure stops the bench."""
    start = time.perf_counter()
    stdout = out.open("w") if out else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=stdout, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid))
            done.wait(0.05)

    watcher = threading.Thread(target=poll)
    watcher.start()
    _, err = proc.communicate()
    done.set()
    watcher.join()
    if out:
        stdout.close()
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{err}")
    return seconds, peak / 1024


def repeated(step, seconds_first: tuple[float, float]) -> tuple[float, float]:
    """Median time (and max memory) over REPEATS runs when the first run was short."""
    runs = [seconds_first]
    if seconds_first[0] < SHORT_RUN:
        runs += [step() for _ in range(REPEATS - 1)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def size_mb(path: Path) -> float:
    """Total size of a file or folder in MiB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def corpus(n: int, voc: vocab.Vocab, varied: bool = True) -> Path:
    """The real samples for 5, else a synthetic corpus of n reports (made once per seed; `varied`:
    written anew, else the samples' passages recombined): from SHORT_FROM reports on, of shorter
    reports (the size of issue 14's 10,000-report corpus)."""
    if n == len(build_mod.report_files(ROOT / "reports")):
        return ROOT / "reports"
    shape = synth.SHORT if n >= SHORT_FROM else synth.FULL
    folder = OUT / f"corpus-{n}-seed{SEED}{'-short' if shape is synth.SHORT else ''}{'-varied' if varied else ''}"
    if not folder.is_dir():
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, _, data in synth.synth(n, SEED, build_mod.report_files(ROOT / "reports"), voc, shape, varied):
            (tmp / name).write_bytes(data)
        tmp.rename(folder)
    return folder


def variety(reports: Path) -> dict:
    """How the corpus compares with real reports (synth.variety, on its first VARIETY_REPORTS)."""
    texts = [source.read(p).text for p in build_mod.report_files(reports)[:VARIETY_REPORTS]]
    per_char, repeated = synth.variety(texts)
    return {"corpus_bytes_per_char": per_char, "corpus_repeated_share": repeated * 100}


def our_project(n: int, reports: Path) -> Path:
    """A copy of the site sources with the corpus's files in its reports/."""
    project = OUT / f"ours-{n}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    build_mod.copy_site(ROOT, project)
    (project / "reports").mkdir()
    for path in reports.iterdir():  # a link per file: a report can be added to the project alone
        (project / "reports" / path.name).symlink_to(path.resolve())
    return project


def baseline_project(n: int, reports: Path) -> Path:
    """The baseline: each report as a plain page of its title and paragraphs."""
    project = OUT / f"plain-{n}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs" / "r").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# 对照检查材料\n", encoding="utf-8")
    for path in build_mod.report_files(reports):
        paragraphs = [line.strip() for line in source.read(path).text.split("\n") if line.strip()]
        page = f"# {paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:]) + "\n"
        (project / "docs" / "r" / f"{path.stem}.md").write_text(page, encoding="utf-8")
    return project


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    """The site served to the browser; a page closed while a file was still on its way is not an error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def queries(reports: Path) -> dict[str, str]:
    """The bench's queries: `common` held by the share of reports nearest a third, `rare` by the
    fewest (at least one), `none` by none."""
    texts = [source.read(p).text for p in build_mod.report_files(reports)]
    share = {q: sum(q in t for t in texts) / len(texts) for q in CANDIDATES}
    held = [q for q in CANDIDATES if share[q] > 0]
    return {
        "common": min(held, key=lambda q: abs(share[q] - 1 / 3)),
        "rare": min(held, key=lambda q: share[q]),
        "none": NO_HIT,
    }


def data_fetched(site: Path, urls: list[str]) -> float:
    """MiB of the search data files among the URLs a page requested."""
    names = {u.rsplit("/", 1)[-1] for u in urls if "/reports/search-" in u}
    return sum((site / "reports" / name).stat().st_size for name in names) / 2**20


def search_timings(site: Path, reports: Path) -> dict:
    """例句检索 in headless Chromium over localhost: for a common, a rare and a missing phrase, the
    first results, all of them (exact counts), the data fetched, opened in a fresh browser (nothing
    cached); the first results again arriving from the home page; each keystroke; the header box."""
    if not CHROMIUM:
        print("bench: no Chromium, search timings skipped", file=sys.stderr)
        return {}
    from playwright.sync_api import sync_playwright

    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    asked = queries(reports)
    timings: dict[str, list[float]] = {}
    headers, strokes, long_tasks = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(REPEATS):
                for kind, query in asked.items():
                    context = browser.new_context()
                    context.add_init_script(LONG_TASKS_JS)
                    page = context.new_page()
                    urls: list[str] = []
                    page.on("request", lambda r, seen=urls: seen.append(r.url))
                    start = time.perf_counter()
                    page.goto(f"{base}phrases/index.html?kw={quote(query)}", wait_until="commit")
                    if kind != "none":
                        page.wait_for_selector("[data-hit]")
                        timings.setdefault(f"search_{kind}_first_s", []).append(time.perf_counter() - start)
                        page.wait_for_selector("[data-rk-results][data-drawn=true]", state="attached")
                        timings.setdefault(f"search_{kind}_screen_s", []).append(time.perf_counter() - start)
                        timings.setdefault(f"search_{kind}_screen_mb", []).append(data_fetched(site, urls))
                    page.wait_for_selector(f"[data-rk-results][data-complete=true][data-filters='{query}']", state="attached")
                    timings.setdefault(f"search_{kind}_all_s", []).append(time.perf_counter() - start)
                    timings.setdefault(f"search_{kind}_mb", []).append(data_fetched(site, urls))
                    long_tasks.append(max(page.evaluate("window.__longTasks"), default=0))
                    if page.locator(".rk-more").count():  # 显示更多: the next screen
                        start = time.perf_counter()
                        page.locator(".rk-more").click()
                        page.wait_for_selector("[data-rk-results][data-drawn=true]", state="attached")
                        timings.setdefault(f"search_{kind}_more_s", []).append(time.perf_counter() - start)
                    if kind != "none":  # a warm tab: the tables there, the phrase typed anew
                        page.fill("[data-rk-kw]", NO_HIT)
                        page.wait_for_selector(f"[data-rk-results][data-complete=true][data-query='{NO_HIT}']", state="attached")
                        start = time.perf_counter()
                        page.fill("[data-rk-kw]", query)
                        page.wait_for_selector(f"[data-rk-results][data-query='{query}'] [data-hit]")
                        timings.setdefault(f"search_{kind}_warm_s", []).append(time.perf_counter() - start)
                    if kind == "common":
                        for phrase in PHRASES:
                            strokes += [page.evaluate(KEYSTROKE_JS, phrase[:k]) for k in range(1, len(phrase) + 1)]
                    page.context.close()
                    if kind != "none":  # as the issue has it: arriving from the home page (its files cached, its tab open)
                        page = browser.new_context().new_page()
                        page.goto(f"{base}index.html")
                        start = time.perf_counter()
                        page.goto(f"{base}phrases/index.html?kw={quote(query)}", wait_until="commit")
                        page.wait_for_selector("[data-hit]")
                        timings.setdefault(f"search_{kind}_from_home_s", []).append(time.perf_counter() - start)
                        page.context.close()
                page = browser.new_context().new_page()
                page.goto(f"{base}index.html")
                start = time.perf_counter()
                page.fill("[data-rk-search-input]", asked["common"])
                page.wait_for_selector("[data-rk-search-result] [data-hit]")
                headers.append(time.perf_counter() - start)
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
    return {
        **{name: statistics.median(values) for name, values in timings.items()},
        "search_queries": asked,
        "header_first_s": statistics.median(headers),
        "keystroke_median_ms": statistics.median(strokes),
        "keystroke_max_ms": max(strokes),
        "search_long_task_ms": max(long_tasks),
    }


LONG_TASKS_JS = """
window.__longTasks = [];
new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push(e.duration)))
  .observe({type: "longtask", buffered: true});
"""
"""Collects the main thread's long tasks (over 50 ms) of a page."""
READY_JS = "document.querySelector('[data-rk-checker]')?.dataset.state === 'ready'"
DONE_JS = "document.querySelector('[data-rk-checker-result]')?.dataset.state === 'done'"
KEPT_JS = "caches.open('rk-checker-snapshots').then(c => c.keys()).then(k => k.length === 2)"
"""Has the first visit kept what a second one starts from (the interpreter and the compiled modules)?"""


LOAD_PYODIDE_JS = """async (index) => {
  const t0 = performance.now();
  const runtime = await import(index + "pyodide.mjs");
  await runtime.loadPyodide({indexURL: index});
  return performance.now() - t0;
}"""
"""The runtime's own start (loadPyodide alone, on the page), in ms: what the checker's start is set beside."""
SETTLE_MS = 3000
"""Time a new browser profile is given to finish its own start-up before the checker is opened."""


def checker_timings(site: Path) -> dict:
    """写作自查 in headless Chromium: page opened → ready (cold cache, then a second visit), a check
    of a sample, the longest main-thread task while typing, and what the checker adds to site/."""
    if not CHROMIUM:
        print("bench: no Chromium, checker timings skipped", file=sys.stderr)
        return {}
    from playwright.sync_api import sync_playwright

    target = site / runtime.SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in runtime.FILES:
        shutil.copyfile(runtime.fetch() / name, target / name)
    sample = ROOT / "reports" / "yingshang-leader-personal.txt"
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/check/index.html"
    colds, warms, checks, long_tasks, runtime_alone = [], [], [], [], []
    runtime_url = url.replace("check/index.html", runtime.SITE_FOLDER + "/")
    try:
        with sync_playwright() as pw:
            for _ in range(REPEATS):
                # a browser profile of its own on disk, as a user's: Playwright's default contexts
                # keep their cache in memory, and that drops the 9.6 MB WebAssembly file
                with tempfile.TemporaryDirectory() as profile:
                    context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    context.add_init_script(LONG_TASKS_JS)
                    page = context.pages[0]
                    page.wait_for_timeout(SETTLE_MS)  # a new profile's own start-up work is not the page's
                    start = time.perf_counter()
                    page.goto(url, wait_until="commit")
                    page.wait_for_function(READY_JS, timeout=120_000, polling=100)
                    colds.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    page.locator("[data-rk-checker-file]").set_input_files(str(sample))
                    page.wait_for_function(DONE_JS, polling=20)
                    checks.append(time.perf_counter() - start)
                    page.wait_for_function(KEPT_JS, timeout=60_000, polling=100)
                    page.evaluate("window.__longTasks = []")
                    page.locator("[data-rk-checker-text]").type(sample.read_text("utf-8")[:300], delay=20)
                    page.wait_for_timeout(1500)
                    long_tasks.append(max(page.evaluate("window.__longTasks"), default=0))
                    page.close()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(url, wait_until="commit")
                    page.wait_for_function(READY_JS, timeout=120_000, polling=100)
                    warms.append(time.perf_counter() - start)
                    context.close()
                with tempfile.TemporaryDirectory() as profile:  # the runtime's own start, alone, in a fresh profile
                    context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    page = context.pages[0]
                    page.goto(url.replace("check/index.html", "index.html"))
                    page.wait_for_timeout(SETTLE_MS)
                    runtime_alone.append(page.evaluate(LOAD_PYODIDE_JS, runtime_url) / 1000)
                    context.close()
    finally:
        server.shutdown()
    return {
        "checker_runtime_alone_s": statistics.median(runtime_alone),
        "checker_cold_s": statistics.median(colds),
        "checker_warm_s": statistics.median(warms),
        "checker_check_ms": statistics.median(checks) * 1000,
        "checker_long_task_ms": max(long_tasks),
        "checker_size_mb": size_mb(target) + size_mb(site / runtime.BUNDLE),
    }


DETECTION_DRAFTS = 40
"""Drafts of copied and new sentences 查重 is measured on."""
LIBRARY_SAMPLE = 100
"""Reports of the library the drafts copy from (spread over it; converted by the bench)."""
DRAFT_CHARS = 5000
"""Characters of the draft whose check is timed in the browser."""


def copied_drafts(reports: Path, voc: vocab.Vocab, count: int, runs: int) -> list[synth.CopiedDraft]:
    """Drafts of sentences copied from the library with light edits, mixed with sentences written anew
    (synth.copied_draft; the new ones from another seed than the library's)."""
    files = build_mod.report_files(reports)
    spread = files[:: max(1, len(files) // LIBRARY_SAMPLE)]
    library = [c.report for path in spread for c in pipeline.convert_file(path, voc)]
    samples = [c.report for path in build_mod.report_files(ROOT / "reports") for c in pipeline.convert_file(path, voc)]
    rng = random.Random(SEED + 7)
    writer = synth.Varied((p.text for r in samples for p in r.passages()), rng)
    return [synth.copied_draft(library, writer, rng, runs) for _ in range(count)]


def copies_detection(docs: Path, reports: Path, voc: vocab.Vocab) -> dict:
    """查重 on drafts made from the library: the share of copied sentences found with the report they
    are from (of those the library does not show to be stock wording: copies.judged; and of all), the
    share of new sentences flagged, and a check's time (Python, the library's files on disk)."""
    found = judged = found_all = copied = flagged = new = 0
    times = []
    stock = copies.Reader(docs).stock
    for i, made in enumerate(copied_drafts(reports, voc, DETECTION_DRAFTS, 8)):
        path = OUT / f"draft-{i}.txt"
        path.write_text(made.text, encoding="utf-8")
        (conversion,) = pipeline.convert_file(path, voc)
        start = time.perf_counter()
        result = copies.find(conversion.report, docs, voc.set_phrases)
        times.append(time.perf_counter() - start)
        text = copies.draft_text(conversion.report)
        for sentence, slug in made.copied:
            hit = any(slug in {s.slug for s in c.sources} for c in result.over(text, sentence))
            copied += 1
            found_all += hit
            if copies.judged(sentence, stock, voc.set_phrases):
                judged += 1
                found += hit
        for sentence in made.new:
            new += 1
            flagged += bool(result.over(text, sentence))
    return {
        "copies_found_pct": 100 * found / max(1, judged),
        "copies_found_all_pct": 100 * found_all / max(1, copied),
        "copies_stock_pct": 100 * (copied - judged) / max(1, copied),
        "copies_flagged_new_pct": 100 * flagged / max(1, new),
        "copies_sentences": copied + new,
        "copies_check_ms": statistics.median(times) * 1000,
    }


def copies_timings(site: Path, reports: Path, voc: vocab.Vocab) -> dict:
    """查重 in the browser: a draft of about DRAFT_CHARS characters made from the library dropped on 写作自查
    once the checker is ready; the time to its result and the library files it read."""
    if not CHROMIUM:
        return {}
    from playwright.sync_api import sync_playwright

    target = site / runtime.SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in runtime.FILES:
        shutil.copyfile(runtime.fetch() / name, target / name)
    made = copied_drafts(reports, voc, 1, DRAFT_CHARS // 125)[0]
    draft = OUT / "draft-timed.txt"
    draft.write_text(made.text, encoding="utf-8")
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/check/index.html"
    checks, read = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(REPEATS):
                page = browser.new_context().new_page()
                urls: list[str] = []
                page.goto(url)
                page.wait_for_function(READY_JS, timeout=120_000, polling=100)
                page.on("request", lambda r, seen=urls: seen.append(r.url))
                start = time.perf_counter()
                page.locator("[data-rk-checker-file]").set_input_files(str(draft))
                page.wait_for_function(DONE_JS, timeout=120_000, polling=20)
                checks.append(time.perf_counter() - start)
                names = {u.rsplit("/", 1)[-1] for u in urls if "/reports/" in u}
                read.append(sum((site / "reports" / name).stat().st_size for name in names) / 2**20)
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"copies_draft_chars": len(made.text), "copies_browser_s": statistics.median(checks), "copies_browser_mb": max(read)}


def bench_size(n: int, voc: vocab.Vocab, varied: bool = True) -> dict:
    """Every figure for one corpus size."""
    reports = corpus(n, voc, varied)
    ours, base_project = our_project(n, reports), baseline_project(n, reports)
    py = sys.executable

    said = OUT / f"build-{n}.log"

    def cold_convert():
        shutil.rmtree(ours / "docs" / "reports", ignore_errors=True)
        shutil.rmtree(ours / "build", ignore_errors=True)
        return measure([py, "-m", "reportkb", "build", "-v"], ours, said)

    def warm_mkdocs():
        return measure([py, "-m", "mkdocs", "build"], ours)

    def cold_site():
        for folder in ("docs/reports", "build", "site"):
            shutil.rmtree(ours / folder, ignore_errors=True)
        return measure([py, "-m", "mkdocs", "build", "--strict", "--dirty"], ours)  # what `make site` runs

    def baseline():
        shutil.rmtree(base_project / "site", ignore_errors=True)
        return measure([py, "-m", "mkdocs", "build"], base_project)

    convert_s, convert_mb = repeated(cold_convert, cold_convert())
    copies_s = float(re.search(re.escape(build_mod.COPIES_TIME) + r"([\d.]+)", said.read_text("utf-8")).group(1))
    mkdocs_s, mkdocs_mb = repeated(warm_mkdocs, warm_mkdocs())
    site_s, site_mb = repeated(cold_site, cold_site())
    base_s, base_mb = repeated(baseline, baseline())
    site = ours / "site"
    search_files = list((site / "reports").glob("search-*.js"))
    base_search = base_project / "site" / "search" / "search_index.json"
    figures = {
        "reports": n,
        "corpus_mchars": sum(len(source.read(p).text) for p in build_mod.report_files(reports)) / 1e6,
        **variety(reports),
        "convert_s": convert_s,
        "reports_per_s": n / convert_s,
        "convert_peak_mb": convert_mb,
        "mkdocs_s": mkdocs_s,
        "mkdocs_peak_mb": mkdocs_mb,
        "site_s": site_s,
        "site_peak_mb": site_mb,
        "site_size_mb": size_mb(site),
        "site_pages_mb": sum(map(size_mb, site.rglob("*.html"))),
        "site_word_mb": sum(map(size_mb, site.rglob("*.docx"))),
        "search_data_mb": sum(map(size_mb, search_files)),
        "search_shards": len(list((site / "reports").glob(search.SHARD_FILE.format(key="*")))),
        "search_index_files": len(list((site / "reports").glob(search.INDEX_FILE.format(key="*")))),
        "search_postings_files": len(list((site / "reports").glob(search.POSTINGS_FILE.format(key="*")))),
        "baseline_s": base_s,
        "baseline_peak_mb": base_mb,
        "baseline_site_size_mb": size_mb(base_project / "site"),
        "baseline_search_data_mb": size_mb(base_search) if base_search.exists() else 0.0,
        "site_vs_baseline": site_s / base_s,
        **search_timings(site, reports),
        **(checker_timings(site) if reports == ROOT / "reports" else {}),
        "copies_build_s": copies_s,
        "copies_build_pct": 100 * copies_s / convert_s,
        "copies_data_mb": sum(map(size_mb, (site / "reports").glob("copies*"))),
        **copies_detection(ours / "docs", reports, voc),
        **copies_timings(site, reports, voc),
    }
    added = ours / "reports" / "zz-added-report.txt"  # one report more, as a user adds it
    ((_, _, data),) = synth.synth(1, SEED + 1, build_mod.report_files(ROOT / "reports"), voc, varied=varied)
    added.write_bytes(data)
    try:
        figures["add_one_s"], figures["add_one_peak_mb"] = measure([py, "-m", "mkdocs", "build", "--strict", "--dirty"], ours)
    finally:
        added.unlink()
    return figures


ROWS = [
    ("样例正文（百万字）", "corpus_mchars", "{:.2f}"),
    ("  每篇压缩后每字字节数（样例 1.29）", "corpus_bytes_per_char", "{:.2f}"),
    ("  在两篇以上出现的 10 字片段（%）", "corpus_repeated_share", "{:.1f}"),
    ("reportkb build（冷启动转换）", "convert_s", "{:.2f} s"),
    ("  每秒转换篇数", "reports_per_s", "{:.0f}"),
    ("  峰值内存", "convert_peak_mb", "{:.0f} MiB"),
    ("mkdocs build（页面已转换）", "mkdocs_s", "{:.2f} s"),
    ("  峰值内存", "mkdocs_peak_mb", "{:.0f} MiB"),
    ("make site（冷启动全流程）", "site_s", "{:.2f} s"),
    ("  峰值内存", "site_peak_mb", "{:.0f} MiB"),
    ("  site/ 大小", "site_size_mb", "{:.1f} MiB"),
    ("    其中页面（.html）", "site_pages_mb", "{:.1f} MiB"),
    ("    其中 Word 副本", "site_word_mb", "{:.1f} MiB"),
    ("    其中例句检索数据", "search_data_mb", "{:.2f} MiB"),
    ("  例句检索数据分片数", "search_shards", "{}"),
    ("  例句检索索引文件数", "search_index_files", "{}"),
    ("  例句检索单独的位置表文件数", "search_postings_files", "{}"),
    ("make site：再加一篇样例后", "add_one_s", "{:.2f} s"),
    ("  峰值内存", "add_one_peak_mb", "{:.0f} MiB"),
    ("基准：纯 MkDocs + Material", "baseline_s", "{:.2f} s"),
    ("  峰值内存", "baseline_peak_mb", "{:.0f} MiB"),
    ("  site/ 大小", "baseline_site_size_mb", "{:.1f} MiB"),
    ("  搜索数据（lunr）", "baseline_search_data_mb", "{:.2f} MiB"),
    ("make site / 基准", "site_vs_baseline", "{:.2f}×"),
    ("例句检索：常见词（约三分之一的样例有）首批结果", "search_common_first_s", "{:.2f} s"),
    ("  第一屏（前 50 条）", "search_common_screen_s", "{:.2f} s"),
    ("  第一屏读取的检索数据", "search_common_screen_mb", "{:.2f} MiB"),
    ("  从首页进入时的首批结果", "search_common_from_home_s", "{:.2f} s"),
    ("  已打开的页面里再输入", "search_common_warm_s", "{:.2f} s"),
    ("  全部结果和准确计数", "search_common_all_s", "{:.2f} s"),
    ("  读取的检索数据", "search_common_mb", "{:.2f} MiB"),
    ("  显示更多", "search_common_more_s", "{:.2f} s"),
    ("  少见词：首批结果", "search_rare_first_s", "{:.2f} s"),
    ("  第一屏", "search_rare_screen_s", "{:.2f} s"),
    ("  从首页进入时的首批结果", "search_rare_from_home_s", "{:.2f} s"),
    ("  已打开的页面里再输入", "search_rare_warm_s", "{:.2f} s"),
    ("  全部结果和准确计数", "search_rare_all_s", "{:.2f} s"),
    ("  读取的检索数据", "search_rare_mb", "{:.2f} MiB"),
    ("  没有的词：全部结果", "search_none_all_s", "{:.2f} s"),
    ("  读取的检索数据", "search_none_mb", "{:.2f} MiB"),
    ("  每次按键到结果更新（中位数）", "keystroke_median_ms", "{:.0f} ms"),
    ("  每次按键到结果更新（最慢）", "keystroke_max_ms", "{:.0f} ms"),
    ("  顶栏搜索框：输入到首条结果", "header_first_s", "{:.2f} s"),
    ("  结果陆续到达时主线程最长任务", "search_long_task_ms", "{:.0f} ms"),
    ("查重：建索引和找相同样例用时", "copies_build_s", "{:.2f} s"),
    ("  占 reportkb build 的比例", "copies_build_pct", "{:.1f}%"),
    ("  查重数据大小", "copies_data_mb", "{:.2f} MiB"),
    ("  照抄（轻改）的句子找到且来源正确", "copies_found_pct", "{:.1f}%"),
    ("    照抄的句子中属于套话、不计的", "copies_stock_pct", "{:.1f}%"),
    ("    套话也算在内时找到的", "copies_found_all_pct", "{:.1f}%"),
    ("  新写的句子被误标", "copies_flagged_new_pct", "{:.1f}%"),
    ("  测量的句子数", "copies_sentences", "{}"),
    ("  查一篇初稿（Python，命令行）", "copies_check_ms", "{:.0f} ms"),
    ("  浏览器里查一篇初稿（检查程序就绪后）", "copies_browser_s", "{:.2f} s"),
    ("    初稿字数", "copies_draft_chars", "{}"),
    ("    读取的样例库数据", "copies_browser_mb", "{:.2f} MiB"),
    ("Pyodide 本身启动（loadPyodide，无缓存）", "checker_runtime_alone_s", "{:.2f} s"),
    ("写作自查：打开到就绪（无缓存）", "checker_cold_s", "{:.2f} s"),
    ("  再次打开到就绪（浏览器已缓存）", "checker_warm_s", "{:.2f} s"),
    ("  检查一篇样例", "checker_check_ms", "{:.0f} ms"),
    ("  边输入边检查时主线程最长任务", "checker_long_task_ms", "{:.0f} ms"),
    ("  检查程序占 site/ 的大小", "checker_size_mb", "{:.1f} MiB"),
]
"""The table's rows: label, figure, format."""


def table(results: list[dict], previous: dict[int, dict]) -> str:
    """The figures as a text table, one column per corpus size, with the last run's figure beside."""
    head = ["", *(f"N={r['reports']}" for r in results)]
    lines = [head]
    for label, key, fmt in ROWS:
        cells = [label]
        for r in results:
            if key not in r:
                cells.append("—")
                continue
            cell = fmt.format(r[key])
            before = previous.get(r["reports"], {}).get(key)
            if before:
                cell += f"（上次 {fmt.format(before)}）"
            cells.append(cell)
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="corpus sizes (default 5 100 1000)")
    parser.add_argument("--recombined", action="store_true", help="the older corpus: the samples' passages recombined")
    args = parser.parse_args()
    voc = vocab.load(ROOT / "vocab")
    OUT.mkdir(parents=True, exist_ok=True)
    latest = OUT / "latest.json"
    previous = {r["reports"]: r for r in json.loads(latest.read_text())["results"]} if latest.exists() else {}
    results = []
    for n in args.sizes:
        print(f"bench: {n} reports …", file=sys.stderr, flush=True)
        results.append(bench_size(n, voc, varied=not args.recombined))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {"when": stamp, "machine": {"cpus": os.cpu_count()}, "results": results}
    (OUT / f"bench-{stamp}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2))
    latest.write_text(json.dumps(record, ensure_ascii=False, indent=2))
    print(table(results, previous))
    print(f"\n（数据已写入 {OUT / f'bench-{stamp}.json'}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
