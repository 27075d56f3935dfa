"""MkDocs hook: convert reports/ into docs/reports/ before every build, so `mkdocs build`
and `mkdocs serve` always show the current corpus; after it, put the checker's Python runtime
(Pyodide, downloaded by the project's set-up) into site/.

`mkdocs build --dirty` (what `make site` runs) rebuilds only the pages whose source changed: the
conversion leaves unchanged generated files untouched, so adding one report to thousands costs
about one report. This hook keeps such a build exactly what a full build would make: when
anything else the pages are made from has changed since the last build (mkdocs.yml, the theme
overrides, the build code, the vocabularies, MkDocs or Material themselves), it empties site/
first so that every page is rebuilt; and it removes from site/ the pages of reports that are gone.

Report pages do not go through Markdown and the theme one by one (at 10,000 reports that was three
quarters of a build): the build writes each as an HTML fragment, this hook renders the theme's page
once around slots (`reportkb.frame`) and writes every report's page into site/ itself, before MkDocs
copies the static files; MkDocs knows them as generated files, so links to them are checked.
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
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from reportkb import build, frame, layout, render, runtime, search, vocab
from reportkb.errors import ReportError
from reportkb.model import TITLE

log = logging.getLogger(f"{mkdocs.__name__}.hooks.reportkb")  # under the fork's own name (ProperDocs)
_command = "build"
_dirty = False
_sources = ""
"""The fingerprint of SITE_SOURCES, taken when the build starts and recorded when it ends well."""
_nav = None
"""The site's navigation, for the frame of the report pages."""
_fragments: list[tuple[Path, Path]] = []
"""Each report page's fragment in docs/ and where its page goes in site/."""
FRAME_PAGE = f"{layout.REPORT_PAGES}/rk-frame.md"
"""The page the frame is rendered for: not a file, but in the report pages' folder (so its links are theirs)."""


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
    logging.getLogger(mkdocs.__name__).addHandler(_warnings)  # (ProperDocs runs as `properdocs`, its loggers named so)
    if dirty:
        logging.getLogger(f"{mkdocs.__name__}.commands.build").addFilter(_KnownDirty())


def on_config(config):
    """Tell every page where the search data is and the roles' colours (overrides/main.html writes them)."""
    config.extra["reportkb_search"] = search.page_config()
    try:
        config.extra["reportkb_styles"] = render.role_styles(vocab.load(Path(config.config_file_path).parent / layout.VOCAB))
    except ReportError as error:
        raise PluginError("词表有误：\n" + "\n".join(error.lines())) from None
    return config


def sources_fingerprint(root: Path) -> str:
    """Hash of what every page is made from besides the docs (layout.SITE_SOURCES), and of the versions
    of the packages that shape a page (MkDocs, Material, Markdown, …: build.package_versions)."""
    digest = hashlib.sha256(f"{mkdocs.__version__} {material.__version__}".encode() + build.package_versions())
    for name in layout.SITE_SOURCES:
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
                root / layout.REPORTS,
                Path(config.docs_dir),
                root / layout.VOCAB,
                keep_going=_command == "serve",
                cache_dir=root / layout.CACHE,
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
    stamp = root / layout.SOURCES_STAMP
    trusted = stamp.is_file() and stamp.read_text() == _sources
    stamp.unlink(missing_ok=True)  # written again only when this build ends without a warning
    if _dirty and not trusted:
        log.info("站点的模板、配置、词表或构建程序有改动（或上次构建没有完成、有警告）：重建全部页面")
        utils.clean_directory(config.site_dir)


def on_files(files: Files, config) -> Files:
    """Report fragments become pages this hook writes into site/ (MkDocs neither renders nor copies them)."""
    global _fragments
    _fragments = []
    pages = [f for f in files if f.src_uri.startswith(f"{layout.REPORT_PAGES}/") and f.src_uri.endswith(layout.PAGE_SUFFIX)]
    for file in pages:
        files.remove(file)
        files.append(File.generated(config, file.src_uri, abs_src_path=file.abs_dest_path))  # MkDocs copies it onto itself
        _fragments.append((Path(file.abs_src_path), Path(file.abs_dest_path)))
    return files


def on_nav(nav, config, files):
    """Keep the navigation for the frame."""
    global _nav
    _nav = nav
    return nav


def rendered_frame(env, config, files: Files) -> frame.Frame:
    """The theme's page rendered once around the slots, as MkDocs renders a page (no plugin has page events here)."""
    page = Page(frame.SLOT_TITLE, File.generated(config, FRAME_PAGE, content=""), config)
    page.content = frame.SLOT_BODY
    slot = {"level": 2, "id": frame.SLOT_TOC, "name": "", "children": []}
    page.toc = get_toc([{"level": 1, "id": TITLE, "name": frame.SLOT_TITLE, "children": [slot]}])
    return frame.Frame.of(env.get_template("main.html").render(get_context(_nav, files, config, page)))


def on_env(env, config, files: Files):
    """Write the report pages into site/: each fragment in the frame; after --dirty only those whose
    fragment is newer (the frame itself did not change, or site/ was emptied: see on_pre_build)."""
    try:
        shell = rendered_frame(env, config, files)
        for fragment, page in _fragments:
            if _dirty and page.is_file() and page.stat().st_mtime >= fragment.stat().st_mtime:
                continue
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(shell.page(frame.Fragment.loads(fragment.read_text(encoding="utf-8"), fragment)), encoding="utf-8")
    except ReportError as error:
        raise PluginError("\n".join(error.lines())) from None
    return env


def stale_site_files(docs_dir: Path, site_dir: Path) -> list[Path]:
    """Files in site/'s generated folders whose source in docs/ is gone (a report removed since)."""
    out = []
    for folder in layout.GENERATED:
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
        (root / layout.SOURCES_STAMP).parent.mkdir(exist_ok=True)
        (root / layout.SOURCES_STAMP).write_text(_sources)
