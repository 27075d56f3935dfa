"""One report through the stages, in order: source → clean → outline → annotate → check.

This is the one place that knows the order of the stages for a report. Everything that reads a
report goes through it: the build (which then renders the corpus), `reportkb outline|check`, the
skeletons, the synthetic corpus, and 写作自查 in the browser (which imports only this much).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import annotate, check, clean, docx_write, outline, source, vocab
from .errors import ReportError
from .model import Report


@dataclass(frozen=True)
class Conversion:
    """A report through every stage that reads it: model, findings, and the paragraphs it was built from."""

    report: Report
    """The annotated document model."""
    review: check.Review
    """Its findings and aspect chain."""
    paragraphs: tuple[clean.Paragraph, ...]
    """The cleaned text, paragraph by paragraph (what a Word copy is laid out from)."""


def convert_source(src: source.Source, voc: vocab.Vocab) -> Conversion:
    """A report read by the source stage through the other stages, in order: clean → outline → annotate → check."""
    cleaned = clean.clean(src.text, voc, src.first_line, src.wrapped)
    if not cleaned.paragraphs:
        raise ReportError(src.path, "清理后没有任何正文")
    tree = outline.parse(cleaned.paragraphs, voc.genre, src.hints, cleaned.traditional)
    if not (tree.preamble or tree.sections or tree.closing):
        raise ReportError(src.path, "只有标题，没有正文", cleaned.paragraphs[0].line)
    report = annotate.annotate(tree, src, cleaned, voc)
    return Conversion(report, check.review(report, voc), cleaned.paragraphs)


def convert(path: Path, voc: vocab.Vocab) -> tuple[Conversion, ...]:
    """One report file through every stage: a conversion per report it holds (a collection holds several)."""
    src = source.read(path)
    parts = source.split(src, voc.furniture.report_marker) if voc.furniture.report_marker else (src,)
    return tuple(convert_source(part, voc) for part in parts)


def word_copy(conversion: Conversion) -> bytes:
    """The Word copy of a converted report."""
    return docx_write.report_docx(conversion.report, conversion.paragraphs)
