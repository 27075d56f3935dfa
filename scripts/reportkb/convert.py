"""One report file through the stages: source → clean → outline → annotate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import annotate, clean, outline, source
from .errors import ReportError
from .model import Notice, Report
from .vocab import Vocab


@dataclass(frozen=True)
class Conversion:
    """A report's document model and the cleaned paragraphs it was built from."""

    report: Report
    """The annotated document model."""
    paragraphs: tuple[clean.Paragraph, ...]
    """The cleaned text, paragraph by paragraph (what a Word copy is laid out from)."""


def convert(path: Path, vocab: Vocab) -> Report:
    """The annotated document model of one report file."""
    return convert_source(source.read(path), vocab).report


def convert_source(src: source.Source, vocab: Vocab) -> Conversion:
    """A report read by the source stage through cleaning, outline and annotation."""
    path = src.path
    cleaned = clean.clean(src.text, vocab.watermarks, src.first_line, src.wrapped)
    if not cleaned.paragraphs:
        raise ReportError(path, "清理后没有任何正文")
    tree = outline.parse(cleaned.paragraphs, src.hints)
    if not (tree.preamble or tree.sections or tree.closing):
        raise ReportError(path, "只有标题，没有正文", cleaned.paragraphs[0].line)
    title, meta, sections = annotate.annotate(tree, src.front_matter, vocab, path)
    warnings = tree.warnings
    if not tree.title_line and not src.front_matter.get("title"):
        warnings = (
            Notice(f"第一行不像标题，暂用文件名「{path.stem}」作标题；可在前置元数据中写 title", src.first_line, "title"),
            *warnings,
        )
    report = Report(
        slug=source.slug_for(path),
        title=title,
        meta=meta,
        title_line=tree.title_line,
        preamble=tree.preamble,
        sections=sections,
        closing=tree.closing,
        source_path=str(path),
        encoding=src.encoding,
        warnings=warnings,
        changes=tuple(sorted(src.changes + cleaned.changes, key=lambda c: c.line)),
    )
    return Conversion(report, cleaned.paragraphs)
