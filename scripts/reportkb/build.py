"""The whole build: every report file through the stages, then the pages written to disk.

`build()` is the only place that knows the order of the stages; only the final write touches disk.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import check, clean, indexes, render, search, source, vocab
from .convert import convert
from .errors import ReportError
from .model import Report

GENERATED_DIRS = ("reports", "check", "themes", "aspects", "structure", "compare", "glossary")
"""Folders under docs/ that the build owns; everything in them is generated."""
CACHE_FILE = "reports.pickle"
"""Conversions kept between builds, in the cache folder."""
PARALLEL_MIN = 64
"""Convert in worker processes from this many files on."""
MAX_WORKERS = 4
"""Most worker processes."""


@dataclass(frozen=True)
class Converted:
    """A report file after conversion: what it was, what it gave."""

    digest: str
    """Hash of the file's bytes."""
    report: Report
    """The document model."""
    review: check.Review
    """Its findings and aspect chain."""
    page: str
    """Its rendered Markdown page."""


@dataclass(frozen=True)
class BuildResult:
    """What a build read, skipped and wrote."""

    reports: tuple[Report, ...]
    """Reports converted, in file order."""
    skipped: tuple[ReportError, ...]
    """Files that could not be used (only with keep_going)."""
    converted: int
    """Files converted in this build; the others came from the cache."""
    written: tuple[Path, ...]
    """Pages whose content changed."""
    removed: tuple[Path, ...]
    """Generated pages whose report is gone."""
    unchanged: int
    """Pages left untouched because their content was the same."""


def report_files(reports_dir: Path) -> list[Path]:
    """Report files in a folder, sorted; hidden files are ignored."""
    if not reports_dir.is_dir():
        raise ReportError(reports_dir, "找不到样例文件夹")
    return sorted(
        p for p in reports_dir.iterdir() if p.is_file() and p.suffix.lower() in source.SUFFIXES and not p.name.startswith(".")
    )


def digest(data: bytes) -> str:
    """Content hash of a file, for the conversion cache."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(vocab_dir: Path) -> str:
    """Hash of the code and vocabularies: when either changes, every report is converted anew."""
    files = sorted(Path(__file__).parent.glob("*.py")) + sorted(vocab_dir.glob("*.yml"))
    return digest(b"".join(f.name.encode() + f.read_bytes() for f in files))


def load_cache(cache_dir: Path | None, key: str) -> dict[str, Converted]:
    """Reports converted by an earlier build with the same code and vocabularies."""
    path = cache_dir / CACHE_FILE if cache_dir else None
    if not path or not path.is_file():
        return {}
    try:
        saved_key, entries = pickle.loads(path.read_bytes())
    except Exception:  # a cache from another version, or damaged: start afresh
        return {}
    return entries if saved_key == key else {}


def save_cache(cache_dir: Path | None, key: str, entries: dict[str, Converted]) -> None:
    """Keep this build's conversions for the next one."""
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{CACHE_FILE}.tmp"
        tmp.write_bytes(pickle.dumps((key, entries)))
        tmp.replace(cache_dir / CACHE_FILE)


def convert_one(path: Path, voc: vocab.Vocab) -> Converted | ReportError:
    """One file converted and rendered, or the error that stopped it."""
    data = path.read_bytes()
    try:
        report = convert(path, voc)
    except ReportError as error:
        return error
    review = check.review(report, voc)
    return Converted(digest(data), report, review, render.render_report(report, voc, review))


def convert_many(paths: Sequence[Path], voc: vocab.Vocab) -> list[Converted | ReportError]:
    """Convert files, in parallel on every core when there are many."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(paths) < PARALLEL_MIN or workers < 2:
        return [convert_one(p, voc) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(functools.partial(convert_one, voc=voc), paths, chunksize=16))


def convert_all(
    paths: Sequence[Path], voc: vocab.Vocab, keep_going: bool, cached: dict[str, Converted]
) -> tuple[dict[str, Converted], list[ReportError], int]:
    """Converted reports by path (cached ones reused), errors of those skipped, and how many were converted.

    The first error raises unless keep_going.
    """
    fresh = [p for p in paths if str(p) not in cached or cached[str(p)].digest != digest(p.read_bytes())]
    results = dict(zip(map(str, fresh), convert_many(fresh, voc), strict=True))
    done: dict[str, Converted] = {}
    skipped: list[ReportError] = []
    slugs: dict[str, Path] = {}
    for path in paths:
        result = results.get(str(path)) or cached[str(path)]
        if isinstance(result, Converted) and result.report.slug in slugs:
            result = ReportError(path, f"页面名 {result.report.slug} 与 {slugs[result.report.slug]} 相同，请改一个文件名")
        if isinstance(result, ReportError):
            if not keep_going:
                raise result
            skipped.append(result)
            continue
        slugs[result.report.slug] = path
        done[str(path)] = result
    return done, skipped, len(fresh)


def pages(converted: Sequence[Converted], voc: vocab.Vocab) -> dict[str, str]:
    """Generated files (report pages, search data, corpus pages) by path under docs/."""
    reports = [c.report for c in converted]
    out = {f"reports/{c.report.slug}.md": c.page for c in converted}
    out["reports/index.md"] = render.render_index(reports)
    out |= {f"reports/{name}": text for name, text in search.data_scripts(reports, voc).items()}
    reviewed = [(c.report, c.review) for c in converted]
    out["check/index.md"] = render.render_check_guide(reviewed, voc)
    out |= indexes.corpus_pages(reviewed, voc)
    return out


def write_pages(docs_dir: Path, content: dict[str, str]) -> tuple[list[Path], list[Path], int]:
    """Write files whose content changed, remove stale ones from the generated folders; (written, removed, unchanged)."""
    written, unchanged = [], 0
    for name, text in content.items():
        path = docs_dir / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
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
    reports_dir: Path, docs_dir: Path, vocab_dir: Path, keep_going: bool = False, cache_dir: Path | None = None
) -> BuildResult:
    """Convert every report (only new and changed ones, given a cache) and write the generated pages under `docs_dir`."""
    if docs_dir.resolve().is_relative_to(reports_dir.resolve()):
        raise ReportError(docs_dir, "生成的页面不能写进样例文件夹")
    voc = vocab.load(vocab_dir)
    key = fingerprint(vocab_dir)
    done, skipped, converted = convert_all(report_files(reports_dir), voc, keep_going, load_cache(cache_dir, key))
    written, removed, unchanged = write_pages(docs_dir, pages(list(done.values()), voc))
    save_cache(cache_dir, key, done)
    reports = tuple(c.report for c in done.values())
    return BuildResult(reports, tuple(skipped), converted, tuple(written), tuple(removed), unchanged)


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
    lines = [f"{report.source_path}：{len(report.sections)} 个部分，{points} 条要点（{report.encoding}）"]
    cleaned = clean.summarize(report.changes)
    if cleaned:
        lines.append(f"  清理：{cleaned}")
    lines.extend(f"  提示：第 {w.line} 行：{w.message}" if w.line else f"  提示：{w.message}" for w in report.warnings)
    return lines
