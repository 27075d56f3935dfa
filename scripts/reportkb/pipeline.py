"""One report through the stages, in order: source → clean → outline → annotate → check.

This is the one place that knows the order of the stages for a report. Everything that reads a
report goes through it: the build (which then renders the corpus), `reportkb outline|check`, the
skeletons, the synthetic corpus, and 写作自查 in the browser (which imports only this much).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import annotate, check, clean, outline, source, vocab
from .errors import ReportError
from .model import Report


@dataclass(frozen=True)
class Conversion:
    """A report through every stage that reads it: the model and its findings."""

    report: Report
    """The annotated document model (which also gives back the paragraphs it was built from)."""
    review: check.Review
    """Its findings and aspect chain."""


def convert(src: source.Source, voc: vocab.Vocab) -> Conversion:
    """A report read by the source stage through the other stages, in order: clean → outline → annotate → check."""
    cleaned = clean.clean(src.text, voc, src.first_line, src.wrapped, src.hints)
    if not cleaned.paragraphs and not cleaned.title:
        raise ReportError(src.path, "清理后没有任何正文")
    try:
        tree = outline.parse(cleaned, voc.genre)
    except outline.TooManyNodes:
        message = f"有 {outline.NODES_MAX} 个以上的编号标题和要点（一篇对照检查材料通常一两百个），不像一篇材料：请确认放对了文件"
        raise ReportError(src.path, message) from None
    if not (tree.preamble or tree.sections or tree.closing):
        line = cleaned.title.line if cleaned.title else None
        raise ReportError(src.path, "只有标题，没有正文", line, src.unit)
    report = annotate.annotate(tree, src, cleaned, voc)
    return Conversion(report, check.review(report, voc))


def convert_file(path: Path, voc: vocab.Vocab) -> tuple[Conversion, ...]:
    """One report file through every stage: a conversion per report it holds (a collection holds several)."""
    src = source.read(path)
    parts = source.split(src, voc.furniture.report_markers)
    return tuple(convert(part, voc) for part in parts)
