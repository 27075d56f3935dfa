"""One report file through the stages: source → clean → outline → annotate."""

from __future__ import annotations

from pathlib import Path

from . import annotate, clean, outline, source
from .errors import ReportError
from .model import Notice, Report
from .vocab import Vocab


def convert(path: Path, vocab: Vocab) -> Report:
    """The annotated document model of one report file."""
    src = source.read(path)
    cleaned = clean.clean(src.text, vocab.watermarks, src.first_line)
    if not cleaned.paragraphs:
        raise ReportError(path, "清理后没有任何正文")
    tree = outline.parse(cleaned.paragraphs)
    if not (tree.preamble or tree.sections or tree.closing):
        raise ReportError(path, "只有标题，没有正文", cleaned.paragraphs[0].line)
    title, meta, sections = annotate.annotate(tree, src.front_matter, vocab, path)
    warnings = tree.warnings
    if not tree.title_line and not src.front_matter.get("title"):
        warnings = (
            Notice(f"第一行不像标题，暂用文件名「{path.stem}」作标题；可在前置元数据中写 title", src.first_line, "title"),
            *warnings,
        )
    return Report(
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
        changes=cleaned.changes,
    )
