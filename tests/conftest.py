"""Shared fixtures: the vocabulary, built sites, and a headless Chromium when there is one."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from reportkb import runtime, vocab
from reportkb.build import copy_site

# Property tests: 100 examples by default; `pytest --hypothesis-profile=deep` tries 5,000.
# The default profile (make test, CI) draws the same examples on every run, so that a test passes or
# fails for the code, not for the draw; the deep one draws new ones each time, to look for more.
settings.register_profile(
    "default", max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("deep", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
CHROMIUM = os.environ.get("REPORTKB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_REQUIRED = os.environ.get("REPORTKB_REQUIRE_BROWSER") == "1"
LIBREOFFICE = os.environ.get("REPORTKB_LIBREOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
LIBREOFFICE_REQUIRED = os.environ.get("REPORTKB_REQUIRE_LIBREOFFICE") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden outline snapshots")


def pytest_report_header(config):
    lines = [f"browser tests: {CHROMIUM}" if CHROMIUM else "browser tests: SKIPPED — no Chromium found"]
    lines.append(f"LibreOffice checks: {LIBREOFFICE}" if LIBREOFFICE else "LibreOffice checks: SKIPPED — none found")
    if not (CHROMIUM and LIBREOFFICE):
        lines.append("  (apt-get install chromium fonts-noto-cjk libreoffice-writer-nogui)")
    return lines


@pytest.fixture(scope="session")
def voc() -> vocab.Vocab:
    return vocab.load(ROOT / "vocab")


def make_project(tmp: Path, reports: dict[str, str | bytes] | None = None) -> Path:
    """A copy of the project's site sources in `tmp`, with the given reports (default: the real ones),
    sharing the project's download cache of the checker's runtime (a link, not a copy)."""
    copy_site(ROOT, tmp)
    (tmp / "build").mkdir(exist_ok=True)
    (tmp / "build" / "pyodide").symlink_to(runtime.CACHE, target_is_directory=True)
    if reports is None:
        shutil.copytree(REPORTS, tmp / "reports")
    else:
        (tmp / "reports").mkdir()
        for name, content in reports.items():
            target = tmp / "reports" / name
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp


def mkdocs_build(project: Path, *options: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a project folder (with `--dirty`, as `make site` runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *options], cwd=project, capture_output=True, text=True, check=False
    )


HOSTILE = """恶意<img src=x onerror="window.__pwned=3">字符&amp;测试材料

现将有关情况报告如下：<script>window.__pwned = 1</script>
一、存在的主要问题<b onmouseover="window.__pwned=4">粗</b>
（一）在<img src=x onerror="window.__pwned=2">方面。一是*重点*不突出，`x` 与 {#id}
和 {{ config.site_name }} 原样显示。二是[a](b) 不是链接。
# 不是标题
以上对照检查，请各位同志批评指正。
"""
"""A report whose text would run as script or markup if it were not escaped."""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from the HOSTILE report; returns site/."""
    project = make_project(tmp_path_factory.mktemp("hostile"), {"hostile.txt": HOSTILE})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def pyodide() -> Path:
    """The checker's Python runtime, downloaded into the project's cache as `make site` does (once)."""
    try:
        return runtime.fetch()
    except (OSError, ValueError) as error:
        if BROWSER_REQUIRED:
            pytest.fail(f"the checker's runtime could not be downloaded: {error}")
        pytest.skip(f"no Pyodide (python -m reportkb.runtime): {error}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real corpus built with `mkdocs build --strict`; returns site/."""
    project = make_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on 127.0.0.1 (one server per folder); returns a function folder → base URL."""
    servers: dict[Path, http.server.ThreadingHTTPServer] = {}

    def start(folder: Path) -> str:
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            servers[folder] = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=servers[folder].serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return f"http://127.0.0.1:{servers[folder].server_address[1]}/"

    yield start
    for server in servers.values():
        server.shutdown()


def with_extra(project: Path, extra: str) -> Path:
    """The project's mkdocs.yml with YAML lines added under `extra:`, e.g. `reportkb: {shard_chars: 6000}`."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("extra:\n", f"extra:\n  {extra}\n", 1), "utf-8")
    return project


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright; skipped (or failed, in CI) when there is none."""
    if not CHROMIUM:
        if BROWSER_REQUIRED:
            pytest.fail("REPORTKB_REQUIRE_BROWSER=1 but no Chromium found")
        pytest.skip("no Chromium: browser tests skipped (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """LibreOffice in headless mode: convert(files, format, out_dir); skipped (or failed, in CI) when there is none."""
    if not LIBREOFFICE:
        if LIBREOFFICE_REQUIRED:
            pytest.fail("REPORTKB_REQUIRE_LIBREOFFICE=1 but no LibreOffice found")
        pytest.skip("no LibreOffice: Word export checks skipped (apt-get install libreoffice-writer-nogui)")
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(files, fmt: str, out_dir: Path) -> None:
        command = [LIBREOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt]
        subprocess.run([*command, "--outdir", str(out_dir), *map(str, files)], check=True, capture_output=True, timeout=600)

    return convert
