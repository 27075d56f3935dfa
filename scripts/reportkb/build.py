"""The whole build: every report file through the stages (`pipeline`), then the pages written to disk.

The order of the stages is written once: for one report in `pipeline.convert_source` (clean →
outline → annotate → check), for the corpus in `build` (every report through the pipeline, then
render, the corpus pages and the search data, then the write). Only the final write touches disk.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import check, clean, indexes, render, runtime, search, skeleton, source, vocab
from .errors import ReportError
from .model import Report
from .pipeline import convert, convert_source, word_copy

GENERATED_DIRS = ("reports", "check", "themes", "aspects", "structure", "compare", "glossary")
"""Folders under docs/ that the build owns; everything in them is generated."""
CACHE_FILE = "reports.pickle"
"""Conversions kept between builds, in the cache folder."""
PARALLEL_MIN = 64
"""Convert in worker processes from this many files on."""
MAX_WORKERS = 4
"""Most worker processes."""
PROGRESS_STEPS = 10
"""How many times a progress line is written when it cannot be rewritten in place (a log file)."""
PROGRESS_MIN = 100
"""Files to convert from which a build shows its progress (fewer take a second or two)."""

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""Told (files done, files to do) as conversion goes."""


@dataclass(frozen=True)
class Converted:
    """A report file after conversion: what it gave."""

    report: Report
    """The document model."""
    review: check.Review
    """Its findings and aspect chain."""
    page: str
    """Its rendered Markdown page."""
    docx: bytes
    """Its Word copy."""


@dataclass(frozen=True)
class Packed:
    """A conversion as it travels from a worker process and rests in the cache: pickled once, in the worker."""

    digest: str
    """Hash of the report file (and its sidecar) it was converted from."""
    blob: bytes
    """The pickled list of Converted (one per report the file holds)."""

    def unpack(self) -> list[Converted]:
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
    owners = {source.sidecar_for(p) for p in paths if p.suffix.lower() == ".docx"}
    return [
        ReportError(p, f"没有同名的 Word 文件（{p.stem}.docx）：元数据文件只用于 Word 样例，文本样例请写前置元数据")
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
        extra = sidecar.read_bytes() if path.suffix.lower() == ".docx" and sidecar.is_file() else b""
        return digest(path.read_bytes() + b"\0" + extra)
    except OSError:
        return ""


def fingerprint(vocab_dir: Path) -> str:
    """Hash of the code and vocabularies: when either changes, every report is converted anew."""
    files = sorted(Path(__file__).parent.glob("*.py")) + sorted(vocab_dir.glob("*.yml"))
    return digest(b"".join(f.name.encode() + f.read_bytes() for f in files))


def load_cache(cache_dir: Path | None, key: str) -> dict[str, Packed]:
    """Reports converted by an earlier build with the same code and vocabularies."""
    path = cache_dir / CACHE_FILE if cache_dir else None
    if not path or not path.is_file():
        return {}
    try:
        saved_key, entries = pickle.loads(path.read_bytes())
    except Exception:  # a cache from another version, or damaged: start afresh
        return {}
    return entries if saved_key == key else {}


def save_cache(cache_dir: Path | None, key: str, entries: dict[str, Packed]) -> None:
    """Keep this build's conversions for the next one."""
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{CACHE_FILE}.tmp"
        tmp.write_bytes(pickle.dumps((key, entries)))
        tmp.replace(cache_dir / CACHE_FILE)


def convert_one(path: Path, voc: vocab.Vocab) -> list[Converted] | ReportError:
    """One file converted and rendered (a report for each it holds), or the error that stopped it."""
    try:
        conversions = convert(path, voc)
    except ReportError as error:
        return error
    return [Converted(c.report, c.review, render.render_report(c.report, voc, c.review), word_copy(c)) for c in conversions]


def pack_one(path: Path, key: str, voc: vocab.Vocab) -> Packed | ReportError:
    """One file (whose hash is `key`) converted, pickled for the trip to the main process and the cache, or its error."""
    result = convert_one(path, voc)
    return result if isinstance(result, ReportError) else Packed(key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))


def convert_many(keys: dict[Path, str], voc: vocab.Vocab, progress: Progress | None = None) -> list[Packed | ReportError]:
    """Convert files (with their hashes), in parallel on every core when there are many."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    one = functools.partial(pack_one, voc=voc)
    if len(keys) < PARALLEL_MIN or workers < 2:
        return counted(map(one, keys, keys.values()), len(keys), progress)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return counted(pool.map(one, keys, keys.values(), chunksize=16), len(keys), progress)


def counted(results: Iterable[T], total: int, progress: Progress | None) -> list[T]:
    """The results as they come, progress told after each."""
    out = []
    for result in results:
        out.append(result)
        if progress:
            progress(len(out), total)
    return out


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


def convert_all(
    paths: Sequence[Path], voc: vocab.Vocab, keep_going: bool, cached: dict[str, Packed], progress: Progress | None = None
) -> tuple[dict[str, list[Converted]], dict[str, Packed], list[ReportError], int]:
    """Converted reports by path (cached ones reused) and the same packed for the cache,
    errors of those skipped, and how many were converted. The first error raises unless keep_going.
    """
    keys = {p: file_digest(p) for p in paths}
    fresh = {p: key for p, key in keys.items() if str(p) not in cached or cached[str(p)].digest != key}
    results = dict(zip(map(str, fresh), convert_many(fresh, voc, progress), strict=True))
    done: dict[str, list[Converted]] = {}
    packed: dict[str, Packed] = {}
    skipped: list[ReportError] = []
    slugs: dict[str, Path] = {}
    for path in paths:
        entry = results.get(str(path)) or cached[str(path)]
        result = entry.unpack() if isinstance(entry, Packed) else entry
        taken = next((c.report.slug for c in result if c.report.slug in slugs), None) if isinstance(result, list) else None
        if taken:
            result = ReportError(path, f"页面名 {taken} 与 {slugs[taken]} 相同，请改一个文件名")
        if isinstance(result, ReportError):
            if not keep_going:
                raise result
            skipped.append(result)
            continue
        slugs |= {c.report.slug: path for c in result}
        done[str(path)] = result
        packed[str(path)] = entry
    return done, packed, skipped, len(fresh)


def skeleton_files(voc: vocab.Vocab) -> dict[str, bytes]:
    """Every skeleton through the same stages as a report, as a .docx, by file name."""
    files = {}
    for kit in voc.skeletons.types:
        files[skeleton.file_name(kit)] = word_copy(convert_source(skeleton.skeleton_source(kit, voc), voc))
    return files


def pages(
    converted: Sequence[Converted], voc: vocab.Vocab, sizes: search.FileSizes = search.DEFAULT_SIZES
) -> dict[str, str | bytes]:
    """Generated files (report pages and Word copies, search data, corpus pages, skeletons) by path under docs/."""
    reports = [c.report for c in converted]
    out: dict[str, str | bytes] = {f"reports/{c.report.slug}.md": c.page for c in converted}
    out |= {f"reports/{c.report.slug}.docx": c.docx for c in converted}
    out |= {f"reports/{name}": text for name, text in search.data_scripts(reports, voc, sizes).items()}
    out |= indexes.corpus_pages([(c.report, c.review) for c in converted], voc)
    out |= {f"structure/{name}": data for name, data in skeleton_files(voc).items()}
    return out


def write_pages(docs_dir: Path, content: dict[str, str | bytes]) -> tuple[list[Path], list[Path], int]:
    """Write files whose content changed, remove stale ones from the generated folders; (written, removed, unchanged)."""
    written, unchanged = [], 0
    for name, text in content.items():
        path = docs_dir / name
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written.append(path)
    removed = [
        p
        for folder in GENERATED_DIRS
        if (docs_dir / folder).is_dir()
        for p in (docs_dir / folder).iterdir()
        if p.is_file() and not p.name.startswith(".") and p.relative_to(docs_dir).as_posix() not in content
    ]
    for path in removed:
        path.unlink()
    return written, removed, unchanged


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

    `sizes` are those of the search data's files (small in tests, so that a few reports span several);
    `progress` is told how conversion goes."""
    if docs_dir.resolve().is_relative_to(reports_dir.resolve()):
        raise ReportError(docs_dir, "生成的页面不能写进样例文件夹")
    voc = vocab.load(vocab_dir)
    key = fingerprint(vocab_dir)
    paths = report_files(reports_dir)
    strays = stray_sidecars(reports_dir, paths)
    if strays and not keep_going:
        raise strays[0]
    done, packed, skipped, converted = convert_all(paths, voc, keep_going, load_cache(cache_dir, key), progress)
    skipped = [*strays, *skipped]
    converted_all = [c for conversions in done.values() for c in conversions]
    content = pages(converted_all, voc, sizes) | {runtime.BUNDLE: runtime.bundle(vocab_dir)}
    written, removed, unchanged = write_pages(docs_dir, content)
    save_cache(cache_dir, key, packed)
    reports = tuple(c.report for c in converted_all)
    return BuildResult(reports, tuple(skipped), converted, len(paths) - converted, tuple(written), tuple(removed), unchanged)


SITE_SOURCES = ("mkdocs.yml", "vocab", "overrides", "scripts", "docs")
"""What a site is built from besides reports/."""


def copy_site(root: Path, dest: Path) -> None:
    """A copy of the site's sources (without its generated pages) in `dest`, to build another corpus with."""
    generated = shutil.ignore_patterns(*GENERATED_DIRS, "__pycache__")
    for name in SITE_SOURCES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=generated if name == "docs" else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)


def describe(report: Report) -> list[str]:
    """What the build says about one report: size, encoding, what was cleaned, what to look at."""
    points = sum(s.count_points() for s in report.sections)
    read_as = "Word 文件，行号即第几段" if report.encoding == source.WORD_ENCODING else report.encoding
    name = report.source_path
    if report.slug != source.slug_for(Path(name)):
        name += f" → {report.slug}"  # one report of a collection
    lines = [f"{name}：{len(report.sections)} 个部分，{points} 条要点（{read_as}）"]
    cleaned = clean.summarize(report.changes)
    if cleaned:
        lines.append(f"  清理：{cleaned}")
    lines.extend(f"  提示：第 {w.line} 行：{w.message}" if w.line else f"  提示：{w.message}" for w in report.warnings)
    return lines


def notices(report: Report) -> list[str]:
    """What to look at in one report (its 提示), each line naming the file: shown however quiet the build."""
    return [f"{report.source_path}：" + (f"第 {w.line} 行：" if w.line else "") + w.message for w in report.warnings]


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
    warned = sum(1 for r in result.reports if r.warnings)
    if warned:
        lines.append(f"有提示的样例 {warned} 篇（见上）")
    return lines
