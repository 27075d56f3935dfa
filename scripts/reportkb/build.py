"""The whole build: every report file through the stages, then the pages written to disk.

`build()` is the only place that knows the order of the stages; only the final write touches disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import clean, render, source, vocab
from .convert import convert
from .errors import ReportError
from .model import Report

OUT_SUBDIR = "reports"
"""Folder under docs/ that the build owns; everything in it is generated."""


@dataclass(frozen=True)
class BuildResult:
    """What a build read, skipped and wrote."""

    reports: tuple[Report, ...]
    """Reports converted, in file order."""
    skipped: tuple[ReportError, ...]
    """Files that could not be used (only with keep_going)."""
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


def convert_all(paths: Sequence[Path], voc: vocab.Vocab, keep_going: bool) -> tuple[list[Report], list[ReportError]]:
    """Reports of the files, and the errors of those skipped (the first error raises unless keep_going)."""
    reports, skipped = [], []
    slugs: dict[str, Path] = {}
    for path in paths:
        try:
            report = convert(path, voc)
            if report.slug in slugs:
                raise ReportError(path, f"页面名 {report.slug} 与 {slugs[report.slug]} 相同，请改一个文件名")
        except ReportError as exc:
            if not keep_going:
                raise
            skipped.append(exc)
            continue
        slugs[report.slug] = path
        reports.append(report)
    return reports, skipped


def pages(reports: Sequence[Report], voc: vocab.Vocab) -> dict[str, str]:
    """Generated pages by file name."""
    out = {f"{r.slug}.md": render.render_report(r, voc) for r in reports}
    out["index.md"] = render.render_index(reports)
    return out


def write_pages(out_dir: Path, content: dict[str, str]) -> tuple[list[Path], list[Path], int]:
    """Write pages whose content changed, remove stale ones; (written, removed, unchanged)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], 0
    for name, text in content.items():
        path = out_dir / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            unchanged += 1
            continue
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    removed = [p for p in out_dir.glob("*.md") if p.name not in content]
    for path in removed:
        path.unlink()
    return written, removed, unchanged


def build(reports_dir: Path, docs_dir: Path, vocab_dir: Path, keep_going: bool = False) -> BuildResult:
    """Convert every report and write the generated pages under `docs_dir/reports`."""
    out_dir = docs_dir / OUT_SUBDIR
    if out_dir.resolve().is_relative_to(reports_dir.resolve()):
        raise ReportError(out_dir, "生成的页面不能写进样例文件夹")
    voc = vocab.load(vocab_dir)
    reports, skipped = convert_all(report_files(reports_dir), voc, keep_going)
    written, removed, unchanged = write_pages(out_dir, pages(reports, voc))
    return BuildResult(tuple(reports), tuple(skipped), tuple(written), tuple(removed), unchanged)


def describe(report: Report) -> list[str]:
    """What the build says about one report: size, encoding, what was cleaned, what to look at."""
    points = sum(s.count_points() for s in report.sections)
    lines = [f"{report.source_path}：{len(report.sections)} 个部分，{points} 条要点（{report.encoding}）"]
    cleaned = clean.summarize(report.changes)
    if cleaned:
        lines.append(f"  清理：{cleaned}")
    lines.extend(f"  提示：第 {w.line} 行：{w.message}" if w.line else f"  提示：{w.message}" for w in report.warnings)
    return lines
