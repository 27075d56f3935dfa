"""The site in headless Chromium: click and read like a person, over HTTP and from file://."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def watched_page(browser, base: str):
    """A page that records console errors, page errors, dialogs and requests leaving `base`."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: None if r.url.startswith((base, "data:", "blob:")) else problems.append(f"outside request: {r.url}"),
    )
    try:
        yield page, problems
    finally:
        context.close()


def test_follow_links_to_a_point(browser, built_site, serve):
    base = serve(built_site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "index.html")
        page.get_by_role("link", name="样例", exact=True).first.click()
        page.get_by_role("link", name="领导干部优化营商环境民主生活会个人对照检查材料").click()
        assert page.url.endswith("reports/yingshang-leader-personal.html")
        page.locator("table").get_by_role("link", name="二、对照查摆存在的问题不足").click()
        assert page.url.endswith("#s2")
        heading = page.locator("h2#s2")
        assert heading.is_visible() and heading.get_attribute("data-role") == "存在问题"
        page.goto(base + "reports/yingshang-leader-personal.html#s2-1-p3")
        point = page.locator("#s2-1-p3")
        point.wait_for(state="visible")
        assert point.is_visible()
        assert point.inner_text().startswith("三是红脸出汗不够到位")
        below_header = "e => e.getBoundingClientRect().top >= document.querySelector('.md-header').getBoundingClientRect().bottom"
        assert point.evaluate(below_header)
        assert point.evaluate("e => e.getBoundingClientRect().top < innerHeight")
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_a_report_page_has_the_sites_frame_and_its_own_contents(browser, built_site, serve):
    base = serve(built_site)
    with watched_page(browser, base) as (page, problems):
        page.set_viewport_size({"width": 1400, "height": 900})
        page.goto(base + "reports/yingshang-leader-personal.html")
        assert page.title() == "领导干部优化营商环境民主生活会个人对照检查材料 - 对照检查材料样例库"
        contents = page.locator(".md-nav--secondary")
        assert contents.locator(".md-nav__link").first.inner_text() == "一、个人有关情况说明"
        contents.get_by_role("link", name="三、存在问题的原因分析", exact=True).click()
        assert page.url.endswith("#s3")
        page.mouse.wheel(0, 2500)
        page.wait_for_function("document.querySelector('.md-nav--secondary .md-nav__link--active')")
        page.get_by_role("link", name="例句检索", exact=True).first.click()
        assert page.url.endswith("phrases/index.html")
    assert problems == []


def test_placeholders_are_marked_and_kept(browser, built_site, serve):
    base = serve(built_site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "reports/shenpiju-2022-annual-personal.html#s1-2-p2")
        point = page.locator("#s1-2-p2")
        assert "均达到*%" in point.inner_text()
        assert point.locator(".rk-ph").first.inner_text() == "*"
    assert problems == []


def test_hostile_text_is_shown_not_run(browser, hostile_site, serve):
    base = serve(hostile_site)
    with watched_page(browser, base) as (page, problems):
        page.goto(base + "reports/hostile.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None
        text = page.locator("article").inner_text()
        assert page.title().startswith('恶意<img src=x onerror="window.__pwned=3">字符&amp;测试材料')
        page.locator("h2#s1").hover()
        assert page.evaluate("window.__pwned") is None
        for literal in (
            '恶意<img src=x onerror="window.__pwned=3">字符&amp;测试材料',
            '一、存在的主要问题<b onmouseover="window.__pwned=4">粗</b>',
            "<script>window.__pwned = 1</script>",
            '<img src=x onerror="window.__pwned=2">',
            "*重点*",
            "`x`",
            "{#id}",
            "{{ config.site_name }}",
            "[a](b)",
            "# 不是标题",
        ):
            assert literal in text, literal
        assert page.locator("article script, article img").count() == 0
    assert problems == []


def test_site_works_from_a_folder(browser, built_site):
    url = Path(built_site, "index.html").as_uri()
    with watched_page(browser, "file://") as (page, problems):
        page.goto(url)
        page.get_by_role("link", name="样例", exact=True).first.click()
        page.get_by_role("link", name="局党组2022年民主生活会对照检查材料").click()
        assert page.url.startswith("file://") and page.url.endswith("ju-dangzu-2022-team.html")
        page.locator("table").get_by_role("link", name="三、下步努力方向和整改措施").click()
        assert page.locator("h2#s3").is_visible()
        page.goto(url.replace("index.html", "reports/ju-dangzu-2022-team.html#s3-p5"))
        assert "守好清正廉洁" in page.locator("#s3-p5").inner_text()
    assert problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_report_page_fits_a_desktop_and_a_phone(browser, built_site, serve, width):
    """Nothing wider than the screen, the role badge shown beside its heading, the points readable."""
    base = serve(built_site)
    with watched_page(browser, base) as (page, problems):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "reports/yingshang-leader-personal.html#s2")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        heading = page.locator("h2#s2")
        assert heading.evaluate("e => getComputedStyle(e, '::after').content") == '"存在问题"'
        box = heading.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        point = page.locator("#s2-1-p3")
        size = point.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        article = page.locator("article").bounding_box()
        assert size >= 14 and point.bounding_box()["width"] >= article["width"] * 0.9
    assert problems == []


def test_download_a_sample_and_a_skeleton_as_word(browser, built_site, serve, tmp_path):
    from docx import Document

    base = serve(built_site)
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(base + "reports/xunshi-2021-district-head.html")
        with page.expect_download() as caught:
            page.get_by_role("link", name="下载 Word").click()
        download = caught.value
        title = page.locator("h1").inner_text().removesuffix("¶").strip()  # without the permalink
        assert download.suggested_filename == title + ".docx"
        download.save_as(tmp_path / "sample.docx")
        lines = Document(str(tmp_path / "sample.docx")).paragraphs[0].text.split("\n")  # the title, set over lines
        assert lines == ["2021年巡视反馈意见整改", "专题民主生活会个人对照检查材料"] and "".join(lines) == title

        page.get_by_role("link", name="结构", exact=True).first.click()
        with page.expect_download() as caught:
            page.get_by_role("link", name="年度民主生活会 · 个人").click()
        assert caught.value.suggested_filename == "年度民主生活会个人对照检查材料（骨架）.docx"
        caught.value.save_as(tmp_path / "skeleton.docx")
        texts = [p.text for p in Document(str(tmp_path / "skeleton.docx")).paragraphs]
        assert texts[0] == "××同志××××年度\n民主生活会个人对照检查材料" and "四、个人有关事项" in texts
    finally:
        context.close()
