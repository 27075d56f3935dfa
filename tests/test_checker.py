"""写作自查 in the browser: drop a Word draft or paste text, see the same outline and findings as
`reportkb check --json`, download it laid out, nothing sent anywhere, a clear line from file://."""

from __future__ import annotations

import importlib
import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from reportkb import copies, pipeline, synth

from . import wordgen
from .conftest import REPORTS, make_project, mkdocs_build
from .test_browser import watched_page
from .test_copies import OWN_SENTENCES

READY = "document.querySelector('[data-rk-checker]').dataset.state === 'ready'"
DONE = "document.querySelector('[data-rk-checker-result]').dataset.state === 'done'"


@pytest.fixture(scope="module")
def checker_site(built_site, pyodide, tmp_path_factory) -> Path:
    """A site of the samples carrying the checker's runtime: the samples' site when it was built after the
    runtime was downloaded, else one built now (the build copies the runtime in)."""
    if (built_site / "check" / "pyodide" / "pyodide.asm.wasm").is_file():
        return built_site
    project = make_project(tmp_path_factory.mktemp("checker"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "check" / "pyodide" / "pyodide.asm.wasm").is_file()
    return project / "site"


def word_draft(path: Path) -> Path:
    """A draft as Word saves it: parts numbered by Word's own lists, a repeated 三、, no causes part."""
    doc = Document()
    wordgen.add_numbering(doc, 80, wordgen.CN_LEVELS, {80: {}, 81: {0: 3}})
    doc.add_paragraph("某局党组2024年度民主生活会对照检查材料")
    doc.add_paragraph("按照市委要求，现将对照检查情况报告如下。")
    wordgen.numbered(doc, "上年度民主生活会整改落实情况", 80, 0)
    doc.add_paragraph("上年度查摆的问题已全部整改。")
    wordgen.numbered(doc, "存在的主要问题", 80, 0)
    wordgen.numbered(doc, "在理论学习方面", 80, 1)
    doc.add_paragraph("一是学习不够系统。比如，全年只参加了xx次集中学习。二是学用结合不够。")
    wordgen.numbered(doc, "整改措施", 80, 0)
    doc.add_paragraph("一是加强理论学习。二是改进工作作风。")
    wordgen.numbered(doc, "个人有关事项", 81, 0)
    doc.add_paragraph("本人无应报告未报告事项。")
    doc.add_paragraph("以上对照检查，请各位同志批评指正。")
    doc.save(path)
    return path


def cli_json(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "reportkb", "check", "--json", str(path)], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def same_data(checked: dict, cli: dict) -> None:
    """The page's results and `reportkb check --json` for the same file: equal, but for where it was read from."""
    for data in (checked, cli):
        data["report"].pop("source_path")
    assert checked["report"] == cli["report"]
    assert checked["findings"] == cli["findings"]
    assert checked["chain"] == cli["chain"]


@pytest.fixture(scope="module")
def checker(browser, checker_site, serve):
    """One browser page on the 写作自查 page with the checker ready (Pyodide boots once for these tests),
    and the log of every request the page and its worker made."""
    base = serve(checker_site)
    context = browser.new_context(accept_downloads=True)
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: requests.append(r.url))  # the page's and its worker's
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base + "check/index.html")
    page.wait_for_function(READY, timeout=60_000, polling=100)
    yield page, base, requests, problems
    context.close()


def test_drop_a_word_draft_and_see_what_the_command_line_sees(checker, tmp_path):
    page, _, _, problems = checker
    draft = word_draft(tmp_path / "初稿.docx")
    assert "不上传" in page.locator(".rk-checker__privacy").inner_text()
    page.locator("[data-rk-checker-file]").set_input_files(str(draft))
    page.wait_for_function(DONE, timeout=30_000, polling=100)
    checked = page.evaluate("document.querySelector('[data-rk-checker-result]').checked.reports[0]")
    same_data(checked, cli_json(draft))
    rules = page.locator("[data-rk-checker-result] [data-rule]").evaluate_all("els => els.map(e => e.dataset.rule)")
    assert {"missing-part", "numbering-repeat", "placeholder"} <= set(rules)
    assert "缺少「原因剖析」部分" in page.locator("[data-rk-checker-result]").inner_text()
    outline = page.locator(".rk-checker__outline").inner_text()
    assert "一、上年度民主生活会整改落实情况" in outline and "（一）在理论学习方面" in outline
    assert page.locator('.rk-checker__outline a[href$="/compare/problems.html"]').count() == 1
    assert page.locator('.rk-checker__outline a[href$="/aspects/lilun.html"]').count() >= 1
    assert problems == []


def test_a_hostile_draft_ends_in_seconds_with_one_line_naming_it(checker, tmp_path):
    """A 1 KB Word file numbered from 2,000,000,000 in letters took half a minute and 600 MB; a damaged
    one showed Python's English. Both now end at once, the message naming the file as the writer knows it."""
    page, _, _, _ = checker
    numbered = tmp_path / "编号很大.docx"
    numbered.write_bytes(wordgen.huge_numbering_docx())
    page.locator("[data-rk-checker-file]").set_input_files(str(numbered))
    page.wait_for_function(DONE, timeout=20_000, polling=100)
    deep = tmp_path / "嵌套很深.docx"
    deep.write_bytes(wordgen.deep_docx())
    page.locator("[data-rk-checker-file]").set_input_files(str(deep))
    page.wait_for_function(
        "document.querySelector('[data-rk-checker-result]').dataset.state === 'error'", timeout=20_000, polling=100
    )
    message = page.locator(".rk-checker__error").inner_text()
    assert message.startswith("嵌套很深.docx: Word 文件已损坏（内容嵌套超过") and "/drafts/" not in message


def test_a_pdf_draft_is_read_in_the_browser_as_on_the_command_line(checker):
    """The checker's bundle carries pypdf: a PDF draft gives what `reportkb check --json` gives."""
    page, _, _, _ = checker
    draft = Path(__file__).parent / "fixtures" / "files" / "pdf-export.pdf"
    page.locator("[data-rk-checker-file]").set_input_files(str(draft))
    page.wait_for_function(DONE, timeout=30_000, polling=100)
    checked = page.evaluate("document.querySelector('[data-rk-checker-result]').checked.reports[0]")
    same_data(checked, cli_json(draft))
    assert [s["label"] for s in checked["report"]["sections"]] == ["一、", "二、", "三、", "四、"]


def test_paste_edit_and_download_laid_out(checker, tmp_path):
    page, base, requests, problems = checker
    box = page.locator("[data-rk-checker-text]")
    before = page.locator("[data-rk-checker-summary]").inner_text() if page.locator("[data-rk-checker-summary]").count() else ""
    box.fill(
        "某同志2024年度民主生活会个人对照检查材料\n一、存在的问题\n（一）学习方面。一是学得不深。二是用得不够。\n二、整改措施\n一是加强学习。二是改进作风。"
    )
    changed = "before => { const s = document.querySelector('[data-rk-checker-summary]'); return s && s.textContent !== before; }"
    page.wait_for_function(changed, arg=before, timeout=30_000, polling=100)
    before = page.locator("[data-rk-checker-summary]").inner_text()
    assert "缺少「原因剖析」" in page.locator("[data-rk-checker-result]").inner_text()
    box.press("End")
    box.type("\n三、问题产生的原因\n一是理论学习不够。二是党性修养不够。")
    page.wait_for_function(changed, arg=before, timeout=30_000, polling=100)
    assert "缺少「原因剖析」" not in page.locator("[data-rk-checker-result]").inner_text()
    with page.expect_download() as caught:
        page.locator("[data-rk-checker-word]").click()
    caught.value.save_as(tmp_path / "laid-out.docx")
    texts = [p.text for p in Document(str(tmp_path / "laid-out.docx")).paragraphs]
    assert texts[0] == "某同志2024年度民主生活会\n个人对照检查材料" and "三、问题产生的原因" in texts  # over two lines
    page.wait_for_load_state("networkidle")
    outside = [u for u in requests if not u.startswith((base, "blob:", "data:"))]
    assert any(u.endswith("pyodide.asm.wasm") for u in requests) and any(u.endswith("reportkb-bundle.zip") for u in requests)
    assert outside == [] and problems == []


def test_a_copied_draft_is_marked_with_its_sources_and_nothing_leaves_the_site(checker, voc, tmp_path):
    """查重 in the browser: two passages of a sample, lightly edited, between sentences of the writer's own."""
    page, base, requests, problems = checker
    (team,) = [c.report for c in pipeline.convert_file(REPORTS / "ju-dangzu-2022-team.txt", voc)]
    taken = [p for p in team.passages() if p.role == "problems" and len(p.text) > 80][:2]
    edited = [
        synth.light_edit(taken[0].text, "punctuation", random.Random(1)),
        synth.light_edit(taken[1].text, "traditional", random.Random(2)),
    ]
    own = ["今年我到𠮷𬭚村走访了十一次（村名两字在基本平面之外），帮助解决了灌溉水渠年久失修的问题。", OWN_SENTENCES[4]]
    draft = tmp_path / "抄了样例的初稿.txt"
    draft.write_text(
        "\n".join(["某同志2024年度民主生活会个人对照检查材料", own[0], edited[0], edited[1], own[1]]) + "\n", encoding="utf-8"
    )
    seen = len(requests)
    page.locator("[data-rk-checker-file]").set_input_files(str(draft))
    page.wait_for_function(
        "document.querySelector('[data-rk-copies-summary]')?.textContent.includes('全文约')", timeout=30_000, polling=100
    )
    marked = copies.normal_form("".join(page.locator("[data-rk-copied]").all_inner_texts()))
    assert all(copies.normal_form(e) in marked for e in edited) and not any(copies.normal_form(o) in marked for o in own)
    links = page.locator(".rk-checker__sources a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for passage in taken:
        assert any(link.endswith(f"reports/{team.slug}.html#{passage.anchor}") for link in links), links
    assert "最长的一段连续" in page.locator("[data-rk-copies-summary]").inner_text()
    page.wait_for_load_state("networkidle")
    assert [u for u in requests[seen:] if not u.startswith(base)] == [] and problems == []


REALISTIC = """某某同志2024年度民主生活会个人对照检查材料
根据要求，现将个人对照检查情况报告如下。
一、上年度整改落实情况
上年度查摆的5个方面问题，已整改到位4个，还有1个正在推进。
二、存在的问题
（一）理论学习方面。一是学习缺乏系统性，满足于读文件、听报告。二是学用结合不紧，运用新思想指导实践的本领不强。
（二）担当作为方面。一是攻坚克难的劲头不足，遇到难题习惯于等上级安排。二是服务企业不够主动，优化营商环境的措施落得不实。
（三）工作作风方面。一是调研不深入，全年下基层只有6次。二是对班子成员开展批评时碍于情面，红脸出汗不够。
三、原因剖析
（一）理想信念有所松懈。放松了世界观改造。
（二）宗旨意识有所淡化。对群众的感情不够深。
四、个人有关事项
本人无应报告而未报告的事项。
五、整改措施
（一）坚定理想信念。每月精读一本原著。
（二）强化担当作为。每季度走访一次企业。
以上，请同志们批评指正。
"""
"""A draft as a writer would paste it (our own text): three aspects of problems, six points."""


def test_every_link_from_a_draft_finds_how_the_samples_wrote_it(checker):
    """例句 links searched the first characters of the writer's own sentence and mostly found nothing.
    Each point now links to a phrase of it the library holds, or to its aspect's passages of its part,
    or to the part side by side: following each one finds something."""
    page, _, _, _ = checker
    box = page.locator("[data-rk-checker-text]")
    box.fill(REALISTIC)
    page.wait_for_function(
        "() => document.querySelector('[data-rk-checker-result]').dataset.state === 'done'"
        " && document.querySelector('[data-rk-checker-result] h3').textContent.includes('某某同志2024')",
        timeout=30_000,
        polling=100,
    )
    points = page.locator(".rk-checker__outline li[data-anchor*='-p']")
    assert points.count() == 6
    links = [point.locator("a.rk-checker__link").get_attribute("href") for point in points.all()]
    assert all(links) and any("kw=" in link for link in links)
    visit = page.context.new_page()
    for link in links:
        visit.goto(link)
        if "kw=" in link:
            visit.wait_for_function("document.querySelector('[data-rk-results]').dataset.complete === 'true'", timeout=20_000)
            assert int(visit.locator("[data-hit-count]").inner_text()) > 0, link
        elif "/aspects/" in link:
            role = link.split("#", 1)[1]
            entries = visit.locator(f"h2#{role} + ul.rk-entries li, h2#{role} + .rk-entries li")
            assert entries.count() > 0, link
        else:
            assert visit.locator(".rk-card").count() > 0, link
    visit.close()
    # A finding's place is a path (二、（一）一是); a click shows that node in the outline.
    place = page.locator("[data-rk-checker-goto]").first
    anchor = place.get_attribute("data-rk-checker-goto")
    page.evaluate("window.scrollTo(0, 0)")
    place.click()
    node = page.locator(f'.rk-checker__outline [data-anchor="{anchor}"]')
    page.wait_for_function(
        "a => { const n = document.querySelector(`.rk-checker__outline [data-anchor='${a}']`);"
        " const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=anchor,
    )
    assert "rk-checker__shown" in node.get_attribute("class")


KEPT = "caches.open('rk-checker-snapshots').then(c => c.keys()).then(k => k.length === 2)"


def test_a_second_visit_starts_from_what_the_first_kept(checker, tmp_path):
    page, base, _, problems = checker
    page.wait_for_function(KEPT, timeout=60_000, polling=100)  # the interpreter and the compiled modules
    again = page.context.new_page()
    again.on("pageerror", lambda e: problems.append(str(e)))
    again.goto(base + "check/index.html")
    again.wait_for_function(READY, timeout=60_000, polling=100)
    draft = word_draft(tmp_path / "初稿.docx")
    again.locator("[data-rk-checker-file]").set_input_files(str(draft))
    again.wait_for_function(DONE, timeout=30_000, polling=100)
    same_data(again.evaluate("document.querySelector('[data-rk-checker-result]').checked.reports[0]"), cli_json(draft))
    again.close()
    assert problems == []


def test_kept_compiled_modules_never_run_stale(tmp_path, monkeypatch):
    from reportkb import draft

    folder = tmp_path / "bundle"
    (folder / "kept_mod").mkdir(parents=True)
    (folder / "kept_mod" / "__init__.py").write_text("WORD = 'old'\n")
    zipped = draft.compiled(str(folder))
    names = zipfile.ZipFile(io.BytesIO(zipped)).namelist()
    assert names == [f"kept_mod/__pycache__/__init__.{sys.implementation.cache_tag}.pyc"]
    fresh = tmp_path / "next-visit"
    (fresh / "kept_mod").mkdir(parents=True)
    (fresh / "kept_mod" / "__init__.py").write_text("WORD = 'new'\n")  # same size, source changed since
    zipfile.ZipFile(io.BytesIO(zipped)).extractall(fresh)
    monkeypatch.syspath_prepend(str(fresh))
    monkeypatch.delitem(sys.modules, "kept_mod", raising=False)
    assert importlib.import_module("kept_mod").WORD == "new"


DROPPED = """() => {
  const data = new DataTransfer();
  data.items.add(new File(["草稿"], "初稿.txt", {type: "text/plain"}));
  const drop = new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true});
  document.querySelector("[data-rk-checker-drop]").dispatchEvent(drop);
  return drop.defaultPrevented;
}"""
"""Drop a file on the drop zone; was it kept from the browser (which would otherwise open it)?"""


def test_from_a_folder_the_page_tells_a_writer_what_to_do(browser, checker_site):
    url = (checker_site / "check" / "index.html").as_uri()
    with watched_page(browser, "file://") as (page, problems):
        page.goto(url)
        page.wait_for_function("document.querySelector('[data-rk-checker]').dataset.state === 'off'")
        status = page.locator("[data-rk-checker-status]").inner_text()
        assert "内网" in status and "\n" not in status
        assert not any(word in status for word in ("reportkb", "make", ".venv", "命令"))  # no shell for a writer
        assert page.locator("[data-rk-checker-file]").is_disabled()
        assert page.locator("[data-rk-checker-text]").is_disabled()
        assert page.evaluate(DROPPED) and page.url == url  # a dropped file is not opened by the browser
    assert problems == []


@pytest.mark.parametrize("what", ["no module workers", "no DecompressionStream"])
def test_an_old_browser_is_told_so_in_one_line(browser, checker_site, serve, what):
    """A browser without module workers (写作自查) or DecompressionStream (例句检索) says it is too old,
    instead of "正在准备检查程序……" or "检索数据加载中" for ever."""
    base = serve(checker_site)
    context = browser.new_context()
    if what == "no module workers":  # an old Worker never reads `type`: it starts a classic worker
        context.add_init_script("const W = window.Worker; window.Worker = function (url) { return new W(url); };")
    else:
        context.add_init_script("delete window.DecompressionStream;")
    try:
        page = context.new_page()
        if what == "no module workers":
            page.goto(base + "check/index.html")
            page.wait_for_function("document.querySelector('[data-rk-checker]').dataset.state === 'off'", timeout=10_000)
            status = page.locator("[data-rk-checker-status]").inner_text()
        else:
            page.goto(base + "phrases/index.html?kw=" + "红脸出汗")
            page.wait_for_function("document.querySelector('[data-rk-status]').textContent.includes('太旧')", timeout=10_000)
            status = page.locator("[data-rk-status]").inner_text()
        assert "浏览器版本太旧" in status and "\n" not in status
    finally:
        context.close()


def test_a_draft_chosen_before_the_checker_is_ready_is_received_and_checked(browser, checker_site, serve, tmp_path):
    base = serve(checker_site)
    context = browser.new_context()  # a first visit: nothing kept, the runtime takes seconds to start
    try:
        page = context.new_page()
        page.goto(base + "check/index.html")
        bar = page.locator("[data-rk-checker-progress]")
        first = bar.evaluate("b => b.value")
        page.locator("[data-rk-checker-file]").set_input_files(str(word_draft(tmp_path / "初稿.docx")))
        page.wait_for_function("document.querySelector('[data-rk-checker-status]').textContent.includes('已收到《初稿.docx》')")
        assert page.locator("[data-rk-checker]").get_attribute("data-state") == "loading"
        page.wait_for_timeout(600)
        assert bar.evaluate("b => b.value") > first > 0  # it moves from the start
        page.wait_for_function(DONE, timeout=60_000, polling=100)
        assert "缺少「原因剖析」部分" in page.locator("[data-rk-checker-result]").inner_text()
    finally:
        context.close()


def test_without_the_runtime_the_page_says_how_to_get_it(browser, checker_site, serve):
    base = serve(checker_site)
    context = browser.new_context()
    try:
        context.route("**/check/pyodide/**", lambda route: route.fulfill(status=404, body="not here"))
        page = context.new_page()
        page.goto(base + "check/index.html")
        page.wait_for_function("document.querySelector('[data-rk-checker]').dataset.state === 'failed'", timeout=30_000)
        status = page.locator("[data-rk-checker-status]").inner_text()
        assert "维护样例库的同事" in status and "make" not in status
    finally:
        context.close()
