"""MkDocs hook: convert reports/ into docs/reports/ before every build, so `mkdocs build`
and `mkdocs serve` always show the current corpus; after it, put the checker's Python runtime
(Pyodide, downloaded by the project's set-up) into site/."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from reportkb import build, runtime, search
from reportkb.errors import ReportError

log = logging.getLogger("mkdocs.hooks.reportkb")
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (keep going past a broken report) or build (stop on it)."""
    global _command
    _command = command


def on_config(config):
    """Tell every page where the search data is (overrides/main.html writes it for the scripts)."""
    config.extra["reportkb_search"] = search.page_config()
    return config


def on_pre_build(config) -> None:
    """Regenerate the corpus pages; a bad report or vocabulary fails `mkdocs build` with its file and line.
    The log has a progress line, the reports' notices and a summary; each report's own lines with `-v`.

    `extra: {reportkb: {shard_chars: N, index_chars: M}}` in mkdocs.yml sets the sizes of the search
    data's files (tests use it).
    """
    root = Path(config.config_file_path).parent
    options = (config.extra or {}).get("reportkb") or {}
    try:
        result = build.build(
            root / "reports",
            Path(config.docs_dir),
            root / "vocab",
            keep_going=_command == "serve",
            cache_dir=root / "build" / "cache",
            sizes=search.FileSizes(**{k: int(v) for k, v in options.items() if k in ("shard_chars", "index_chars")}),
            progress=build.progress_line(),
        )
    except ReportError as error:
        raise PluginError("样例或词表有误：\n" + "\n".join(error.lines())) from None
    for report in result.reports:
        for line in build.describe(report):
            log.debug(line)  # `mkdocs build -v`
        for line in build.notices(report):
            log.info(line)
    for line in build.summary(result):
        log.info(line)
    for error in result.skipped:
        log.warning(f"已跳过：{error}")


def on_post_build(config) -> None:
    """Copy Pyodide into site/check/pyodide/; without it the 写作自查 page says how to get it."""
    if not runtime.available():
        log.info(f"写作自查页的浏览器检查需要 Pyodide {runtime.VERSION}：make site 会下载（或 python -m reportkb.runtime）")
        return
    target = Path(config.site_dir) / runtime.SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in runtime.FILES:
        source, copy = runtime.runtime_dir() / name, target / name
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, copy)
