"""MkDocs hook: convert reports/ into docs/reports/ before every build, so `mkdocs build`
and `mkdocs serve` always show the current corpus; after it, put the checker's Python runtime
(Pyodide, downloaded by the project's set-up) into site/.

`mkdocs build --dirty` (what `make site` runs) rebuilds only the pages whose source changed: the
conversion leaves unchanged generated files untouched, so adding one report to thousands costs
about one report. This hook keeps such a build exactly what a full build would make: when
anything else the pages are made from has changed since the last build (mkdocs.yml, the theme
overrides, the build code, the vocabularies, MkDocs or Material themselves), it empties site/
first so that every page is rebuilt; and it removes from site/ the pages of reports that are gone.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import material
import mkdocs
from mkdocs import utils
from mkdocs.exceptions import PluginError

from reportkb import build, runtime, search
from reportkb.errors import ReportError

log = logging.getLogger("mkdocs.hooks.reportkb")
_command = "build"
_dirty = False
_sources = ""
"""The fingerprint of SITE_SOURCES, taken when the build starts and recorded when it ends well."""

SITE_SOURCES = ("mkdocs.yml", "overrides", "scripts", "vocab")
"""What, besides the docs, every page is made from: a change to any of them rebuilds the whole site."""
SOURCES_STAMP = "site-sources.sha256"
"""Where (in the project's build folder) the fingerprint of SITE_SOURCES of the last site build is
kept: only after a build that ended without a warning (else the next --dirty build rebuilds all)."""
DIRTY_WARNING = "A 'dirty' build is being performed"
"""The start of MkDocs' warning about --dirty, which this hook makes unnecessary (and which --strict would fail on)."""
STALE_NOTICE = "The directory contains stale files"
"""The start of MkDocs' note about files left from earlier builds, which this hook removes."""


class _Warnings(logging.Handler):
    """Counts the build's warnings: a site built with warnings is not trusted by the next --dirty build
    (its pages would not be rebuilt, so their warnings would not be seen again)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _Warnings()


class _KnownDirty(logging.Filter):
    """Drops MkDocs' messages about --dirty that this hook takes care of."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith((DIRTY_WARNING, STALE_NOTICE))


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (keep going past a broken report) or build (stop on it), and whether dirty."""
    global _command, _dirty
    _command, _dirty = command, dirty
    logging.getLogger("mkdocs").addHandler(_warnings)
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_KnownDirty())


def on_config(config):
    """Tell every page where the search data is (overrides/main.html writes it for the scripts)."""
    config.extra["reportkb_search"] = search.page_config()
    return config


def sources_fingerprint(root: Path) -> str:
    """Hash of what every page is made from besides the docs, and of MkDocs' and Material's versions."""
    digest = hashlib.sha256(f"{mkdocs.__version__} {material.__version__}".encode())
    for name in SITE_SOURCES:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def on_pre_build(config) -> None:
    """Regenerate the corpus pages; a bad report or vocabulary fails `mkdocs build` with its file and line.
    The log has a progress line, the reports' notices and a summary; each report's own lines with `-v`.

    `extra: {reportkb: {shard_chars: N, index_chars: M}}` in mkdocs.yml sets the sizes of the search
    data's files (tests use it).
    """
    root = Path(config.config_file_path).parent
    options = (config.extra or {}).get("reportkb") or {}
    try:
        with ProcessPoolExecutor(max_workers=1) as child:  # its memory is given back before the pages are rendered
            said = child.submit(
                build.logged,
                root / "reports",
                Path(config.docs_dir),
                root / "vocab",
                keep_going=_command == "serve",
                cache_dir=root / "build" / "cache",
                sizes=search.FileSizes(**{k: int(v) for k, v in options.items() if k in ("shard_chars", "index_chars")}),
            ).result()
    except ReportError as error:
        raise PluginError("样例或词表有误：\n" + "\n".join(error.lines())) from None
    for line in said.detail:
        log.debug(line)  # `mkdocs build -v`
    for line in (*said.notices, *said.summary):
        log.info(line)
    for line in said.skipped:
        log.warning(f"已跳过：{line}")
    global _sources
    _sources = sources_fingerprint(root)
    stamp = root / "build" / SOURCES_STAMP
    trusted = stamp.is_file() and stamp.read_text() == _sources
    stamp.unlink(missing_ok=True)  # written again only when this build ends without a warning
    if _dirty and not trusted:
        log.info("站点的模板、配置、词表或构建程序有改动（或上次构建没有完成、有警告）：重建全部页面")
        utils.clean_directory(config.site_dir)


def stale_site_files(docs_dir: Path, site_dir: Path) -> list[Path]:
    """Files in site/'s generated folders whose source in docs/ is gone (a report removed since)."""
    out = []
    for folder in build.GENERATED_DIRS:
        for path in sorted((site_dir / folder).rglob("*")) if (site_dir / folder).is_dir() else []:
            name = path.relative_to(site_dir)
            if not path.is_file() or name.is_relative_to(runtime.SITE_FOLDER):
                continue
            if not (docs_dir / name).is_file() and not (docs_dir / name).with_suffix(".md").is_file():
                out.append(path)
    return out


def on_post_build(config) -> None:
    """Remove the pages of reports that are gone (after --dirty); copy Pyodide into site/check/pyodide/
    (without it the 写作自查 page says how to get it); note what the site was built from."""
    root, site = Path(config.config_file_path).parent, Path(config.site_dir)
    if _dirty:
        for path in stale_site_files(Path(config.docs_dir), site):
            path.unlink()
    if not runtime.available():
        log.info(f"写作自查页的浏览器检查需要 Pyodide {runtime.VERSION}：make site 会下载（或 python -m reportkb.runtime）")
    else:
        target = site / runtime.SITE_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for name in runtime.FILES:
            source, copy = runtime.runtime_dir() / name, target / name
            if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
                shutil.copyfile(source, copy)
    if _command == "build" and not _warnings.count:
        (root / "build").mkdir(exist_ok=True)
        (root / "build" / SOURCES_STAMP).write_text(_sources)
